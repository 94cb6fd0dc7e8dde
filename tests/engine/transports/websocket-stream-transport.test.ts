// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createConnectionRuntime, type ConnectionRuntime } from '../../../src/engine/runtime/connection-runtime.ts'
import { createWebSocketStreamTransport } from '../../../src/engine/transports/websocket-stream/websocket-stream-transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../../support/ws-server.ts'

// Node has no WebSocketStream: the pause/backpressure behaviour is proven against Chromium in
// tests/e2e/websocket-stream.e2e.ts. Here: what the runtime does around it, on the real platform.
const runtimes: ConnectionRuntime[] = []
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) runtime.dispose()
  await closeAllServers()
})

function makeRuntime() {
  const runtime = createConnectionRuntime({
    transports: [createWebSocketTransport({ createSocket: createNodeSocket }), createWebSocketStreamTransport()],
    schedule: (run) => run(),
    delay: (run) => run(),
  })
  runtimes.push(runtime)
  return runtime
}

describe('WebSocketStream transport where the platform has none (Node)', () => {
  it('records why it cannot open and closes, without throwing', () => {
    expect((globalThis as { WebSocketStream?: unknown }).WebSocketStream).toBeUndefined()
    const runtime = makeRuntime()
    runtime.configure('s', { spec: { transport: 'websocketstream', url: 'ws://127.0.0.1:9/x', protocols: [] }, autoReconnect: true })
    expect(runtime.connect('s')).toEqual({ ok: true })
    const frames = runtime.log('s')?.toArray() ?? []
    expect(frames.map((f) => f.kind)).toEqual(['connecting', 'error'])
    expect(frames[1]).toMatchObject({ message: expect.stringMatching(/^This browser has no WebSocketStream/) })
    expect(runtime.snapshot('s')).toMatchObject({ status: 'closed', transport: 'websocketstream', reading: { paused: false, delayMs: 0 }, reconnect: null })
    // Closed: reading cannot be paused, and the reason says so.
    expect(runtime.setReading('s', { paused: true, delayMs: 0 })).toEqual({ ok: false, error: 'Reading can be paused only while the connection is open.' })
  })

  it('checks URLs and subprotocols as the WebSocket transport does', () => {
    const transport = createWebSocketStreamTransport()
    expect(transport.checkTarget({ transport: 'websocketstream', url: 'http://h:1/a', protocols: [] })).toMatchObject({ ok: true, spec: { url: 'ws://h:1/a' } })
    expect(transport.checkTarget({ transport: 'websocketstream', url: 'ws://h:1', protocols: ['a b'] })).toMatchObject({ ok: false })
    expect(transport.capabilities).toMatchObject({ readControl: true, closeCode: true, subprotocols: true })
  })

  it('refuses slow-consumer mode for an open plain WebSocket, which keeps no read state', async () => {
    const server = await startWsServer()
    const runtime = makeRuntime()
    runtime.configure('w', { spec: { transport: 'websocket', url: server.url(), protocols: [] }, autoReconnect: false })
    runtime.connect('w')
    await waitFor(() => runtime.snapshot('w').status === 'open', 'open')
    expect(runtime.snapshot('w').reading).toBeNull()
    expect(runtime.setReading('w', { paused: true, delayMs: 0 })).toEqual({ ok: false, error: 'Only a WebSocketStream connection can pause or slow its reading.' })
  })
})
