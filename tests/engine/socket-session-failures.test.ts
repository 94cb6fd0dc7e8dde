// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { WebSocketLike } from '../../src/engine/transports/websocket/socket-session.ts'
import { disposeAllSessions, recordSession } from '../support/session-recorder.ts'
import {
  closeAllServers,
  createNodeSocket,
  delay,
  freePort,
  startRefusingServer,
  startSilentServer,
  startWsServer,
  waitFor,
} from '../support/ws-server.ts'

afterEach(async () => {
  disposeAllSessions()
  await closeAllServers()
})

const FAILED_BEFORE_OPEN = /^Connection failed\. The browser does not say why; usual causes: nothing listening/

describe('socket session: handshake failures', () => {
  it('reports a handshake rejected with 401 by verifyClient as an error and a 1006 close that explains', async () => {
    const server = await startWsServer({ verifyClient: (_info, done) => done(false, 401, 'Unauthorized') })
    const rec = recordSession({ url: server.url('/private') })
    await rec.waitForStatus('closed')

    expect(rec.kinds()).toEqual(['connecting', 'error', 'close'])
    expect(rec.errors()[0]?.message).toMatch(FAILED_BEFORE_OPEN)
    expect(rec.errors()[0]?.message).toMatch(/handshake rejected by the server \(e\.g\. 401\/403\)/)
    expect(rec.closeFrame()).toMatchObject({ code: 1006, wasClean: false })
    expect(rec.closeFrame()?.meaning).toMatch(/^Closed without a close frame — the server may be unreachable or refused the handshake/)
    expect(rec.statuses).toEqual(['closed'])
    expect(server.clients).toEqual([])
  })

  it('reports a plain HTTP server that refuses the upgrade the same way', async () => {
    const refusing = await startRefusingServer(403)
    const rec = recordSession({ url: refusing.url })
    await rec.waitForStatus('closed')

    expect(refusing.upgrades()).toBe(1)
    expect(rec.kinds()).toEqual(['connecting', 'error', 'close'])
    expect(rec.errors()[0]?.message).toMatch(FAILED_BEFORE_OPEN)
    expect(rec.closeFrame()).toMatchObject({ code: 1006, wasClean: false })
  })

  it('reports a port with nothing listening as an error and a 1006 close', async () => {
    const port = await freePort()
    const rec = recordSession({ url: `ws://127.0.0.1:${port}/` })
    await rec.waitForStatus('closed')

    expect(rec.kinds()).toEqual(['connecting', 'error', 'close'])
    expect(rec.closeFrame()?.code).toBe(1006)
    expect(rec.closeFrame()?.meaning).toMatch(/nothing listening on that port/)
  })

  it('aborts a handshake that never completes after the connect timeout', async () => {
    const silent = await startSilentServer()
    const started = Date.now()
    const rec = recordSession({ url: silent.url, connectTimeoutMs: 300 })

    await delay(150)
    expect(rec.session.status()).toBe('connecting')
    expect(rec.errors()).toEqual([])

    await rec.waitForStatus('closed', 3000)
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(2000)
    expect(silent.accepted()).toBe(1)
    // One explanation only: the socket's own error event after the abort is not repeated.
    expect(rec.kinds()).toEqual(['connecting', 'error', 'close'])
    expect(rec.errors()[0]?.message).toBe('No handshake response in 0.3 s; the attempt was aborted.')
    expect(rec.closeFrame()?.code).toBe(1006)
    expect(rec.statuses).toEqual(['closing', 'closed'])
  })

  it('formats whole-second timeouts without decimals', async () => {
    const silent = await startSilentServer()
    const rec = recordSession({ url: silent.url, connectTimeoutMs: 1000 })
    await rec.waitForStatus('closed', 3000)
    expect(rec.errors()[0]?.message).toBe('No handshake response in 1 s; the attempt was aborted.')
  })

  it('does not time out a connection that opened in time', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url(), connectTimeoutMs: 200 })
    await rec.waitForStatus('open')
    await delay(350)
    expect(rec.session.status()).toBe('open')
    expect(rec.errors()).toEqual([])
    expect(rec.session.send('still here')).toEqual({ ok: true })
  })

  it('waits indefinitely with a timeout of 0, and can still be cancelled', async () => {
    const silent = await startSilentServer()
    const rec = recordSession({ url: silent.url, connectTimeoutMs: 0 })
    await delay(400)
    expect(rec.session.status()).toBe('connecting')
    expect(rec.errors()).toEqual([])

    expect(rec.session.close(1000, 'cancel')).toEqual({ ok: true })
    await rec.waitForStatus('closed')
    expect(rec.closeFrame()?.code).toBe(1006)
  })
})

