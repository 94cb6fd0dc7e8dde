// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../src/demo-server/demo-server.ts'
import type { SocketIoDetail } from '../../src/engine/frame.ts'
import { encodeEmitRequest } from '../../src/engine/transports/socket-io/emit-request.ts'
import { createSocketIoTransport, type SocketIoSpec } from '../../src/engine/transports/socket-io/socket-io-transport.ts'
import { createSseTransport } from '../../src/engine/transports/sse/sse-transport.ts'
import { disposeAllTransportSessions, recordTransport } from '../support/transport-recorder.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  disposeAllTransportSessions()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function demo() {
  const server = await startDemoServer(0)
  cleanups.push(server.close)
  return `http://127.0.0.1:${server.port}`
}

const sio = (url: string, extra: Partial<SocketIoSpec> = {}): SocketIoSpec => ({
  transport: 'socket.io', url, namespace: '/demo', path: '/socket.io/', query: [], auth: '', transports: 'polling', ackTimeoutMs: 2000, reconnection: false, ...extra,
})

describe('demo server: Socket.IO and Server-Sent Events on the same port as the WebSockets', () => {
  it('answers a Socket.IO echo with its ack, broadcasts chat and ticks every 500 ms', async () => {
    const base = await demo()
    const rec = recordTransport(createSocketIoTransport(), sio(base))
    await rec.waitForStatus('open')
    rec.session.send(encodeEmitRequest({ event: 'echo', args: [{ type: 'json', text: '{"x":1}' }, { type: 'text', text: 'two' }], ack: true }))
    rec.session.send(encodeEmitRequest({ event: 'chat', args: [{ type: 'text', text: 'hi all' }], ack: false }))
    await rec.waitForFrame((f) => f.kind === 'message' && (f.detail as SocketIoDetail | undefined)?.ackOf === 1, 'the echo ack')
    await rec.waitForFrame((f) => f.kind === 'message' && (f.detail as SocketIoDetail | undefined)?.event === 'chat' && f.direction === 'in', 'the chat broadcast')
    await rec.waitForFrame((f) => f.kind === 'message' && (f.detail as SocketIoDetail | undefined)?.event === 'tick', 'a tick', 2000)
    const ack = rec.messages('in').find((m) => (m.detail as SocketIoDetail).ackOf === 1)
    expect(ack?.payload).toBe('[{"x":1},"two"]')
  })

  it('refuses a wrong auth token on /secure with the server’s message, and accepts the right one', async () => {
    const base = await demo()
    const wrong = recordTransport(createSocketIoTransport(), sio(base, { namespace: '/secure', auth: '{"token":"nope"}', transports: 'websocket' }))
    await wrong.waitForStatus('closed')
    expect(wrong.errors()[0]?.message).toMatch(/^The server refused the connection: invalid token\. Server data: .*demo-token/)
    const right = recordTransport(createSocketIoTransport(), sio(base, { namespace: '/secure', auth: '{"token":"demo-token"}', transports: 'websocket' }))
    const [welcome] = await right.waitForMessages(1, 'in')
    expect(welcome?.payload).toMatch(/^\["welcome",\{"id":/)
  })

  it('streams named SSE ticks with ids and resumes after Last-Event-ID; echoes a POSTed body word by word', async () => {
    const base = await demo()
    const ticker = recordTransport(createSseTransport(), { transport: 'sse', url: `${base}/demo/sse/ticker`, method: 'GET', headers: [], query: [], body: '' })
    const ticks = await ticker.waitForMessages(2, 'in', 3000)
    expect(ticks.map((t) => t.detail)).toEqual([
      { transport: 'sse', event: 'tick', id: '1' },
      { transport: 'sse', event: 'tick', id: '2' },
    ])
    const resumed = recordTransport(createSseTransport(), { transport: 'sse', url: `${base}/demo/sse/ticker`, method: 'GET', headers: [['Last-Event-ID', '41']], query: [], body: '' })
    const [next] = await resumed.waitForMessages(1, 'in', 3000)
    expect(next?.detail).toMatchObject({ id: '42' })

    const echo = recordTransport(createSseTransport(), { transport: 'sse', url: `${base}/demo/sse/echo`, method: 'POST', headers: [], query: [], body: 'hello streaming world', reconnect: false })
    await echo.waitForStatus('closed', 3000)
    expect(echo.messages('in').map((m) => [(m.detail as { event: string }).event, m.payload])).toEqual([
      ['chunk', '{"index":1,"word":"hello"}'],
      ['chunk', '{"index":2,"word":"streaming"}'],
      ['chunk', '{"index":3,"word":"world"}'],
      ['done', '{"words":3,"truncated":false}'],
    ])
  })
})
