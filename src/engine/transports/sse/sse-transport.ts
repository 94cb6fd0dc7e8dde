import { TRANSPORT_CAPABILITIES } from '../capabilities.ts'
import type { Frame } from '../../frame.ts'
import type { ActionResult, FrameSink, SessionStatus, Transport, TransportDeps, TransportSession } from '../../transport.ts'
import { utf8ByteLength } from '../../utf8.ts'
import { createEventStreamParser } from './event-stream-parser.ts'
import { checkSseUrl } from './sse-url.ts'

export { checkSseUrl }

export type SseHeader = readonly [name: string, value: string]

export type SseSpec = {
  readonly transport: 'sse'
  /** http:// or https://. */
  readonly url: string
  readonly method: 'GET' | 'POST'
  readonly headers: readonly SseHeader[]
  /** Appended to the URL's own query. */
  readonly query: readonly SseHeader[]
  /** Sent with POST only. */
  readonly body: string
  /** Reconnect when the stream ends or the network fails, as EventSource does (on by default). */
  readonly reconnect?: boolean
  /** Give up on a request whose response headers have not arrived after this long; 0 waits. */
  readonly connectTimeoutMs?: number
}

export type SseTransportOptions = {
  /** The platform's fetch by default. */
  fetch?: typeof fetch
  /** The reconnection time until the server sends `retry` (the standard leaves it to the client). */
  defaultRetryMs?: number
  /** Consecutive failed attempts (no stream opened) after which reconnecting stops. */
  maxFailedAttempts?: number
}

export const DEFAULT_SSE_RETRY_MS = 3000
export const MAX_SSE_FAILED_ATTEMPTS = 10
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
/** Characters of a non-stream response body quoted in the error. */
const QUOTED_BODY_CHARS = 300

const SEND_REFUSED = 'Server-Sent Events carry nothing from the client once connected; edit the request body and reconnect instead.'


// RFC 9110 section 5.1: a field name is a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Headers a script may not set (fetch standard, "forbidden request-header"); the browser drops them silently.
const FORBIDDEN = new Set(['accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method', 'connection', 'content-length', 'cookie', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via'])

function badHeaders(headers: readonly SseHeader[]): string | null {
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) return `Header name "${name}" has characters a header name cannot contain.`
    if (FORBIDDEN.has(name.toLowerCase()) || /^(proxy-|sec-)/i.test(name)) return `The browser does not let a page set the "${name}" header.`
    if (/[\r\n\0]/.test(value)) return `The value of header "${name}" contains a line break.`
  }
  return null
}

export function buildSseUrl(url: string, query: readonly SseHeader[]): string {
  const parsed = new URL(url.trim())
  for (const [key, value] of query) parsed.searchParams.append(key, value)
  return parsed.toString()
}

function pageOrigin(): string | null {
  const scope = globalThis as { location?: { origin?: string } }
  return typeof scope.location?.origin === 'string' ? scope.location.origin : null
}

