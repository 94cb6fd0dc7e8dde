// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_BUFFERED_BYTES, type WebSocketLike } from '../../src/engine/transports/websocket/socket-session.ts'
import { bytesOf, disposeAllSessions, recordSession } from '../support/session-recorder.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

afterEach(async () => {
  disposeAllSessions()
  await closeAllServers()
})

describe('socket session against a real ws server: lifecycle', () => {
  it('reports connecting, open and close frames in order, with statuses to match', async () => {
    const server = await startWsServer()
    let clock = 1_000
    const rec = recordSession({ url: server.url('/life'), now: () => (clock += 1) })

    // The connecting frame is there before any network activity.
    expect(rec.kinds()).toEqual(['connecting'])
    expect(rec.frames[0]).toMatchObject({ kind: 'connecting', url: server.url('/life'), protocols: [] })
    expect(rec.session.status()).toBe('connecting')

    await rec.waitForStatus('open')
    expect(rec.open()).toMatchObject({ kind: 'open', protocol: '', extensions: '' })

    expect(rec.session.close()).toEqual({ ok: true })
    expect(rec.session.status()).toBe('closing')
    await rec.waitForStatus('closed')

    expect(rec.kinds()).toEqual(['connecting', 'open', 'close'])
    expect(rec.statuses).toEqual(['open', 'closing', 'closed'])
    expect(rec.closeFrame()).toMatchObject({ code: 1000, reason: '', wasClean: true, meaning: 'Normal closure' })
    // Ids strictly increase and timestamps come from the injected clock.
    const ids = rec.frames.map((f) => f.id)
    expect([...ids].sort((a, b) => a - b)).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    expect(rec.frames.map((f) => f.at)).toEqual([1001, 1002, 1003])
  })

  it('closes with a chosen code and reason that the server receives', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')

    expect(rec.session.close(4001, 'bye ✓ for now')).toEqual({ ok: true })
    await rec.waitForStatus('closed')
    await waitFor(() => server.closes.length === 1, 'server close event')

    expect(server.closes[0]).toEqual({ code: 4001, reason: 'bye ✓ for now' })
    expect(rec.closeFrame()).toMatchObject({
      code: 4001,
      reason: 'bye ✓ for now',
      wasClean: true,
      meaning: 'Application-defined (private use)',
    })
  })

  it('reports a close started by the server with code, reason, wasClean and meaning', async () => {
    const server = await startWsServer({
      onConnection: (socket) => setTimeout(() => socket.close(1001, 'maintenance'), 20),
    })
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('closed')

    expect(rec.statuses).toEqual(['open', 'closed'])
    expect(rec.closeFrame()).toMatchObject({ code: 1001, reason: 'maintenance', wasClean: true })
    expect(rec.closeFrame()?.meaning).toMatch(/^Going away/)
    expect(rec.errors()).toEqual([])
  })

  it('refuses invalid close codes and over-long reasons with a message, and stays open', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')
    const before = rec.frames.length

    for (const code of [999, 1001, 1006, 2999, 5000, 3000.5]) {
      const result = rec.session.close(code, 'x')
      expect(result.ok, `code ${code}`).toBe(false)
      if (!result.ok) expect(result.error).toMatch(/1000 or between 3000 and 4999/)
    }
    // 62 × "é" (2 bytes each) = 124 bytes: one over the limit although only 62 characters.
    const tooLong = rec.session.close(1000, 'é'.repeat(62))
    expect(tooLong).toEqual({ ok: false, error: expect.stringMatching(/124 bytes.*limit is 123/) })

    expect(rec.session.status()).toBe('open')
    expect(rec.frames.length).toBe(before)
    expect(server.closes).toEqual([])

    // Exactly 123 bytes is allowed and arrives intact.
    const longest = 'é'.repeat(61) + 'a'
    expect(rec.session.close(3000, longest)).toEqual({ ok: true })
    await waitFor(() => server.closes.length === 1, 'server close event')
    expect(server.closes[0]).toEqual({ code: 3000, reason: longest })
  })

  it('close() on an already closing or closed session is a harmless no-op', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')
    rec.session.close(1000)
    expect(rec.session.close(1000)).toEqual({ ok: true })
    await rec.waitForStatus('closed')
    expect(rec.session.close(1000)).toEqual({ ok: true })
    expect(rec.kinds().filter((k) => k === 'close')).toHaveLength(1)
    expect(rec.statuses).toEqual(['open', 'closing', 'closed'])
  })
})

