// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { SocketIoDetail } from '../../../src/engine/frame.ts'
import { encodeEmitRequest, type EmitArg } from '../../../src/engine/transports/socket-io/emit-request.ts'
import { createSocketIoTransport, type SocketIoSpec, type SocketIoTransportOptions } from '../../../src/engine/transports/socket-io/socket-io-transport.ts'
import { closeAllSocketIoServers, startSocketIoServer } from '../../support/socket-io-server.ts'
import { disposeAllTransportSessions, recordTransport } from '../../support/transport-recorder.ts'
import { delay, freePort, waitFor } from '../../support/ws-server.ts'

afterEach(async () => {
  disposeAllTransportSessions()
  await closeAllSocketIoServers()
})

const spec = (url: string, extra: Partial<SocketIoSpec> = {}): SocketIoSpec => ({
  transport: 'socket.io',
  url,
  namespace: '/',
  path: '/socket.io/',
  query: [],
  auth: '',
  transports: 'websocket',
  ackTimeoutMs: 2000,
  reconnection: false,
  ...extra,
})

const emit = (event: string, args: EmitArg[], ack = false, ackTimeoutMs?: number) =>
  encodeEmitRequest({ event, args, ack, ...(ackTimeoutMs === undefined ? {} : { ackTimeoutMs }) })

const open = (s: SocketIoSpec, options?: SocketIoTransportOptions) => recordTransport(createSocketIoTransport(options), s)
const detail = (frame: { detail?: unknown } | undefined) => frame?.detail as SocketIoDetail