function describeFetchFailure(thrown: unknown, url: string, spec: SseSpec): string {
  const message = thrown instanceof Error ? thrown.message : String(thrown)
  const origin = pageOrigin()
  const crossOrigin = origin !== null && origin !== 'null' && new URL(url).origin !== origin
  if (crossOrigin) {
    const preflight = spec.method === 'POST' || spec.headers.length > 0
    return (
      `The request failed before any response (${message}). The server may be unreachable, or it does not allow ` +
      `this page's origin (${origin}): a cross-origin stream needs the server to answer with ` +
      `Access-Control-Allow-Origin` +
      (preflight ? ', and to answer the CORS preflight (OPTIONS) allowing this method and these headers (Access-Control-Allow-Headers)' : '') +
      '. The browser does not say which; DevTools → Console shows a CORS error if that is the cause.'
    )
  }
  return `The request failed before any response (${message}): nothing may be listening at that address, or the connection was refused.`
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/**
 * Server-Sent Events over fetch streaming rather than EventSource, which cannot send POST, headers
 * or a body. It reconnects itself as the standard describes (the `retry` field, Last-Event-ID), so
 * the runtime's reconnect stays out of its way.
 */
export function createSseTransport(options: SseTransportOptions = {}): Transport<SseSpec> {
  return {
    kind: 'sse',
    capabilities: TRANSPORT_CAPABILITIES['sse'],
    checkTarget(spec) {
      const urlError = checkSseUrl(spec.url)
      if (urlError) return { ok: false, error: urlError }
      if (spec.method !== 'GET' && spec.method !== 'POST') return { ok: false, error: `Method must be GET or POST (got ${String(spec.method)}).` }
      const headerError = badHeaders(spec.headers ?? [])
      if (headerError) return { ok: false, error: headerError }
      return { ok: true, spec: { ...spec, url: spec.url.trim(), headers: spec.headers ?? [], query: spec.query ?? [], body: spec.body ?? '' } }
    },
    open(spec, sink, deps) {
      return openSseSession(spec, sink, deps, options)
    },
  }
}

function openSseSession(spec: SseSpec, sink: FrameSink, deps: TransportDeps, options: SseTransportOptions): TransportSession {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  const maxFailed = options.maxFailedAttempts ?? MAX_SSE_FAILED_ATTEMPTS
  const connectTimeoutMs = spec.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const reconnect = spec.reconnect !== false
  const url = buildSseUrl(spec.url, spec.query)

  let status: SessionStatus = 'connecting'
  let disposed = false
  let stopped = false
  let retryMs = options.defaultRetryMs ?? DEFAULT_SSE_RETRY_MS
  let lastEventId = ''
  let failedInARow = 0
  let controller: AbortController | null = null
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let connectTimer: ReturnType<typeof setTimeout> | undefined

  const emit = (frame: Frame) => {
    if (!disposed) sink.frame(frame)
  }
  const setStatus = (next: SessionStatus) => {
    if (status === next) return
    status = next
    if (!disposed) sink.status(next)
  }
  const notice = (message: string) => emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'notice', message })
  const error = (message: string) => emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'error', message })
  const closeFrame = (wasClean: boolean, meaning: string) =>
    emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'close', code: wasClean ? 1000 : 1006, reason: '', wasClean, meaning })

  const finish = (wasClean: boolean, meaning: string) => {
    clearTimeout(retryTimer)
    clearTimeout(connectTimer)
    stopped = true
    closeFrame(wasClean, meaning)
    setStatus('closed')
  }

  /** The stream ended or the network failed: wait `retry` and try again, with Last-Event-ID. */
  const scheduleRetry = (why: string) => {
    if (stopped) return
    if (!reconnect) {
      finish(false, `${why} Reconnecting is off for this connection.`)
      return
    }
    if (failedInARow >= maxFailed) {
      finish(false, `${why} Gave up after ${failedInARow} attempts in a row that opened no stream.`)
      return
    }
    setStatus('connecting')
    notice(`${why} Reconnecting in ${formatSeconds(retryMs)}${lastEventId === '' ? '' : ` with Last-Event-ID: ${lastEventId}`}.`)
    retryTimer = setTimeout(() => void attempt(), retryMs)
  }

  async function attempt(): Promise<void> {
    if (stopped) return
    const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-store' }
    for (const [name, value] of spec.headers) headers[name] = value
    if (lastEventId !== '') headers['Last-Event-ID'] = lastEventId
    const body = spec.method === 'POST' ? spec.body : undefined
    emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'connecting', url: `${spec.method} ${url}`, protocols: [] })
    if (body !== undefined && body !== '') {
      emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'message', direction: 'out', payload: body, size: utf8ByteLength(body) })
    }
    const current = new AbortController()
    controller = current
    let timedOut = false
    if (connectTimeoutMs > 0) {
      connectTimer = setTimeout(() => {
        timedOut = true
        current.abort()
      }, connectTimeoutMs)
    }
    let response: Response
    try {
      response = await doFetch(url, { method: spec.method, headers, ...(body === undefined ? {} : { body }), signal: current.signal, cache: 'no-store' })
    } catch (thrown) {
      clearTimeout(connectTimer)
      if (stopped || disposed) return
      failedInARow += 1
      if (timedOut) {
        error(`No response headers in ${formatSeconds(connectTimeoutMs)}; the request was aborted.`)
        scheduleRetry('No stream opened.')
        return
      }
      error(describeFetchFailure(thrown, url, spec))
      scheduleRetry('No stream opened.')
      return
    }
    clearTimeout(connectTimer)
    if (stopped || disposed) {
      void response.body?.cancel().catch(() => {})
      return
    }
    const contentType = response.headers.get('content-type') ?? ''
    const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
    // The standard: anything but 200 with text/event-stream fails the connection for good.
    if (response.status !== 200 || !/^text\/event-stream\s*(;|$)/i.test(contentType)) {
      const quoted = await readHead(response)
      const why =
        response.status === 204
          ? `The server answered ${statusLine}: it asks the client to stop reconnecting.`
          : response.status !== 200
            ? `The server answered ${statusLine} (content type ${contentType || 'none'}), not 200: an event stream needs 200.`
            : `The server answered ${statusLine} with content type ${contentType || 'none'}, not text/event-stream: this endpoint is not an event stream.`
      error(quoted === '' ? why : `${why} The response began: ${quoted}`)
      finish(false, 'Stopped: the response was not an event stream, so reconnecting would not help.')
      return
    }
    failedInARow = 0
    emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'open', protocol: '', extensions: '' })
    notice(`${statusLine} · ${contentType}`)
    setStatus('open')
    const parser = createEventStreamParser(
      {
        event: (event) => {
          lastEventId = event.id
          emit({
            id: deps.nextFrameId(),
            at: deps.now(),
            kind: 'message',
            direction: 'in',
            payload: event.data,
            size: utf8ByteLength(event.data),
            // Fixed shapes, no object spread: one of these per event, at hundreds of thousands a second.
            detail: event.retry === undefined ? { transport: 'sse', event: event.event, id: event.id } : { transport: 'sse', event: event.event, id: event.id, retry: event.retry },
          })
        },
        retry: (ms) => {
          retryMs = ms
        },
      },
      lastEventId,
    )
    const reader = response.body?.getReader()
    if (!reader) {
      scheduleRetry('The response had no body.')
      return
    }
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (stopped || disposed) return
        parser.push(value)
        // An id field with no data still moves the last event id.
        lastEventId = parser.lastEventId()
      }
      parser.end()
      lastEventId = parser.lastEventId()
    } catch (thrown) {
      if (stopped || disposed) return
      parser.end()
      lastEventId = parser.lastEventId()
      scheduleRetry(`The stream broke (${thrown instanceof Error ? thrown.message : String(thrown)}).`)
      return
    }
    if (stopped || disposed) return
    scheduleRetry('The server ended the stream.')
  }

  void attempt()

  return {
    status: () => status,
    protocol: () => '',
    extensions: () => '',
    send(): ActionResult {
      return { ok: false, error: SEND_REFUSED }
    },
    close(): ActionResult {
      if (stopped || status === 'closed') return { ok: true }
      controller?.abort()
      finish(true, 'Closed by you; no reconnect follows.')
      return { ok: true }
    },
    dispose() {
      if (disposed) return
      disposed = true
      stopped = true
      clearTimeout(retryTimer)
      clearTimeout(connectTimer)
      controller?.abort()
    },
  }
}

async function readHead(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader()
    if (!reader) return ''
    const first = await reader.read()
    void reader.cancel().catch(() => {})
    if (first.done || !first.value) return ''
    const text = new TextDecoder().decode(first.value.subarray(0, QUOTED_BODY_CHARS * 4))
    return text.length > QUOTED_BODY_CHARS ? `${text.slice(0, QUOTED_BODY_CHARS)}…` : text
  } catch {
    return ''
  }
}
