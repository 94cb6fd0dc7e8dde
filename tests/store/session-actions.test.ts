// @vitest-environment node
import { installTestRuntime } from '../support/test-runtime.ts'
import { unbindRuntime } from '../../src/store/runtime-binding.ts'
import { createFrameLog } from '../../src/engine/frame-log.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../src/engine/frame.ts'
import { clearTimeline, connect, disconnect, forgetConnection, MAX_OPEN_CONNECTIONS, sendPayload } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection, getConnection, setPreferences } from '../../src/store/workspace-actions.ts'
import {
  closeAllServers,
  createNodeSocket,
  delay,
  startRefusingServer,
  startSilentServer,
  startWsServer,
  waitFor,
} from '../support/ws-server.ts'

let client!: InProcessClient
beforeEach(() => {
  client = installTestRuntime()
})
const logOf = (id: string) => client.runtime.log(id) ?? createFrameLog()


// A hand-cranked scheduler: store updates happen only when the test drains it, so batching is observable.
const pending: (() => void)[] = []
const drain = () => {
  for (const run of pending.splice(0)) run()
}

beforeEach(() => {
  client = installTestRuntime({ createSocket: createNodeSocket, schedule: (run) => void pending.push(run) })
})

afterEach(async () => {
  unbindRuntime()
  pending.length = 0
    await closeAllServers()
})

const runtime = (id: string) => selectRuntime(useSessionStore.getState(), id)
const frames = (id: string): Frame[] => logOf(id).toArray()
const kinds = (id: string) => frames(id).map((f) => (f.kind === 'message' ? `${f.direction}:${String(f.payload)}` : f.kind))

/** Drains the scheduler until the store shows `status`. */
const waitForStatus = (id: string, status: string, timeoutMs?: number) =>
  waitFor(
    () => {
      drain()
      return runtime(id).status === status
    },
    `status ${status} (now ${runtime(id).status})`,
    timeoutMs,
  )

