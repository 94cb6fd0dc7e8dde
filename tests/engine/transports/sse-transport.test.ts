// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createSseTransport, type SseSpec } from '../../../src/engine/transports/sse/sse-transport.ts'
import { closeAllSseServers, startSseServer, streamHeaders } from '../../support/sse-server.ts'
import { disposeAllTransportSessions, recordTransport } from '../../support/transport-recorder.ts'
import { delay, freePort, waitFor } from '../../support/ws-server.ts'

afterEach(async () => {
  disposeAllTransportSessions()
  await closeAllSseServers()
})

const spec = (url: string, extra: Partial<SseSpec> = {}): SseSpec => ({ transport: 'sse', url, method: 'GET', headers: [], query: [], body: '', ...extra })

describe('SSE transport against a real node:http server', () => {
  it('sends GET with headers and query, and turns named events with ids into message frames', async () => {
    const server = await startSseServer((_req, res) => {
      streamHeaders(res)
      res.write(': hello\n\nevent: tick\nid: 1\ndata: {"n":1}\n\n')
      res.write('data: line one\ndata: line two\n\n')
    })
    const rec = recordTransport(
      createSseTransport(),
      spec(server.url('/events?fixed=1'), { headers: [['Authorization', 'Bearer t0ken'], ['X-Trace', 'abc']], query: [['q', 'a b']] }),
    )
    const messages = await rec.waitForMessages(2, 'in')
    expect(messages.map((m) => [m.payload, m.detail])).toEqual([
      ['{"n":1}', { transport: 'sse', event: 'tick', id: '1' }],
      ['line one\nline two', { transport: 'sse', event: 'message', id: '1' }],
    ])
    expect(messages[0]?.size).toBe(7)
    const request = server.requests[0]
    expect(request?.method).toBe('GET')
    expect(new URL(request?.url ?? '', 'http://x').searchParams.getAll('q')).toEqual(['a b'])
    expect(new URL(request?.url ?? '', 'http://x').searchParams.get('fixed')).toBe('1')
    expect(request?.headers.authorization).toBe('Bearer t0ken')
    expect(request?.headers['x-trace']).toBe('abc')
    expect(request?.headers.accept).toBe('text/event-stream')
    expect(request?.headers['last-event-id']).toBeUndefined()
    expect(rec.kinds().slice(0, 3)).toEqual(['connecting', 'open', 'notice'])
    expect(rec.notices()[0]?.message).toBe('HTTP 200 OK · text/event-stream; charset=utf-8')
    expect(rec.session.status()).toBe('open')
    expect(rec.session.send('x')).toMatchObject({ ok: false })
  })

  it('POSTs a body that the server streams back, and shows the body as sent', async () => {
    const server = await startSseServer((req, res) => {
      streamHeaders(res)
      for (const word of req.body.split(' ')) res.write(`event: word\ndata: ${word}\n\n`)
    })
    const rec = recordTransport(createSseTransport(), spec(server.url('/chat'), { method: 'POST', body: 'stream me back', headers: [['Content-Type', 'text/plain']] }))
    const messages = await rec.waitForMessages(3, 'in')
    expect(messages.map((m) => m.payload)).toEqual(['stream', 'me', 'back'])
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: 'stream me back' })
    expect(rec.messages('out').map((m) => m.payload)).toEqual(['stream me back'])
  })

  it('parses events split across network chunks inside a field name, a value and a UTF-8 character', async () => {
    const whole = Buffer.from('event: gr\u00fc\u00df\ndata: caf\u00e9 \u{1F600}\nid: 42\n\n', 'utf8')
    const cuts = [3, 9, whole.indexOf(0xc3, 9) + 1, whole.indexOf(0xf0) + 2, whole.length - 1]
    const server = await startSseServer(async (_req, res) => {
      streamHeaders(res)
      let from = 0
      for (const cut of cuts) {
        res.write(whole.subarray(from, cut))
        from = cut
        await delay(25)
      }
      res.write(whole.subarray(from))
    })
    const rec = recordTransport(createSseTransport(), spec(server.url('/split')))
    const [message] = await rec.waitForMessages(1, 'in')
    expect(message?.payload).toBe('caf\u00e9 \u{1F600}')
    expect(message?.detail).toEqual({ transport: 'sse', event: 'gr\u00fc\u00df', id: '42' })
  })

  it('reconnects after the server drops the stream, after the retry it set, sending Last-Event-ID', async () => {
    let served = 0
    const server = await startSseServer((req, res) => {
      served += 1
      streamHeaders(res)
      if (served === 1) {
        res.write('retry: 80\nid: a-1\ndata: first\n\nid: a-2\ndata: second\n\n')
        setTimeout(() => res.destroy(), 50)
      } else {
        res.write(`id: b-1\ndata: resumed after ${String(req.headers['last-event-id'])}\n\n`)
      }
    })
    const rec = recordTransport(createSseTransport(), spec(server.url('/ticker')))
    const messages = await rec.waitForMessages(3, 'in')
    expect(messages.map((m) => m.payload)).toEqual(['first', 'second', 'resumed after a-2'])
    expect(server.requests[1]?.headers['last-event-id']).toBe('a-2')
    expect(messages[0]?.detail).toEqual({ transport: 'sse', event: 'message', id: 'a-1', retry: 80 })
    const notice = rec.notices().find((n) => n.message.includes('Reconnecting'))
    expect(notice?.message).toMatch(/Reconnecting in 0\.1 s with Last-Event-ID: a-2/)
    // The wait between the drop and the second request is the server's retry, not the 3 s default.
    const [, second] = rec.frames.filter((f) => f.kind === 'connecting')
    expect((second?.at ?? 0) - (notice?.at ?? 0)).toBeGreaterThanOrEqual(70)
    expect(rec.statuses).toEqual(['open', 'connecting', 'open'])

    // Close stops for good: no further request, and the timeline says it was asked for.
    expect(rec.session.close()).toEqual({ ok: true })
    expect(rec.session.status()).toBe('closed')
    expect(rec.frames.at(-1)).toMatchObject({ kind: 'close', wasClean: true })
    await delay(200)
    expect(server.requests).toHaveLength(2)
  })

  it('stops reconnecting when reconnect is off', async () => {
    const server = await startSseServer((_req, res) => {
      streamHeaders(res)
      res.end('data: only\n\n')
    })
    const rec = recordTransport(createSseTransport(), spec(server.url('/once'), { reconnect: false }))
    await rec.waitForStatus('closed')
    expect(rec.messages('in').map((m) => m.payload)).toEqual(['only'])
    expect(rec.frames.at(-1)).toMatchObject({ kind: 'close', wasClean: false })
    expect(String((rec.frames.at(-1) as { meaning: string }).meaning)).toMatch(/ended the stream. Reconnecting is off/)
    await delay(100)
    expect(server.requests).toHaveLength(1)
  })

  it('explains a response that is not text/event-stream, quotes its start and does not retry', async () => {
    const server = await startSseServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"error":"use /events"}')
    })
    const rec = recordTransport(createSseTransport({ defaultRetryMs: 20 }), spec(server.url('/api')))
    await rec.waitForStatus('closed')
    expect(rec.errors()[0]?.message).toBe(
      'The server answered HTTP 200 OK with content type application/json, not text/event-stream: this endpoint is not an event stream. The response began: {"error":"use /events"}',
    )
    await delay(100)
    expect(server.requests).toHaveLength(1)
  })

  it('explains a refused status (401) and stops', async () => {
    const server = await startSseServer((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/plain' })
      res.end('bad token')
    })
    const rec = recordTransport(createSseTransport({ defaultRetryMs: 20 }), spec(server.url('/events')))
    await rec.waitForStatus('closed')
    expect(rec.errors()[0]?.message).toMatch(/^The server answered HTTP 401 Unauthorized \(content type text\/plain\), not 200.*began: bad token$/)
    expect(rec.kinds()).not.toContain('open')
  })

  it('retries a server that is not there a bounded number of times, then gives up', async () => {
    const port = await freePort()
    const rec = recordTransport(createSseTransport({ defaultRetryMs: 10, maxFailedAttempts: 3 }), spec(`http://127.0.0.1:${port}/events`))
    await rec.waitForStatus('closed')
    expect(rec.frames.filter((f) => f.kind === 'connecting')).toHaveLength(3)
    expect(rec.errors()[0]?.message).toMatch(/^The request failed before any response/)
    expect(String((rec.frames.at(-1) as { meaning: string }).meaning)).toMatch(/Gave up after 3 attempts/)
  })

  it('resumes from a server restarted on the same port with the last id seen', async () => {
    const first = await startSseServer((_req, res) => {
      streamHeaders(res)
      res.write('id: 5\ndata: five\n\n')
    })
    const port = first.port
    const rec = recordTransport(createSseTransport({ defaultRetryMs: 50 }), spec(first.url('/t')))
    await rec.waitForMessages(1, 'in')
    await first.close()
    const second = await startSseServer((req, res) => {
      streamHeaders(res)
      res.write(`id: 6\ndata: after ${String(req.headers['last-event-id'])}\n\n`)
    }, port)
    const messages = await rec.waitForMessages(2, 'in', 5000)
    expect(messages[1]?.payload).toBe('after 5')
    expect(second.requests.at(-1)?.headers['last-event-id']).toBe('5')
  })

  it('refuses bad targets with a message before anything is opened', () => {
    const t = createSseTransport()
    expect(t.checkTarget(spec('ws://x/e'))).toEqual({ ok: false, error: 'Server-Sent Events need an http:// or https:// URL (got ws://).' })
    expect(t.checkTarget(spec('localhost:1/e'))).toMatchObject({ ok: false, error: expect.stringContaining('did you mean http://localhost:1/e') })
    expect(t.checkTarget(spec('http://x/e', { headers: [['Bad Name', 'v']] }))).toMatchObject({ ok: false })
    expect(t.checkTarget(spec('http://x/e', { headers: [['Cookie', 'v']] }))).toEqual({ ok: false, error: 'The browser does not let a page set the "Cookie" header.' })
    expect(t.checkTarget(spec(' http://x/e '))).toMatchObject({ ok: true, spec: { url: 'http://x/e' } })
  })

  it('aborts a request whose headers do not come in time', async () => {
    const server = await startSseServer(() => {
      /* never answers */
    })
    const rec = recordTransport(createSseTransport({ defaultRetryMs: 10 }), spec(server.url('/slow'), { connectTimeoutMs: 100, reconnect: false }))
    await rec.waitForStatus('closed')
    expect(rec.errors()[0]?.message).toBe('No response headers in 0.1 s; the request was aborted.')
    await waitFor(() => server.requests.length === 1, 'one request')
  })
})
