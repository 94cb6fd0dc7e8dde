// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startDemoServer } from '../../src/demo-server/demo-server.ts'
import { waitFor } from '../support/ws-server.ts'

type Received = { data: Buffer; isBinary: boolean }

const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function demo() {
  const server = await startDemoServer(0)
  cleanups.push(server.close)
  return server
}

/** A `ws` client that records what it receives; closed after the test. */
async function client(url: string, protocols: string[] = []) {
  const socket = new WebSocket(url, protocols)
  const received: Received[] = []
  socket.on('message', (data, isBinary) => received.push({ data: data as Buffer, isBinary }))
  cleanups.push(() => socket.terminate())
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return { socket, received }
}

describe('demo server', () => {
  it('binds the port it was given (0 = any free port) on 127.0.0.1 and answers plain HTTP', async () => {
    const server = await demo()
    expect(server.port).toBeGreaterThan(0)
    const response = await fetch(`http://127.0.0.1:${server.port}/`)
    expect(await response.text()).toMatch(/Frameline demo WebSocket server/)
  })

  it('echo sends text back as text and binary back as binary, in order', async () => {
    const { port } = await demo()
    const { socket, received } = await client(`ws://127.0.0.1:${port}/demo/echo`)
    socket.send('{"type":"ping"}')
    socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]))
    socket.send('héllo 𝄞')
    await waitFor(() => received.length === 3, 'three echoes')

    expect(received.map((m) => m.isBinary)).toEqual([false, true, false])
    expect(received[0]?.data.toString('utf8')).toBe('{"type":"ping"}')
    expect([...received[1]!.data]).toEqual([0xde, 0xad, 0xbe, 0xef, 0x00])
    expect(received[2]?.data.toString('utf8')).toBe('héllo 𝄞')
  })

  it('echoes back the first offered subprotocol', async () => {
    const { port } = await demo()
    const { socket } = await client(`ws://127.0.0.1:${port}/demo/echo`, ['chat.v2', 'chat.v1'])
    expect(socket.protocol).toBe('chat.v2')
  })

  it('ticker sends a JSON price tick about every 500 ms', async () => {
    const { port } = await demo()
    const started = Date.now()
    const { received } = await client(`ws://127.0.0.1:${port}/demo/ticker`)
    await waitFor(() => received.length >= 2, 'two ticks', 3000)
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(900)

    const ticks = received.map((m) => JSON.parse(m.data.toString('utf8')) as Record<string, unknown>)
    expect(ticks[0]).toMatchObject({ type: 'tick', seq: 1, symbol: expect.any(String), price: expect.any(Number) })
    expect(ticks[1]).toMatchObject({ type: 'tick', seq: 2 })
    expect(Number.isNaN(Date.parse(String(ticks[0]?.at)))).toBe(false)
    expect(received.every((m) => !m.isBinary)).toBe(true)
  })

  it('chat broadcasts each message to every connected client, sender included', async () => {
    const { port } = await demo()
    const alice = await client(`ws://127.0.0.1:${port}/demo/chat`)
    const bob = await client(`ws://127.0.0.1:${port}/demo/chat`)
    alice.socket.send('{"user":"alice","text":"hi"}')
    bob.socket.send(Buffer.from([1, 2]))
    await waitFor(() => alice.received.length === 2 && bob.received.length === 2, 'both messages at both clients')

    for (const { received } of [alice, bob]) {
      expect(received[0]).toMatchObject({ isBinary: false })
      expect(received[0]?.data.toString('utf8')).toBe('{"user":"alice","text":"hi"}')
      expect(received[1]?.isBinary).toBe(true)
      expect([...received[1]!.data]).toEqual([1, 2])
    }
  })

  it('keeps chat rooms of two servers in one process apart', async () => {
    const first = await demo()
    const second = await demo()
    const here = await client(`ws://127.0.0.1:${first.port}/demo/chat`)
    const elsewhere = await client(`ws://127.0.0.1:${second.port}/demo/chat`)
    here.socket.send('only here')
    elsewhere.socket.send('only elsewhere')
    await waitFor(() => here.received.length === 1 && elsewhere.received.length === 1, 'own echoes')
    await new Promise((done) => setTimeout(done, 50))
    expect(here.received.map((m) => m.data.toString('utf8'))).toEqual(['only here'])
    expect(elsewhere.received.map((m) => m.data.toString('utf8'))).toEqual(['only elsewhere'])
  })

  it('flood sends the requested number of frames in order', async () => {
    const { port } = await demo()
    const { received } = await client(`ws://127.0.0.1:${port}/demo/flood?count=500&size=100`)
    await waitFor(() => received.length === 500, '500 frames')
    const seqs = received.map((m) => (JSON.parse(m.data.toString('utf8')) as { seq: number }).seq)
    expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 1))
  })

  it('close closes right after the handshake with the requested code and reason', async () => {
    const { port } = await demo()
    const socket = new WebSocket(`ws://127.0.0.1:${port}/demo/close?code=4002&reason=go%20away`)
    cleanups.push(() => socket.terminate())
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (c, r) => resolve([c, r.toString('utf8')])),
    )
    expect(code).toBe(4002)
    expect(reason).toBe('go away')
  })

  it('answers 404 to an unknown demo endpoint', async () => {
    const { port } = await demo()
    const socket = new WebSocket(`ws://127.0.0.1:${port}/demo/nope`)
    cleanups.push(() => socket.terminate())
    const status = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      socket.once('error', () => resolve(-1))
    })
    expect(status).toBe(404)
  })

  it('runs a STOMP 1.2 broker: CONNECTED, MESSAGE to subscribers, RECEIPT, and an ERROR for a malformed frame', async () => {
    const { port } = await demo()
    const { socket, received } = await client(`ws://127.0.0.1:${port}/demo/stomp`, ['v12.stomp'])
    expect(socket.protocol).toBe('v12.stomp')
    const texts = () => received.map((r) => r.data.toString('utf8'))
    socket.send('CONNECT\naccept-version:1.2\nhost:localhost\n\n\u0000')
    await waitFor(() => texts().length === 1, 'CONNECTED')
    expect(texts()[0]).toMatch(/^CONNECTED\nversion:1\.2\n/)
    socket.send('SUBSCRIBE\nid:s1\ndestination:/topic/a\n\n\u0000')
    socket.send('SEND\ndestination:/topic/a\nreceipt:r9\n\nhello\u0000')
    await waitFor(() => texts().length === 3, 'MESSAGE and RECEIPT')
    expect(texts()[1]).toBe('MESSAGE\nsubscription:s1\nmessage-id:1\ndestination:/topic/a\n\nhello\u0000')
    expect(texts()[2]).toBe('RECEIPT\nreceipt-id:r9\n\n\u0000')
    socket.send('NOT A FRAME')
    await waitFor(() => texts().length === 4, 'ERROR')
    expect(texts()[3]).toMatch(/^ERROR\nmessage:malformed frame\n/)
  })

  it('runs a JSON-RPC 2.0 calculator: results, errors, notifications and batches', async () => {
    const { port } = await demo()
    const { socket, received } = await client(`ws://127.0.0.1:${port}/demo/jsonrpc`)
    const replies = () => received.map((r) => JSON.parse(r.data.toString('utf8')) as unknown)
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'sum', params: [1, 2, 3] }))
    socket.send(JSON.stringify([{ jsonrpc: '2.0', id: 'a', method: 'nope' }, { jsonrpc: '2.0', method: 'sum', params: [1] }, { jsonrpc: '2.0', id: 2, method: 'sum', params: ['x'] }]))
    socket.send('{oops')
    await waitFor(() => received.length === 3, 'three replies')
    expect(replies()).toEqual([
      { jsonrpc: '2.0', id: 1, result: 6 },
      [
        { jsonrpc: '2.0', id: 'a', error: { code: -32601, message: 'Method not found' } },
        { jsonrpc: '2.0', id: 2, error: { code: -32602, message: 'Invalid params: numbers expected' } },
      ],
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
    ])
  })
})
