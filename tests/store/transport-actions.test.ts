// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MessageFrame, SocketIoDetail } from '../../src/engine/frame.ts'
import { createListTransport } from '../../src/engine/transports/list/list-transport.ts'
import { createSocketIoTransport } from '../../src/engine/transports/socket-io/socket-io-transport.ts'
import { createSseTransport } from '../../src/engine/transports/sse/sse-transport.ts'
import { configOf } from '../../src/store/runtime-binding.ts'
import { connect, disconnect, fetchFrames } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { checkConnectionUrl, kindUnavailableReason, newConnectionFields, patchTransport, sendEmit, setConnectionKind } from '../../src/store/transport-actions.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import { DEFAULT_PREFERENCES } from '../../src/workspace/model.ts'
import { closeAllSocketIoServers, startSocketIoServer } from '../support/socket-io-server.ts'
import { closeAllSseServers, startSseServer, streamHeaders } from '../support/sse-server.ts'
import { createInProcessClient } from '../../src/engine/host/in-process-client.ts'
import { bindRuntime } from '../../src/store/runtime-binding.ts'
import { waitFor } from '../support/ws-server.ts'

beforeEach(() => {
  // tests/setup.ts unbinds it and resets the stores after each test.
  bindRuntime(createInProcessClient({ transports: [createSocketIoTransport(), createSseTransport(), createListTransport()], schedule: (run) => void setTimeout(run, 0) }))
})

afterEach(async () => {
  await closeAllSocketIoServers()
  await closeAllSseServers()
})

/** Polls an async lookup until it finds something; bounded like waitFor. */
async function eventually<T>(find: () => Promise<T | undefined>, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await find()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 10))
  }
}

const messages = async (id: string) => (await fetchFrames(id)).filter((f): f is MessageFrame => f.kind === 'message')

describe('connections of each kind through the store and a real runtime', () => {
  it('turns each kind into its transport spec; the runtime reconnect stays off for self-reconnecting kinds', () => {
    const base = { id: 'c', name: 'n', url: 'http://h:1', protocols: ['p'], autoReconnect: true, draft: { text: '', mode: 'json' as const }, savedMessages: [], history: [] }
    expect(configOf(base, DEFAULT_PREFERENCES)).toEqual({ spec: { transport: 'websocket', url: 'http://h:1', protocols: ['p'], connectTimeoutMs: 10_000 }, autoReconnect: true, decoder: 'auto' })
    const sio = configOf({ ...base, ...newConnectionFields('socket.io') }, DEFAULT_PREFERENCES)
    expect(sio).toMatchObject({ spec: { transport: 'socket.io', namespace: '/', path: '/socket.io/', transports: 'websocket', reconnection: true }, autoReconnect: false })
    const sse = configOf({ ...base, transport: { kind: 'sse', method: 'POST', headers: [{ name: 'A', value: '1' }, { name: '', value: 'dropped' }], query: [], body: 'b', reconnect: true } }, DEFAULT_PREFERENCES)
    expect(sse).toMatchObject({ spec: { transport: 'sse', method: 'POST', headers: [['A', '1']], body: 'b' }, autoReconnect: false })
    expect(configOf({ ...base, transport: { kind: 'websocketstream' } }, DEFAULT_PREFERENCES).spec.transport).toBe('websocketstream')
  })

  it('says why a WebSocketStream connection cannot open where the browser lacks it, and nothing elsewhere or for the other kinds', () => {
    expect(kindUnavailableReason('websocketstream')).toMatch(/^This browser has no WebSocketStream/)
    ;(globalThis as { WebSocketStream?: unknown }).WebSocketStream = function WebSocketStream() {}
    try {
      expect(kindUnavailableReason('websocketstream')).toBeNull()
    } finally {
      delete (globalThis as { WebSocketStream?: unknown }).WebSocketStream
    }
    expect(kindUnavailableReason('socket.io')).toBeNull()
    expect(kindUnavailableReason('sse')).toBeNull()
  })

  it('checks URLs by kind, and switching kind swaps the scheme and keeps the file format valid', () => {
    expect(checkConnectionUrl('http://h:1', 'sse')).toEqual({ ok: true, url: 'http://h:1' })
    expect(checkConnectionUrl('ws://h:1', 'sse')).toMatchObject({ ok: false })
    expect(checkConnectionUrl('ws://h:1/chat', 'socket.io')).toMatchObject({ ok: true })
    const c = addConnection({ url: 'ws://h:1/events' })
    expect(setConnectionKind(c.id, 'sse')).toEqual({ ok: true })
    expect(getConnection(c.id)).toMatchObject({ url: 'http://h:1/events', transport: { kind: 'sse', method: 'GET' } })
    expect(patchTransport(c.id, 'sse', { method: 'PUT' as 'GET' })).toMatchObject({ ok: false, error: expect.stringContaining('transport.method') })
    expect(getConnection(c.id)?.transport).toMatchObject({ method: 'GET' })
    expect(setConnectionKind(c.id, 'websocket')).toEqual({ ok: true })
    expect(getConnection(c.id)).not.toHaveProperty('transport')
    expect(getConnection(c.id)?.url).toBe('ws://h:1/events')
  })

  it('emits a Socket.IO event with two arguments and an ack, links the answer and keeps the emit in history', async () => {
    const server = await startSocketIoServer()
    const c = addConnection({ url: server.url, ...newConnectionFields('socket.io') })
    expect(await connect(c.id)).toEqual({ ok: true })
    await waitFor(() => selectRuntime(useSessionStore.getState(), c.id).status === 'open', 'open')
    const emit = { event: 'echo', args: [{ type: 'json' as const, text: '{"a":1}' }, { type: 'binary' as const, text: 'ca fe' }], ack: true }
    expect(await sendEmit(c.id, emit)).toEqual({ ok: true })
    const answer = await eventually(async () => (await messages(c.id)).find((m) => (m.detail as SocketIoDetail | undefined)?.ackOf === 1), 'the ack')
    expect(answer.payload).toBe('[{"a":1},{"$binary":"cafe"}]')
    expect(server.received[0]?.event).toBe('echo')
    expect(getConnection(c.id)?.history[0]).toMatchObject({ text: 'echo({"a":1}, <ca fe>) + ack', emit })

    const refused = await sendEmit(c.id, { event: 'echo', args: [{ type: 'json', text: '{oops' }], ack: false })
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Argument 1 is not valid JSON/) })
    expect(getConnection(c.id)?.history).toHaveLength(1)
    await disconnect(c.id)
  })

  it('opens a POST Server-Sent Events stream with headers from the connection', async () => {
    const server = await startSseServer((req, res) => {
      streamHeaders(res)
      res.write(`event: echo\ndata: ${req.body} / ${String(req.headers['x-token'])}\n\n`)
    })
    const c = addConnection({ url: server.url('/stream'), transport: { kind: 'sse', method: 'POST', headers: [{ name: 'X-Token', value: 't' }], query: [], body: 'hello', reconnect: false } })
    expect(await connect(c.id)).toEqual({ ok: true })
    const got = await eventually(async () => (await messages(c.id)).find((m) => m.direction === 'in'), 'an event')
    expect(got.payload).toBe('hello / t')
    expect(got.detail).toEqual({ transport: 'sse', event: 'echo', id: '' })
  })
})