describe('socket session: the server disappearing', () => {
  it('turns a terminated server socket into a close frame and keeps the frames before it', async () => {
    const server = await startWsServer({
      echo: false,
      onConnection: (socket) => {
        socket.send('first')
        socket.send(Buffer.from([1, 2, 3]))
      },
    })
    const rec = recordSession({ url: server.url() })
    await rec.waitForMessages(2, 'in')

    server.clients[0]!.terminate()
    await rec.waitForStatus('closed')

    expect(rec.statuses).toEqual(['open', 'closed'])
    expect(rec.closeFrame()).toMatchObject({ code: 1006, wasClean: false })
    expect(rec.messages('in').map((f) => (typeof f.payload === 'string' ? f.payload : [...new Uint8Array(f.payload)]))).toEqual([
      'first',
      [1, 2, 3],
    ])
    expect(rec.frames.at(-1)?.kind).toBe('close')
    expect(rec.session.send('after drop')).toEqual({ ok: false, error: 'Not sent: the connection is not open.' })
  })

  it('reports the whole server going away the same way', async () => {
    const server = await startWsServer()
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')
    rec.session.send('hello')
    await rec.waitForMessages(1, 'in')

    await server.close()
    await rec.waitForStatus('closed')

    expect(rec.closeFrame()?.code).toBe(1006)
    expect(rec.messages().map((f) => [f.direction, f.payload])).toEqual([
      ['out', 'hello'],
      ['in', 'hello'],
    ])
  })
})

describe('socket session: constructor exceptions', () => {
  it('turns a throwing constructor into an error frame and a closed status, without throwing', () => {
    const rec = recordSession({
      url: 'ws://example.invalid/',
      createSocket: () => {
        throw new SyntaxError("The URL's scheme must be either 'http', 'https', 'ws', or 'wss'")
      },
    })

    expect(rec.kinds()).toEqual(['connecting', 'error'])
    expect(rec.errors()[0]?.message).toBe(
      "The browser refused to open this connection: The URL's scheme must be either 'http', 'https', 'ws', or 'wss'.",
    )
    expect(rec.session.status()).toBe('closed')
    expect(rec.statuses).toEqual(['closed'])
    expect(rec.session.send('x')).toEqual({ ok: false, error: 'Not sent: the connection is not open.' })
    expect(rec.session.close()).toEqual({ ok: true })
    expect(() => rec.session.dispose()).not.toThrow()
  })

  it.each([
    ['a #fragment', 'ws://127.0.0.1:9/socket#frag'],
    ['a non-WebSocket scheme', 'ftp://127.0.0.1:9/'],
    ['an unparsable URL', 'ws://'],
  ])('reports the real ws constructor rejecting %s', (_what, url) => {
    expect(() => new WebSocket(url)).toThrow()
    const rec = recordSession({ url })
    expect(rec.kinds()).toEqual(['connecting', 'error'])
    expect(rec.errors()[0]?.message).toMatch(/^The browser refused to open this connection: /)
    expect(rec.session.status()).toBe('closed')
  })

  it('reports an invalid subprotocol the constructor rejects', () => {
    const rec = recordSession({ url: 'ws://127.0.0.1:9/', protocols: ['has space'] })
    expect(rec.errors()[0]?.message).toMatch(/^The browser refused to open this connection: .*subprotocol/i)
    expect(rec.session.status()).toBe('closed')
  })
})

describe('socket session: disposal and late events', () => {
  it('ignores everything a disposed session’s socket does afterwards', async () => {
    let serverSide: WebSocket | undefined
    const server = await startWsServer({ echo: false, onConnection: (socket) => (serverSide = socket) })
    const rec = recordSession({ url: server.url() })
    await rec.waitForStatus('open')
    const framesBefore = rec.frames.length
    const statusesBefore = [...rec.statuses]

    rec.session.dispose()
    // The server still gets to talk before it sees the close.
    serverSide?.send('late text')
    serverSide?.send(Buffer.from([9]))
    await waitFor(() => server.closes.length === 1, 'server to see the close')
    await delay(50)

    expect(server.closes[0]?.code).toBe(1000)
    expect(rec.frames).toHaveLength(framesBefore)
    expect(rec.statuses).toEqual(statusesBefore)
    expect(rec.session.send('x')).toEqual({ ok: false, error: 'This session is closed.' })
    expect(rec.frames).toHaveLength(framesBefore)
  })

  it('ignores late events from a socket that was replaced, through the session’s guard', async () => {
    // A socket whose handlers we can fire by hand after the session let go of it.
    const fakes: WebSocketLike[] = []
    const rec = recordSession({
      url: 'ws://127.0.0.1:9/',
      connectTimeoutMs: 0,
      createSocket: (url, protocols) => {
        const socket = createNodeSocket(url, protocols)
        fakes.push(socket)
        return socket
      },
    })
    rec.session.dispose()
    const socket = fakes[0]!
    socket.onopen?.({})
    socket.onmessage?.({ data: 'ghost' })
    socket.onerror?.({})
    socket.onclose?.({ code: 1000, reason: '', wasClean: true })
    expect(rec.kinds()).toEqual(['connecting'])
    expect(rec.statuses).toEqual([])
  })

  it('disposes while connecting without reporting the aborted handshake', async () => {
    const silent = await startSilentServer()
    const rec = recordSession({ url: silent.url, connectTimeoutMs: 200 })
    await waitFor(() => silent.accepted() === 1, 'the TCP connection')
    rec.session.dispose()
    await delay(350)
    expect(rec.kinds()).toEqual(['connecting'])
    expect(rec.statuses).toEqual([])
  })
})