describe('Socket.IO transport against a real socket.io server', () => {
  it('connects over websocket with query and auth, emits two arguments and links the ack with its round trip', async () => {
    const server = await startSocketIoServer()
    const rec = open(spec(server.url, { query: [['room', 'a']], auth: '{"token":"t"}' }))
    await rec.waitForStatus('open')
    expect(server.handshakes[0]).toMatchObject({ query: { room: 'a' }, auth: { token: 't' }, transport: 'websocket' })
    expect(rec.notices().map((n) => n.message)).toContain('Transport: websocket.')

    const sent = rec.session.send(emit('echo', [{ type: 'json', text: '{"a":[1,2]}' }, { type: 'text', text: 'hi' }], true))
    expect(sent).toEqual({ ok: true })
    const [out] = rec.messages('out')
    expect(out?.payload).toBe('["echo",{"a":[1,2]},"hi"]')
    expect(detail(out)).toEqual({ transport: 'socket.io', event: 'echo', args: [{ type: 'json', json: '{"a":[1,2]}' }, { type: 'json', json: '"hi"' }], ackId: 1 })

    const [answer] = await rec.waitForMessages(1, 'in')
    expect(server.received[0]).toMatchObject({ event: 'echo', args: [{ a: [1, 2] }, 'hi'] })
    expect(answer?.payload).toBe('[{"a":[1,2]},"hi"]')
    expect(detail(answer)).toMatchObject({ event: 'echo', ackOf: 1 })
    expect(detail(answer).roundTripMs).toBeGreaterThanOrEqual(0)
    expect(detail(answer).roundTripMs).toBeLessThan(2000)
  })

  it('receives every server event with binary arguments as bytes, and sends binary from hex', async () => {
    const server = await startSocketIoServer()
    const rec = open(spec(server.url))
    await rec.waitForStatus('open')
    rec.session.send(emit('push', [{ type: 'binary', hex: '01 02 ff' }]))
    const [pushed] = await rec.waitForMessages(1, 'in')
    expect(pushed?.payload).toBe('["pushed",{"n":1},{"$binary":"dead"},"three"]')
    const args = detail(pushed).args
    expect(args[0]).toEqual({ type: 'json', json: '{"n":1}' })
    expect(args[1]?.type).toBe('binary')
    expect([...new Uint8Array((args[1] as { bytes: ArrayBuffer }).bytes)]).toEqual([0xde, 0xad])
    const got = server.received[0]?.args[0]
    expect(Buffer.isBuffer(got) ? [...(got as Buffer)] : got).toEqual([1, 2, 255])
  })

  it('says so when an ack does not come in time', async () => {
    const server = await startSocketIoServer()
    const rec = open(spec(server.url))
    await rec.waitForStatus('open')
    rec.session.send(emit('slow', [], true, 150))
    await waitFor(() => rec.errors().length > 0, 'an ack timeout')
    expect(rec.errors()[0]?.message).toBe('No ack for emit #1 ("slow") within 150 ms.')
    expect(server.received[0]?.event).toBe('slow')
  })

  it('connects with long-polling first and reports the upgrade to websocket', async () => {
    const server = await startSocketIoServer()
    const rec = open(spec(server.url, { transports: 'polling' }))
    await rec.waitForStatus('open')
    expect(server.handshakes[0]?.transport).toBe('polling')
    await waitFor(() => rec.notices().some((n) => n.message === 'Transport upgraded to websocket.'), 'the upgrade notice')
    expect(rec.notices()[0]?.message).toBe('Transport: polling.')
  })

  it('shows the server’s rejection of a wrong auth token, with its data, and does not retry', async () => {
    const server = await startSocketIoServer()
    const rec = open(spec(server.url, { namespace: '/secure', auth: '{"token":"wrong"}', reconnection: true }), { reconnectionDelayMs: 20 })
    await rec.waitForStatus('closed')
    expect(rec.errors()[0]?.message).toBe('The server refused the connection: invalid token. Server data: {"hint":"send {\\"token\\":\\"letmein\\"}"}')
    expect(rec.frames.at(-1)).toMatchObject({ kind: 'close', wasClean: false })
    await delay(150)
    expect(rec.frames.filter((f) => f.kind === 'connecting')).toHaveLength(1)

    const ok = open(spec(`${server.url}/secure`, { auth: '{"token":"letmein"}' }))
    const [welcome] = await ok.waitForMessages(1, 'in')
    expect(welcome?.payload).toBe('["welcome","letmein"]')
  })

  it('reports a server disconnect with its reason and ends, and a client close as asked for', async () => {
    const server = await startSocketIoServer()
    const rec = open(spec(server.url, { reconnection: true }), { reconnectionDelayMs: 20 })
    await rec.waitForStatus('open')
    rec.session.send(emit('kick', []))
    await rec.waitForStatus('closed')
    expect(rec.frames.at(-1)).toMatchObject({ kind: 'close', reason: 'io server disconnect', wasClean: true })
    expect((rec.frames.at(-1) as { meaning: string }).meaning).toMatch(/^Disconnected: the server disconnected this socket/)

    const second = open(spec(server.url))
    await second.waitForStatus('open')
    expect(second.session.close()).toEqual({ ok: true })
    expect(second.session.status()).toBe('closed')
    expect(second.frames.at(-1)).toMatchObject({ kind: 'close', reason: 'io client disconnect', wasClean: true, meaning: 'Disconnected: closed by you.' })
    expect(second.session.send(emit('echo', []))).toMatchObject({ ok: false })
  })

  it('reconnects itself after the server restarts when reconnection is on, and stays closed when it is off', async () => {
    const server = await startSocketIoServer()
    const port = server.port
    const on = open(spec(server.url, { reconnection: true }), { reconnectionDelayMs: 50 })
    const off = open(spec(server.url, { reconnection: false }))
    await on.waitForStatus('open')
    await off.waitForStatus('open')
    await server.close()
    await off.waitForStatus('closed')
    expect(off.frames.at(-1)).toMatchObject({ kind: 'close', reason: 'transport close', wasClean: false })
    await on.waitForStatus('connecting')
    expect(on.notices().some((n) => n.message.startsWith('Disconnected: the connection closed'))).toBe(true)
    await startSocketIoServer({ port })
    await on.waitForStatus('open', 8000)
    expect(on.notices().some((n) => /^Reconnect attempt \d+ of 10\.$/.test(n.message))).toBe(true)
    expect(on.notices().at(-1)?.message).toMatch(/^Reconnected to namespace \//)
    expect(off.session.status()).toBe('closed')
  })

  it('gives up on a server that is not there after the bounded attempts', async () => {
    const port = await freePort()
    const rec = open(spec(`http://127.0.0.1:${port}`, { reconnection: true }), { reconnectionDelayMs: 10, reconnectionAttempts: 2 })
    await rec.waitForStatus('closed', 8000)
    expect(rec.errors().some((e) => e.message.startsWith('Connection error: websocket error.'))).toBe(true)
    expect(rec.errors().at(-1)?.message).toBe('Gave up reconnecting after 2 attempts.')
  })

  it('refuses bad emits and bad targets with a message', async () => {
    const server = await startSocketIoServer()
    const t = createSocketIoTransport()
    expect(t.checkTarget(spec(server.url, { auth: '{token}' }))).toMatchObject({ ok: false, error: expect.stringMatching(/^The auth payload is not valid JSON/) })
    expect(t.checkTarget(spec(server.url, { auth: '[1]' }))).toMatchObject({ ok: false, error: 'The auth payload must be a JSON object, e.g. {"token": "…"}.' })
    expect(t.checkTarget(spec('ftp://x'))).toMatchObject({ ok: false })
    expect(t.checkTarget(spec('ws://h:1/chat'))).toMatchObject({ ok: true, spec: { url: 'http://h:1', namespace: '/chat' } })
    expect(t.checkTarget(spec('http://h:1', { namespace: 'chat' }))).toMatchObject({ ok: false, error: 'A namespace starts with "/" (got "chat").' })

    const rec = open(spec(server.url))
    expect(rec.session.send(emit('echo', []))).toEqual({ ok: false, error: 'Not sent: the connection is still opening.' })
    await rec.waitForStatus('open')
    expect(rec.session.send('plain text')).toMatchObject({ ok: false, error: expect.stringContaining('sends events') })
    expect(rec.session.send(emit('connect', []))).toMatchObject({ ok: false, error: expect.stringContaining('reserved') })
    expect(rec.session.send(emit('x', [{ type: 'json', text: '{' }]))).toMatchObject({ ok: false, error: expect.stringMatching(/^Not sent: Argument 1 is not valid JSON/) })
    expect(rec.session.send(emit('x', [{ type: 'binary', hex: 'abc' }]))).toMatchObject({ ok: false, error: expect.stringContaining('hex') })
    await delay(50)
    expect(server.received).toEqual([])
  })
})