describe('socket session: messages', () => {
  it('sends and receives text exactly as on the wire', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')

    const text = '{ "type":"ping",\n  "id": 1 }  '
    expect(rec.session.send(text)).toEqual({ ok: true })
    const [out, back] = await rec.waitForMessages(2)

    expect(server.received).toEqual([{ data: Buffer.from(text), isBinary: false, text }])
    expect(out).toMatchObject({ direction: 'out', payload: text })
    expect(back).toMatchObject({ direction: 'in', payload: text })
  })

  it('sends and receives binary as ArrayBuffer with the exact bytes', async () => {
    const server = await startWsServer()
    const sockets: WebSocketLike[] = []
    const rec = recordSession({
      url: server.url(),
      createSocket: (url, protocols) => {
        const socket = createNodeSocket(url, protocols)
        sockets.push(socket)
        return socket
      },
    })
    // Browsers default to Blob, whose async read could reorder frames; the engine asks for ArrayBuffer.
    expect(sockets[0]?.binaryType).toBe('arraybuffer')
    await rec.waitForStatus('open')

    const bytes = [0, 1, 2, 127, 128, 200, 255, 0x0a, 0x0d]
    expect(rec.session.send(new Uint8Array(bytes).buffer)).toEqual({ ok: true })
    const [out, back] = await rec.waitForMessages(2)

    expect(server.received[0]?.isBinary).toBe(true)
    expect([...server.received[0]!.data]).toEqual(bytes)
    expect(out?.direction).toBe('out')
    expect(bytesOf(out!.payload)).toEqual(bytes)
    expect(back?.direction).toBe('in')
    expect(back?.payload).toBeInstanceOf(ArrayBuffer)
    expect(bytesOf(back!.payload)).toEqual(bytes)
    expect(back?.size).toBe(bytes.length)
  })

  it('keeps the wire order of interleaved text and binary frames from the server', async () => {
    const count = 60
    const server = await startWsServer({
      echo: false,
      onConnection: (socket) => {
        for (let i = 0; i < count; i++) {
          // Binary frames of varying size between text frames: an async decode would reorder them.
          if (i % 2 === 0) socket.send(`text ${i}`)
          else socket.send(Buffer.alloc(1 + ((i * 997) % 5000), i))
        }
      },
    })
    const rec = recordSession({ url: server.url() })
    const received = await rec.waitForMessages(count, 'in')

    received.forEach((frame, i) => {
      if (i % 2 === 0) {
        expect(frame.payload).toBe(`text ${i}`)
      } else {
        expect(frame.payload).toBeInstanceOf(ArrayBuffer)
        const bytes = new Uint8Array(frame.payload as ArrayBuffer)
        expect(bytes.length).toBe(1 + ((i * 997) % 5000))
        expect(bytes.every((b) => b === i)).toBe(true)
      }
    })
  })

  it('keeps the order of interleaved text and binary sends, both ways', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')

    const sent: (string | number[])[] = []
    for (let i = 0; i < 20; i++) {
      if (i % 3 === 0) {
        const bytes = [i, 255 - i]
        sent.push(bytes)
        rec.session.send(new Uint8Array(bytes).buffer)
      } else {
        sent.push(`#${i}`)
        rec.session.send(`#${i}`)
      }
    }
    const echoed = await rec.waitForMessages(20, 'in')

    expect(server.received.map((m) => (m.isBinary ? [...m.data] : m.text))).toEqual(sent)
    expect(echoed.map((f) => (typeof f.payload === 'string' ? f.payload : bytesOf(f.payload)))).toEqual(sent)
    expect(rec.messages('out').map((f) => (typeof f.payload === 'string' ? f.payload : bytesOf(f.payload)))).toEqual(sent)
  })

  it('counts UTF-8 bytes, not characters, for text sizes', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')

    // h é l l o ␠ € 𝄞 = 1+2+1+1+1+1+3+4 bytes
    const text = 'héllo €𝄞'
    rec.session.send(text)
    const [out, back] = await rec.waitForMessages(2)

    expect(server.received[0]?.data.length).toBe(14)
    expect(out?.size).toBe(14)
    expect(back?.size).toBe(14)
    expect(back?.payload).toBe(text)
  })

  it('refuses to send while connecting or after close, with an error frame instead of an exception', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })

    const early = rec.session.send('too early')
    expect(early).toEqual({ ok: false, error: 'Not sent: the connection is still opening.' })
    expect(rec.errors().map((e) => e.message)).toEqual(['Not sent: the connection is still opening.'])

    await rec.waitForStatus('open')
    rec.session.close()
    await rec.waitForStatus('closed')

    const late = rec.session.send(new Uint8Array([1]).buffer)
    expect(late).toEqual({ ok: false, error: 'Not sent: the connection is not open.' })
    expect(rec.errors()).toHaveLength(2)
    expect(rec.messages()).toEqual([])
    expect(server.received).toEqual([])
  })
})

