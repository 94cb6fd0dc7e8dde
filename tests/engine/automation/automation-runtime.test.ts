// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { RULE_RATE_CAP } from '../../../src/engine/automation/automation.ts'
import type { Frame, MessageFrame } from '../../../src/engine/frame.ts'
import { createInProcessClient } from '../../../src/engine/host/in-process-client.ts'
import { createConnectionRuntime, type ConnectionRuntime } from '../../../src/engine/runtime/connection-runtime.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import { frameToRecord, recordToFrame } from '../../../src/engine/traffic/timeline-record.ts'
import { closeAllServers, createNodeSocket, delay, startWsServer, waitFor } from '../../support/ws-server.ts'

const runtimes: { dispose(): void }[] = []
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) runtime.dispose()
  await closeAllServers()
})

const transports = () => [createWebSocketTransport({ createSocket: createNodeSocket }), createListTransport()]

function makeRuntime(extra: Partial<Parameters<typeof createConnectionRuntime>[0]> = {}): ConnectionRuntime {
  const runtime = createConnectionRuntime({ transports: transports(), schedule: (run) => void setTimeout(run, 0), delay: (run) => run(), ...extra })
  runtimes.push(runtime)
  return runtime
}

const ws = (url: string, autoReconnect = false) => ({ spec: { transport: 'websocket', url, protocols: [] }, autoReconnect })
const messages = (runtime: ConnectionRuntime, id: string): MessageFrame[] => (runtime.log(id)?.toArray() ?? []).filter((f: Frame): f is MessageFrame => f.kind === 'message')
const isOpen = (runtime: ConnectionRuntime, id: string) => runtime.snapshot(id).status === 'open'