describe('session actions: one connection through the store', () => {
  it('connects, sends, receives and disconnects, updating status, stats, revision and the frame log', async () => {
    const server = await startWsServer({ handleProtocols: (offered) => offered.values().next().value ?? false })
    const connection = addConnection({ name: 'Echo', url: server.url('/echo'), protocols: ['json.v1'] })
    expect(runtime(connection.id).status).toBe('idle')

    expect(await connect(connection.id)).toEqual({ ok: true })
    drain()
    expect(runtime(connection.id).status).toBe('connecting')
    await waitForStatus(connection.id, 'open')
    expect(runtime(connection.id).protocol).toBe('json.v1')

    const text = '{"type":"ping","note":"héllo"}'
    expect(await sendPayload(connection.id, text, 'json')).toEqual({ ok: true })
    await waitFor(
      () => {
        drain()
        return runtime(connection.id).stats.framesIn === 1
      },
      'the echo in the stats',
    )
    expect(runtime(connection.id).stats).toMatchObject({ framesIn: 1, framesOut: 1, bytesIn: 31, bytesOut: 31 })
    expect(runtime(connection.id).retained).toBe(4)
    expect(kinds(connection.id)).toEqual(['connecting', 'open', `out:${text}`, `in:${text}`])
    // Sent payloads are remembered for recall, with their mode.
    expect(getConnection(connection.id)?.history[0]).toMatchObject({ text, mode: 'json' })

    const revision = runtime(connection.id).revision
    expect(await disconnect(connection.id, 4000, 'done here')).toEqual({ ok: true })
    await waitForStatus(connection.id, 'closed')
    expect(runtime(connection.id).revision).toBeGreaterThan(revision)
    await waitFor(() => server.closes.length === 1, 'server close')
    expect(server.closes[0]).toEqual({ code: 4000, reason: 'done here' })
    expect(frames(connection.id).at(-1)).toMatchObject({ kind: 'close', code: 4000, reason: 'done here', wasClean: true })
  })

  it('sends binary typed as hex and text as typed', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url() })
    connect(id)
    await waitForStatus(id, 'open')

    expect(await sendPayload(id, 'de ad 00 ff', 'binary')).toEqual({ ok: true })
    expect(await sendPayload(id, 'not { json', 'text')).toEqual({ ok: true })
    await waitFor(() => server.received.length === 2, 'two messages at the server')
    expect([...server.received[0]!.data]).toEqual([0xde, 0xad, 0x00, 0xff])
    expect(server.received[0]!.isBinary).toBe(true)
    expect(server.received[1]).toMatchObject({ isBinary: false, text: 'not { json' })
  })

  it('coalesces a burst of frames into one store update per scheduled flush', async () => {
    const burst = 50
    const server = await startWsServer({
      echo: false,
      onConnection: (socket) => socket.once('message', () => {
        for (let i = 0; i < burst; i++) socket.send(`tick ${i}`)
      }),
    })
    const { id } = addConnection({ url: server.url() })
    connect(id)
    await waitForStatus(id, 'open')
    sendPayload(id, 'go', 'text')

    // The log fills as frames arrive; the store does not change until the flush runs.
    await waitFor(() => logOf(id).length() === 2 + 1 + burst, 'the whole burst in the log')
    const before = runtime(id)
    expect(before.stats.framesIn).toBe(0)
    expect(pending.length).toBe(1)
    drain()
    const after = runtime(id)
    expect(after.revision).toBe(before.revision + 1)
    expect(after.stats.framesIn).toBe(burst)
    expect(after.retained).toBe(3 + burst)
  })

  it('refuses invalid JSON without sending, and explains sends before connecting', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url() })

    const early = await sendPayload(id, '{"a":1}', 'json')
    expect(early).toEqual({ ok: false, error: 'Not sent: connect first.' })
    expect(frames(id)).toMatchObject([{ kind: 'error', message: 'Not sent: connect first.' }])

    connect(id)
    await waitForStatus(id, 'open')
    const invalid = await sendPayload(id, '{"a":', 'json')
    expect(invalid.ok).toBe(false)
    if (!invalid.ok) expect(invalid.error).toMatch(/^Not sent: invalid JSON — /)
    await delay(30)
    expect(server.received).toEqual([])
    expect(getConnection(id)?.history).toEqual([])
  })

  it('explains a bad URL or subprotocol in the timeline and does not connect', async () => {
    const badUrl = addConnection({ url: 'ftp://example.com/' })
    expect(await connect(badUrl.id)).toEqual({ ok: false, error: 'URL must start with ws:// or wss:// (got ftp://).' })
    expect(frames(badUrl.id)).toMatchObject([{ kind: 'error', message: 'URL must start with ws:// or wss:// (got ftp://).' }])

    const badProtocol = addConnection({ url: 'ws://127.0.0.1:9/', protocols: ['a b'] })
    const result = await connect(badProtocol.id)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(/Subprotocol "a b"/)
    drain()
    expect(runtime(badUrl.id).status).toBe('idle')
    expect(runtime(badProtocol.id).status).toBe('idle')
    expect(client.runtime.openCount()).toBe(0)
  })

  it('treats connect on an open connection as a no-op', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url() })
    connect(id)
    await waitForStatus(id, 'open')
    expect(await connect(id)).toEqual({ ok: true })
    await delay(30)
    expect(server.clients).toHaveLength(1)
    expect(kinds(id)).toEqual(['connecting', 'open'])
  })

  it('reports a refused handshake and applies the connect timeout from preferences', async () => {
    const refusing = await startRefusingServer(401)
    const silent = await startSilentServer()
    setPreferences({ connectTimeoutMs: 300 })
    const refused = addConnection({ url: refusing.url })
    const hanging = addConnection({ url: silent.url })
    connect(refused.id)
    connect(hanging.id)

    await waitForStatus(refused.id, 'closed')
    expect(kinds(refused.id)).toEqual(['connecting', 'error', 'close'])
    await waitForStatus(hanging.id, 'closed', 3000)
    expect(frames(hanging.id)).toMatchObject([
      { kind: 'connecting' },
      { kind: 'error', message: 'No handshake response in 0.3 s; the attempt was aborted.' },
      { kind: 'close', code: 1006 },
    ])
  })

  it('ignores the late close of a session replaced by a reconnect', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url() })
    connect(id)
    await waitForStatus(id, 'open')

    disconnect(id)
    drain()
    expect(runtime(id).status).toBe('closing')
    // Reconnect before the first socket's close arrives.
    connect(id)
    await waitFor(() => server.clients.length === 2 && server.closes.length === 1, 'second client and first close')
    await waitForStatus(id, 'open')
    await delay(50)
    drain()

    expect(runtime(id).status).toBe('open')
    expect(kinds(id)).toEqual(['connecting', 'open', 'connecting', 'open'])
    expect(await sendPayload(id, 'on the new socket', 'text')).toEqual({ ok: true })
    await waitFor(() => server.received.length === 1, 'message on the second socket')
  })

  it('clears the timeline and counters but keeps the live status', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url() })
    connect(id)
    await waitForStatus(id, 'open')
    sendPayload(id, 'x', 'text')
    await waitFor(() => logOf(id).length() === 4, 'echo')

    clearTimeline(id)
    drain()
    expect(logOf(id).length()).toBe(0)
    expect(runtime(id)).toMatchObject({ status: 'open', retained: 0, stats: { framesIn: 0, framesOut: 0 } })
  })

  it('forgetting a connection closes its socket and drops its runtime', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url() })
    connect(id)
    await waitForStatus(id, 'open')

    forgetConnection(id)
    expect(useSessionStore.getState().runtimeById[id]).toBeUndefined()
    await waitFor(() => server.closes.length === 1, 'server close')
    expect(server.closes[0]?.code).toBe(1000)
    expect(client.runtime.openCount()).toBe(0)
  })
})