describe('socket session: subprotocols', () => {
  it('offers the requested subprotocols and reports the one the server picked', async () => {
    const server = await startWsServer({
      handleProtocols: (offered) => (offered.has('chat.v2') ? 'chat.v2' : false),
    })
    const rec = recordSession({ url: server.url(), protocols: ['chat.v1', 'chat.v2'] })
    await rec.waitForStatus('open')

    expect(server.offered).toEqual([['chat.v1', 'chat.v2']])
    expect(rec.frames[0]).toMatchObject({ kind: 'connecting', protocols: ['chat.v1', 'chat.v2'] })
    expect(rec.open()?.protocol).toBe('chat.v2')
    expect(rec.session.protocol()).toBe('chat.v2')
  })

  it('fails truthfully when the server accepts none of the offered subprotocols', async () => {
    const server = await startWsServer({ handleProtocols: () => false })
    const rec = recordSession({ url: server.url(), protocols: ['graphql-ws'] })
    await rec.waitForStatus('closed')

    expect(rec.kinds()).toEqual(['connecting', 'error', 'close'])
    expect(rec.errors()[0]?.message).toMatch(/no offered subprotocol accepted/)
    expect(rec.closeFrame()).toMatchObject({ code: 1006, wasClean: false })
    expect(rec.closeFrame()?.meaning).toMatch(/no\s+offered subprotocol accepted/)
  })
})

describe('socket session: bufferedAmount', () => {
  it('reports queued bytes while a slow server is not reading, refuses more past the cap, and reports 0 when drained', async () => {
    const server = await startWsServer({ echo: false, onConnection: (socket) => socket.pause() })
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')

    // More than the loopback socket buffers can take, so a real backlog forms in the client.
    const big = new Uint8Array(MAX_BUFFERED_BYTES + 4 * 1024 * 1024).buffer
    expect(rec.session.send(big)).toEqual({ ok: true })
    expect(rec.buffered.length).toBeGreaterThan(0)
    expect(rec.buffered[0]).toBeGreaterThan(MAX_BUFFERED_BYTES)

    const refused = rec.session.send('one more')
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error).toMatch(/MB are still waiting to leave this browser/)
    expect(rec.errors()).toHaveLength(1)
    expect(rec.messages('out')).toHaveLength(1)

    server.clients[0]!.resume()
    await waitFor(() => rec.buffered.at(-1) === 0, 'bufferedAmount back to 0', 5000)
    await waitFor(() => server.received.length === 1, 'the big frame to arrive', 5000)
    expect(server.received[0]?.data.length).toBe(big.byteLength)
  })
})