describe('automation in the runtime (real ws server on 127.0.0.1)', () => {
  it('answers a matching message, marks the reply with its rule, counts the hit in the snapshot, and exports the mark', async () => {
    const server = await startWsServer({
      echo: false,
      onConnection: (socket) => socket.on('message', (data) => String(data) === 'go' && socket.send(JSON.stringify({ type: 'tick', seq: 41 }))),
    })
    const runtime = makeRuntime()
    runtime.configure('a', ws(server.url()))
    runtime.setVariables(new Map([['who', 'tester']]))
    runtime.configureAutomation('a', {
      autoResponders: [{ id: 'r', name: 'ack ticks', enabled: true, match: { json: [{ path: '$.type', op: 'equals', value: 'tick' }] }, captures: [{ variable: 'seq', path: '$.seq' }], reply: { text: '{"ack":{{seq}},"by":"{{who}}"}', mode: 'json' }, delayMs: 20 }],
    })
    runtime.connect('a')
    await waitFor(() => isOpen(runtime, 'a'), 'open')
    runtime.send('a', 'go')
    await waitFor(() => server.received.length === 2, 'the automatic reply at the server')
    expect(server.received.map((m) => m.text)).toEqual(['go', '{"ack":41,"by":"tester"}'])
    const sent = messages(runtime, 'a').filter((m) => m.direction === 'out')
    expect(sent.map((m) => [m.payload, m.origin, m.originName])).toEqual([
      ['go', undefined, undefined],
      ['{"ack":41,"by":"tester"}', 'auto-responder', 'ack ticks'],
    ])
    expect(runtime.snapshot('a').automation?.rules).toEqual([{ id: 'r', name: 'ack ticks', hits: 1, replies: 1, lastError: null, paused: false }])
    // The NDJSON/JSON record keeps the mark, and reading it back restores it.
    const record = frameToRecord(sent[1] as MessageFrame)
    expect(record).toMatchObject({ origin: 'auto-responder', originName: 'ack ticks' })
    expect(recordToFrame(JSON.parse(JSON.stringify(record)), 'line 2')).toMatchObject({ origin: 'auto-responder', originName: 'ack ticks' })
    expect(frameToRecord(sent[0] as MessageFrame)).not.toHaveProperty('origin')
  })

  it('stops a rule that answers its own echo on an echo server', async () => {
    const server = await startWsServer()
    const runtime = makeRuntime()
    runtime.configure('a', ws(server.url()))
    runtime.configureAutomation('a', { autoResponders: [{ id: 'loop', name: 'echo me', enabled: true, match: { contains: 'loop' }, reply: { text: 'loop', mode: 'text' }, delayMs: 0 }] })
    runtime.connect('a')
    await waitFor(() => isOpen(runtime, 'a'), 'open')
    runtime.send('a', 'loop')
    await waitFor(() => runtime.snapshot('a').automation?.rules[0]?.paused, 'the rule paused')
    await delay(200)
    // The user's send plus at most RULE_RATE_CAP replies, and no more once paused.
    expect(server.received.length).toBe(1 + RULE_RATE_CAP)
    expect(runtime.log('a')?.toArray().some((f) => f.kind === 'notice' && f.message.includes('"echo me" paused'))).toBe(true)
  })

  it('heartbeats while open and stops on close', async () => {
    const server = await startWsServer({ echo: false })
    const runtime = makeRuntime()
    runtime.configure('a', ws(server.url()))
    runtime.configureAutomation('a', { heartbeat: { enabled: true, intervalMs: 25, text: 'hb', mode: 'text' } })
    runtime.connect('a')
    await waitFor(() => server.received.length >= 3, 'three heartbeats')
    expect(runtime.snapshot('a').automation?.heartbeat).toMatchObject({ active: true, intervalMs: 25 })
    expect(messages(runtime, 'a').every((m) => m.origin === 'heartbeat')).toBe(true)
    runtime.disconnect('a')
    await waitFor(() => runtime.snapshot('a').status === 'closed', 'closed')
    const atClose = server.received.length
    await delay(150)
    expect(server.received.length).toBe(atClose)
    expect(runtime.snapshot('a').automation?.heartbeat).toMatchObject({ active: false })
  })

  it('replays the on-open sequence after an automatic reconnect', async () => {
    const server = await startWsServer({ echo: false })
    const runtime = makeRuntime({ reconnectTiming: { baseDelayMs: 20, multiplier: 1, maxDelayMs: 20, jitter: 0, maxAttempts: 3, stableResetMs: 60_000 } })
    runtime.configure('a', ws(server.url(), true))
    runtime.configureAutomation('a', {
      onOpen: [{ delayMs: 0, savedMessageId: 'hello' }, { delayMs: 10, text: 'subscribe', mode: 'text' }],
      savedMessages: [{ id: 'hello', name: 'Hello', text: 'hello', mode: 'text' }],
    })
    runtime.connect('a')
    await waitFor(() => server.received.length === 2, 'the first sequence')
    server.clients[0]?.terminate()
    await waitFor(() => server.received.length === 4, 'the sequence again after the reconnect')
    expect(server.received.map((m) => m.text)).toEqual(['hello', 'subscribe', 'hello', 'subscribe'])
    expect(server.clients).toHaveLength(2)
    expect(messages(runtime, 'a').map((m) => m.origin)).toEqual(['on-open', 'on-open', 'on-open', 'on-open'])
  })

  it('runs a periodic send N times, stops one on request, and forget ends the rest', async () => {
    const server = await startWsServer({ echo: false })
    const runtime = makeRuntime()
    runtime.configure('a', ws(server.url()))
    expect(runtime.startSchedule('a', { text: 'x', mode: 'text', everyMs: 20 })).toEqual({ ok: false, error: 'Not started: connect first.' })
    runtime.connect('a')
    await waitFor(() => isOpen(runtime, 'a'), 'open')
    expect(runtime.startSchedule('a', { text: 'three', mode: 'text', everyMs: 15, count: 3 })).toMatchObject({ ok: true })
    await waitFor(() => server.received.length === 3, 'three sends')
    await delay(60)
    expect(server.received.map((m) => m.text)).toEqual(['three', 'three', 'three'])

    const endless = runtime.startSchedule('a', { text: 'again', mode: 'text', everyMs: 15 })
    if (!endless.ok) throw new Error(endless.error)
    await waitFor(() => runtime.snapshot('a').automation?.schedules[0]?.sent === 2, 'two more')
    expect(runtime.snapshot('a').automation?.schedules).toEqual([{ id: endless.scheduleId, text: 'again', everyMs: 15, sent: 2, remaining: null }])
    expect(runtime.stopSchedule('a', endless.scheduleId)).toEqual({ ok: true })
    await delay(20)
    const afterStop = server.received.length
    await delay(60)
    expect(server.received.length).toBe(afterStop)

    // forget (the connection deleted) and dispose end everything at once.
    runtime.configureAutomation('a', { heartbeat: { enabled: true, intervalMs: 15, text: 'hb', mode: 'text' } })
    runtime.startSchedule('a', { text: 'more', mode: 'text', everyMs: 15 })
    await delay(40)
    runtime.forget('a')
    await delay(10)
    const atForget = server.received.length
    await delay(80)
    expect(server.received.length).toBe(atForget)
  })

  it('a connection without automation carries no automation state', async () => {
    const server = await startWsServer()
    const runtime = makeRuntime()
    runtime.configure('a', ws(server.url()))
    runtime.connect('a')
    await waitFor(() => isOpen(runtime, 'a'), 'open')
    expect(runtime.snapshot('a')).not.toHaveProperty('automation')
    runtime.configureAutomation('a', { autoResponders: [], onOpen: [] })
    expect(runtime.snapshot('a')).not.toHaveProperty('automation')
  })

  it('works through the host protocol: configureAutomation, setVariables, startSchedule and send with an origin', async () => {
    const server = await startWsServer({ echo: false })
    const client = createInProcessClient({ transports: transports(), schedule: (run) => void setTimeout(run, 0) })
    runtimes.push(client)
    const snapshots: unknown[] = []
    client.onChange(({ changed }) => {
      const snapshot = changed.get('a')
      if (snapshot?.automation) snapshots.push(snapshot.automation)
    })
    client.configure('a', ws(server.url()))
    client.setVariables(new Map([['name', 'ada']]), ['a'])
    client.configureAutomation('a', { heartbeat: { enabled: true, intervalMs: 1000, text: 'hb', mode: 'text' } })
    await client.connect('a')
    await waitFor(() => client.runtime.snapshot('a').status === 'open', 'open')
    const started = await client.startSchedule('a', { text: 'hi {{name}}', mode: 'text', everyMs: 1000, count: 2 })
    expect(started).toEqual({ ok: true, scheduleId: 'schedule-1' })
    await client.send('a', 'from a scenario', { origin: 'scenario', name: 'login' })
    await waitFor(() => server.received.length === 2, 'two sends')
    expect(server.received.map((m) => m.text)).toEqual(['hi ada', 'from a scenario'])
    expect(messages(client.runtime, 'a').map((m) => [m.origin, m.originName])).toEqual([
      ['schedule', undefined],
      ['scenario', 'login'],
    ])
    await waitFor(() => snapshots.some((s) => JSON.stringify(s).includes('"remaining":1')), 'a snapshot with the schedule')
    expect(await client.stopSchedule('a', 'schedule-1')).toEqual({ ok: true })
    client.configureAutomation('a', null)
    await waitFor(() => !('automation' in client.runtime.snapshot('a')), 'the automation gone')
  })
})
