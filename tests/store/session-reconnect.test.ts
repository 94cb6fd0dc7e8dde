// @vitest-environment node
import { installTestRuntime } from '../support/test-runtime.ts'
import { unbindRuntime } from '../../src/store/runtime-binding.ts'
import { createFrameLog } from '../../src/engine/frame-log.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../src/engine/frame.ts'
import type { WebSocketLike } from '../../src/engine/transports/websocket/socket-session.ts'
import { DEFAULT_RECONNECT_TIMING, type ReconnectTiming } from '../../src/engine/reconnect-policy.ts'
import { cancelReconnect, connect, disconnect, forgetConnection, sendPayload, setAutoReconnect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection, getConnection, setConnectionUrl, setPreferences } from '../../src/store/workspace-actions.ts'
import {
  closeAllServers,
  createNodeSocket,
  delay,
  freePort,
  startRefusingServer,
  startWsServer,
  waitFor,
} from '../support/ws-server.ts'

let client!: InProcessClient
beforeEach(() => {
  client = installTestRuntime()
})
const logOf = (id: string) => client.runtime.log(id) ?? createFrameLog()


/**
 * Automatic reconnect through the real store path against real `ws` servers on 127.0.0.1. The
 * policy's seconds become tens of milliseconds (no jitter unless a test asks), so a whole
 * outage-and-recovery runs in well under a second, and every wait is bounded.
 */
const FAST: ReconnectTiming = {
  ...DEFAULT_RECONNECT_TIMING,
  baseDelayMs: 40,
  maxDelayMs: 160,
  jitter: 0,
  stableResetMs: 250,
}

function configure(timing: Partial<ReconnectTiming> = {}) {
  client = installTestRuntime({
    createSocket: createNodeSocket,
    // Store updates soon after each change, without animation frames.
    schedule: (run) => void setTimeout(run, 0),
    reconnectTiming: { ...FAST, ...timing },
    random: () => 0.5,
  })
}

beforeEach(() => configure())

afterEach(async () => {
  unbindRuntime()
    for (const server of rawServers.splice(0)) await server.close()
  await closeAllServers()
})

const runtime = (id: string) => selectRuntime(useSessionStore.getState(), id)
const frames = (id: string): Frame[] => logOf(id).toArray()
/** Failures: error frames. */
const errorTexts = (id: string) => frames(id).flatMap((f) => (f.kind === 'error' ? [f.message] : []))
/** Notices: a scheduled retry is not a failure. */
const noticeTexts = (id: string) => frames(id).flatMap((f) => (f.kind === 'notice' ? [f.message] : []))
const retryTexts = (id: string) => noticeTexts(id).filter((m) => m.startsWith('Reconnecting in '))
const count = (id: string, kind: Frame['kind']) => frames(id).filter((f) => f.kind === kind).length

/**
 * No handshake started while another was pending: in the timeline each `connecting` is opened or
 * closed before the next one. (A handshake abandoned for a new one would leave two in a row.)
 */
function expectOneHandshakeAtATime(id: string) {
  let pending = false
  for (const frame of frames(id)) {
    if (frame.kind === 'connecting') {
      expect(pending, `handshake ${frame.id} started while another was pending`).toBe(false)
      pending = true
    } else if (frame.kind === 'open' || frame.kind === 'close') {
      pending = false
    }
  }
}

const waitForStatus = (id: string, status: string, timeoutMs = 3000) =>
  waitFor(() => runtime(id).status === status, `status ${status} (now ${runtime(id).status})`, timeoutMs)

/** A TCP server that never answers a handshake; stopped by the test's own afterEach. */
type RawServer = { url: string; accepted: () => number; close: () => Promise<void> }
const rawServers: RawServer[] = []

async function startSilentCountingServer(): Promise<RawServer> {
  const sockets = new Set<Socket>()
  let accepted = 0
  const tcp: Server = createServer((socket) => {
    accepted += 1
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => tcp.listen(0, '127.0.0.1', done))
  const port = (tcp.address() as AddressInfo).port
  const server: RawServer = {
    url: `ws://127.0.0.1:${port}/hang`,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy()
        tcp.close(() => done())
      }),
  }
  rawServers.push(server)
  return server
}