describe('session actions: several connections', () => {
  it('keeps two live connections isolated: frames, stats and revisions', async () => {
    const echo = await startWsServer()
    let tick = 0
    const ticker = await startWsServer({
      echo: false,
      onConnection: (socket) => {
        const timer = setInterval(() => socket.send(JSON.stringify({ tick: ++tick })), 10)
        socket.on('close', () => clearInterval(timer))
      },
    })
    const a = addConnection({ name: 'echo', url: echo.url() })
    const b = addConnection({ name: 'ticker', url: ticker.url() })
    connect(a.id)
    connect(b.id)
    await waitForStatus(a.id, 'open')
    await waitForStatus(b.id, 'open')

    sendPayload(a.id, 'only for A', 'text')
    await waitFor(() => {
      drain()
      return runtime(a.id).stats.framesIn === 1 && runtime(b.id).stats.framesIn >= 5
    }, 'traffic on both')

    // A is quiet now; B keeps ticking without touching A's runtime. (A's once-a-second rate
    // refresh may land in this window, hence "at most one" update for A.)
    const aBefore = runtime(a.id)
    const bBefore = runtime(b.id)
    for (let i = 0; i < 6; i++) {
      await delay(15)
      drain()
    }
    expect(runtime(a.id).revision - aBefore.revision).toBeLessThanOrEqual(1)
    expect(runtime(a.id).stats).toEqual(aBefore.stats)
    expect(runtime(a.id).retained).toBe(aBefore.retained)
    expect(runtime(b.id).revision - bBefore.revision).toBeGreaterThanOrEqual(4)
    expect(runtime(b.id).stats.framesIn).toBeGreaterThan(bBefore.stats.framesIn)

    expect(kinds(a.id)).toEqual(['connecting', 'open', 'out:only for A', 'in:only for A'])
    expect(frames(b.id).filter((f) => f.kind === 'message').every((f) => f.kind === 'message' && f.direction === 'in')).toBe(true)
    expect(ticker.received).toEqual([])

    disconnect(a.id)
    await waitForStatus(a.id, 'closed')
    const bCount = runtime(b.id).stats.framesIn
    await waitFor(() => {
      drain()
      return runtime(b.id).stats.framesIn > bCount + 2
    }, 'B still live after A closed')
    expect(runtime(b.id).status).toBe('open')
  })

  it(`refuses a connection beyond MAX_OPEN_CONNECTIONS (${MAX_OPEN_CONNECTIONS}) with a message`, async () => {
    // Handshakes that never finish count as open: they hold browser resources too.
    const silent = await startSilentServer()
    const ids = Array.from({ length: MAX_OPEN_CONNECTIONS }, (_, i) => addConnection({ name: `c${i}`, url: silent.url }).id)
    for (const id of ids) expect(await connect(id)).toEqual({ ok: true })
    expect(client.runtime.openCount()).toBe(MAX_OPEN_CONNECTIONS)

    const extra = addConnection({ name: 'one too many', url: silent.url })
    const result = await connect(extra.id)
    const message = `Not connected: ${MAX_OPEN_CONNECTIONS} connections are already open. Browsers allow about 255 per page; close some first.`
    expect(result).toEqual({ ok: false, error: message })
    expect(frames(extra.id)).toMatchObject([{ kind: 'error', message }])
    drain()
    expect(runtime(extra.id).status).toBe('idle')

    // Closing one makes room.
    disconnect(ids[0]!)
    await waitFor(() => {
      drain()
      return runtime(ids[0]!).status === 'closed'
    }, 'the first to close')
    expect(await connect(extra.id)).toEqual({ ok: true })
    expect(client.runtime.openCount()).toBe(MAX_OPEN_CONNECTIONS)
  })
})