describe('automatic reconnect (opt-in per connection)', () => {
  it('reconnects once the killed server is back on the same port, one attempt at a time', async () => {
    const first = await startWsServer()
    const port = first.port
    const { id } = addConnection({ url: first.url('/live'), autoReconnect: true })
    connect(id)
    await waitForStatus(id, 'open')

    await first.close() // the server dies: clients see 1006
    await waitFor(() => retryTexts(id).length >= 1, 'the first retry to be announced')
    expect(retryTexts(id)[0]).toBe('Reconnecting in 0.0 s (attempt 1 of 10).')
    // While the server is down the attempts keep failing and backing off (40, 80, 160 ms…).
    await waitFor(() => retryTexts(id).length >= 3, 'three failed attempts')
    expect(runtime(id).reconnect).toMatchObject({ maxAttempts: 10 })

    const second = await startWsServer({ port })
    await waitForStatus(id, 'open', 3000)
    expect(runtime(id).reconnect).toBeNull()
    expect(second.clients).toHaveLength(1)

    // Every announced retry was followed by exactly one handshake, one at a time.
    expectOneHandshakeAtATime(id)
    expect(count(id, 'connecting')).toBe(1 + retryTexts(id).length)
    const attempts = retryTexts(id).map((m) => Number(/attempt (\d+) of 10/.exec(m)?.[1]))
    expect(attempts).toEqual(attempts.map((_, i) => i + 1))

    // The new socket works.
    expect(await sendPayload(id, 'after the outage', 'text')).toEqual({ ok: true })
    await waitFor(() => second.received.length === 1, 'the message at the restarted server')
  })

  it("stops after the last attempt with a final frame; the user's Connect starts over", async () => {
    configure({ baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 5 })
    const refusing = await startRefusingServer(503)
    const { id } = addConnection({ url: refusing.url, autoReconnect: true })
    connect(id) // a failed handshake counts as a drop too

    await waitFor(() => errorTexts(id).some((m) => m.startsWith('Gave up')), 'giving up', 3000)
    expect(retryTexts(id)).toEqual([
      'Reconnecting in 0.0 s (attempt 1 of 5).',
      'Reconnecting in 0.0 s (attempt 2 of 5).',
      'Reconnecting in 0.0 s (attempt 3 of 5).',
      'Reconnecting in 0.0 s (attempt 4 of 5).',
      'Reconnecting in 0.0 s (attempt 5 of 5).',
    ])
    expect(errorTexts(id).at(-1)).toBe('Gave up reconnecting after 5 attempts. Press Connect to try again.')
    expect(frames(id).at(-1)).toMatchObject({ kind: 'error', message: 'Gave up reconnecting after 5 attempts. Press Connect to try again.' })
    // Giving up is a failure the user must act on; the retries before it were only notices.
    expect(frames(id).at(-1)?.kind).toBe('error')
    expect(errorTexts(id).some((m) => m.startsWith('Reconnecting in '))).toBe(false)
    expect(refusing.upgrades()).toBe(6)
    await waitFor(() => runtime(id).reconnect === null && runtime(id).status === 'closed', 'a settled runtime')

    // Nothing more happens by itself; the user's Connect starts again from attempt 1.
    await delay(150)
    expect(refusing.upgrades()).toBe(6)
    connect(id)
    await waitFor(() => retryTexts(id).length === 6, 'a fresh first retry')
    expect(retryTexts(id)[5]).toBe('Reconnecting in 0.0 s (attempt 1 of 5).')
  })

  it('formats real delays in seconds with one decimal and shows the pending retry in the runtime', async () => {
    configure({ baseDelayMs: 2_100, maxDelayMs: 30_000 })
    const refusing = await startRefusingServer(401)
    const { id } = addConnection({ url: refusing.url, autoReconnect: true })
    const before = Date.now()
    connect(id)
    await waitFor(() => runtime(id).reconnect !== null, 'the pending retry in the runtime')
    expect(retryTexts(id)).toEqual(['Reconnecting in 2.1 s (attempt 1 of 10).'])
    const pending = runtime(id).reconnect
    expect(pending).toMatchObject({ attempt: 1, maxAttempts: 10 })
    expect(pending!.at).toBeGreaterThanOrEqual(before + 2_100)
    expect(pending!.at).toBeLessThanOrEqual(Date.now() + 2_100)
  })

  it('is off unless the connection opts in', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url() })
    expect(getConnection(id)).not.toHaveProperty('autoReconnect')
    connect(id)
    await waitForStatus(id, 'open')
    await server.close()
    await waitForStatus(id, 'closed')
    await delay(200)
    expect(retryTexts(id)).toEqual([])
    expect(count(id, 'connecting')).toBe(1)
    expect(runtime(id).reconnect).toBeNull()
  })

  it("does not reconnect after the user's Disconnect", async () => {
    const server = await startWsServer()
    const { id } = addConnection({ url: server.url(), autoReconnect: true })
    connect(id)
    await waitForStatus(id, 'open')
    expect(await disconnect(id, 4000, 'bye')).toEqual({ ok: true })
    await waitForStatus(id, 'closed')
    await delay(200)
    expect(retryTexts(id)).toEqual([])
    expect(server.clients).toHaveLength(1)
  })

  it('keeps retrying after an invalid close request, which closed nothing', async () => {
    configure({ baseDelayMs: 300 })
    const refusing = await startRefusingServer(401)
    const { id } = addConnection({ url: refusing.url, autoReconnect: true })
    connect(id)
    await waitFor(() => runtime(id).reconnect !== null, 'a pending retry')
    expect((await disconnect(id, 999)).ok).toBe(false)
    expect(runtime(id).reconnect).not.toBeNull()
  })

  it('Disconnect cancels a pending retry, says so, and no handshake follows', async () => {
    configure({ baseDelayMs: 150 })
    const refusing = await startRefusingServer(401)
    const { id } = addConnection({ url: refusing.url, autoReconnect: true })
    connect(id)
    await waitFor(() => runtime(id).reconnect !== null, 'a pending retry')
    expect(refusing.upgrades()).toBe(1)

    expect(await disconnect(id)).toEqual({ ok: true })
    expect(noticeTexts(id).at(-1)).toBe('Automatic reconnect cancelled.')
    await waitFor(() => runtime(id).reconnect === null, 'the pending retry gone from the runtime')
    await delay(400)
    expect(refusing.upgrades()).toBe(1)
    expect(count(id, 'connecting')).toBe(1)
    expect(runtime(id).status).toBe('closed')
  })

  it('Disconnect during a retry handshake stops the retries too', async () => {
    const silent = await startSilentCountingServer()
    setPreferences({ connectTimeoutMs: 5_000 })
    configure({ baseDelayMs: 150 })
    const { id } = addConnection({ url: silent.url, autoReconnect: true })
    // The first attempt is refused by a port nothing listens on; the retry then hangs.
    const port = await freePort()
    setConnectionUrl(id, `ws://127.0.0.1:${port}/`)
    connect(id)
    await waitFor(() => runtime(id).reconnect !== null, 'a pending retry')
    setConnectionUrl(id, silent.url)
    await waitFor(() => silent.accepted() === 1 && runtime(id).status === 'connecting', 'the retry handshake hanging')

    disconnect(id)
    await waitForStatus(id, 'closed')
    await delay(200)
    expect(silent.accepted()).toBe(1)
    expect(retryTexts(id)).toHaveLength(1)
  })

  it('never has two handshakes pending, even when the user presses Connect during retries', async () => {
    // Counted where the browser would count: sockets still CONNECTING when another is created.
    const sockets: WebSocketLike[] = []
    let maxPending = 0
    client = installTestRuntime({
      createSocket: (url, protocols) => {
        const socket = createNodeSocket(url, protocols)
        sockets.push(socket)
        maxPending = Math.max(maxPending, sockets.filter((s) => s.readyState === 0).length)
        return socket
      },
      schedule: (run) => void setTimeout(run, 0),
      reconnectTiming: { ...FAST, baseDelayMs: 10, maxDelayMs: 20 },
      random: () => 0.5,
    })
    setPreferences({ connectTimeoutMs: 60 })
    const silent = await startSilentCountingServer()
    const { id } = addConnection({ url: silent.url, autoReconnect: true })
    connect(id)
    for (let i = 0; i < 25; i++) {
      await delay(15)
      // Connect while a handshake is pending is a no-op; while a retry waits it starts one now.
      connect(id)
    }
    await waitFor(() => silent.accepted() >= 4 && sockets.length >= 4, 'several handshakes')
    expect(maxPending).toBe(1)
    expect(sockets.length).toBe(count(id, 'connecting'))
    expectOneHandshakeAtATime(id)
    disconnect(id)
  })

  it('the header Cancel (cancelReconnect) stops a pending retry; so does turning the option off', async () => {
    configure({ baseDelayMs: 150 })
    const refusing = await startRefusingServer(401)
    const a = addConnection({ url: refusing.url, autoReconnect: true })
    const b = addConnection({ url: refusing.url, autoReconnect: true })
    connect(a.id)
    connect(b.id)
    await waitFor(() => runtime(a.id).reconnect !== null && runtime(b.id).reconnect !== null, 'two pending retries')

    cancelReconnect(a.id)
    setAutoReconnect(b.id, false)
    expect(getConnection(b.id)).not.toHaveProperty('autoReconnect')
    expect(noticeTexts(a.id).at(-1)).toBe('Automatic reconnect cancelled.')
    expect(noticeTexts(b.id).at(-1)).toBe('Automatic reconnect cancelled.')
    await delay(400)
    expect(refusing.upgrades()).toBe(2)
    expect(runtime(a.id).reconnect).toBeNull()
    expect(runtime(b.id).reconnect).toBeNull()
  })

  it('deleting the connection cancels its pending retry', async () => {
    configure({ baseDelayMs: 150 })
    const refusing = await startRefusingServer(401)
    const { id } = addConnection({ url: refusing.url, autoReconnect: true })
    connect(id)
    await waitFor(() => runtime(id).reconnect !== null, 'a pending retry')
    forgetConnection(id)
    await delay(400)
    expect(refusing.upgrades()).toBe(1)
    expect(useSessionStore.getState().runtimeById[id]).toBeUndefined()
  })

  it('counts attempts across short-lived connections and starts over after a stable period', async () => {
    let lifetimeMs = 20
    const server = await startWsServer({
      onConnection: (socket) => {
        setTimeout(() => socket.terminate(), lifetimeMs)
      },
    })
    const { id } = addConnection({ url: server.url(), autoReconnect: true })
    connect(id)
    // Each connection opens and dies within 20 ms: not stable, so the count goes on.
    await waitFor(() => retryTexts(id).length >= 3, 'three drops in a row', 3000)
    expect(retryTexts(id).slice(0, 3)).toEqual([
      'Reconnecting in 0.0 s (attempt 1 of 10).',
      'Reconnecting in 0.1 s (attempt 2 of 10).',
      'Reconnecting in 0.2 s (attempt 3 of 10).',
    ])
    // Now connections outlive the stable period (250 ms): the next drop is attempt 1 again.
    lifetimeMs = 400
    const announced = retryTexts(id).length
    await waitFor(() => retryTexts(id).length >= announced + 2, 'two more drops', 4000)
    expect(retryTexts(id).at(-1)).toBe('Reconnecting in 0.0 s (attempt 1 of 10).')
    disconnect(id)
  })

  it('stops when a retry is refused before any socket exists, and says why', async () => {
    configure({ baseDelayMs: 30 })
    const refusing = await startRefusingServer(401)
    const { id } = addConnection({ url: refusing.url, autoReconnect: true })
    connect(id)
    await waitFor(() => runtime(id).reconnect !== null, 'a pending retry')
    setConnectionUrl(id, 'ftp://nowhere/')
    await waitFor(() => errorTexts(id).includes('Stopped reconnecting. Press Connect to try again.'), 'the stop notice')
    expect(errorTexts(id).slice(-2)).toEqual([
      'URL must start with ws:// or wss:// (got ftp://).',
      'Stopped reconnecting. Press Connect to try again.',
    ])
    await waitFor(() => runtime(id).reconnect === null, 'no pending retry')
  })
})
