import { describeCloseCode, validateCloseRequest } from './close-codes.ts'
import type { Frame, FrameId, Payload } from '../../frame.ts'
import type { ActionResult, FrameSink, SessionStatus, TransportSession } from '../../transport.ts'
import { utf8ByteLength } from '../../utf8.ts'

export type { SessionStatus }

/** The slice of the browser WebSocket the engine touches; `ws`'s client and test fakes fit it too. */
export type WebSocketLike = {
  readonly readyState: number
  readonly protocol: string
  readonly extensions: string
  readonly bufferedAmount: number
  binaryType: string
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onerror: ((event: unknown) => void) | null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null
  send(data: string | ArrayBuffer | ArrayBufferView): void
  close(code?: number, reason?: string): void
}

export type CreateSocket = (url: string, protocols: readonly string[], headers?: readonly (readonly [string, string])[]) => WebSocketLike

export type SocketSessionOptions = {
  url: string
  protocols?: readonly string[]
  /** Handshake headers: only a host whose socket can send them (the headless runner) uses them. */
  headers?: readonly (readonly [string, string])[]
  /** Abort a handshake that has not completed after this long. 0 disables the timeout. */
  connectTimeoutMs?: number
  sink: FrameSink
  createSocket?: CreateSocket
  now?: () => number
  nextFrameId: () => FrameId
}

export type SendResult = ActionResult

export type SocketSession = TransportSession

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

/**
 * Above this many queued bytes a send is refused: Chromium keeps buffering without limit (a 66 MB
 * backlog did not close the socket in our probe), so the app is the only brake.
 */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024

const BUFFERED_POLL_MS = 100

const FAILED_BEFORE_OPEN =
  'Connection failed. The browser does not say why; usual causes: nothing listening at that address, ' +
  'an endpoint that is not a WebSocket server, a handshake rejected by the server (e.g. 401/403), ' +
  'a TLS certificate the browser does not trust, or no offered subprotocol accepted.'

const READY_STATE_OPEN = 1

function defaultCreateSocket(url: string, protocols: readonly string[]): WebSocketLike {
  // A browser's WebSocket has no way to send headers; the runner passes its own createSocket.
  return new WebSocket(url, [...protocols]) as unknown as WebSocketLike
}

// Loopback hosts are "potentially trustworthy" (https://w3c.github.io/webappsec-secure-contexts/),
// so Chromium lets an https page open ws:// to them: mixed content is not why those failed.
const LOOPBACK_HOST = /^wss?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?]|$)/i

function describeConstructorError(error: unknown, url: string): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '')
  const pageIsHttps = typeof location !== 'undefined' && location.protocol === 'https:'
  const mixedContent = pageIsHttps && url.startsWith('ws://') && !LOOPBACK_HOST.test(url)
  const hint = mixedContent
    ? ' This page is served over https, and browsers block ws:// from https pages (mixed content): use wss://, or run Frameline locally.'
    : ''
  return `The browser refused to open this connection: ${message}.${hint}`
}

/**
 * Owns one browser WebSocket for one connection attempt and reports everything it does as frames.
 *
 * NOTE: status is driven by `close` only. A TCP drop after open fires no `error` event, and an
 * `error` is always followed by `close`, so `close` is the single source of truth.
 *
 * @example
 * const session = createSocketSession({ url: 'ws://localhost:8080', sink, nextFrameId })
 * session.send('{"hello":1}')
 * session.close(1000, 'done')
 */
export function createSocketSession(options: SocketSessionOptions): SocketSession {
  const { url, sink, nextFrameId } = options
  const protocols = options.protocols ?? []
  const now = options.now ?? Date.now
  const createSocket = options.createSocket ?? defaultCreateSocket
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS

  let status: SessionStatus = 'connecting'
  let protocol = ''
  let extensions = ''
  let disposed = false
  let didOpen = false
  let timedOut = false
  let connectTimer: ReturnType<typeof setTimeout> | undefined
  let bufferedTimer: ReturnType<typeof setInterval> | undefined
  let lastReportedBuffered = 0

  const emit = (frame: Frame) => {
    if (!disposed) sink.frame(frame)
  }
  const setStatus = (next: SessionStatus) => {
    if (status === next) return
    status = next
    if (!disposed) sink.status(next)
  }
  const error = (message: string) => emit({ id: nextFrameId(), at: now(), kind: 'error', message })

  const stopTimers = () => {
    clearTimeout(connectTimer)
    clearInterval(bufferedTimer)
    connectTimer = undefined
    bufferedTimer = undefined
  }

  const reportBuffered = (bytes: number) => {
    if (bytes === lastReportedBuffered) return
    lastReportedBuffered = bytes
    if (!disposed) sink.buffered?.(bytes)
  }

  emit({ id: nextFrameId(), at: now(), kind: 'connecting', url, protocols: [...protocols] })

  let ws: WebSocketLike | null = null
  try {
    ws = createSocket(url, protocols, options.headers ?? [])
  } catch (thrown) {
    // The constructor throws synchronously for a bad scheme, a #fragment, an invalid subprotocol
    // or (Chromium) ws:// from an https page: https://websockets.spec.whatwg.org/#dom-websocket-websocket
    error(describeConstructorError(thrown, url))
    setStatus('closed')
  }

  const watchBuffered = () => {
    if (bufferedTimer !== undefined || !ws) return
    const socket = ws
    reportBuffered(socket.bufferedAmount)
    bufferedTimer = setInterval(() => {
      reportBuffered(socket.bufferedAmount)
      if (socket.bufferedAmount === 0 || status === 'closed') {
        clearInterval(bufferedTimer)
        bufferedTimer = undefined
      }
    }, BUFFERED_POLL_MS)
  }

  if (ws) {
    const socket = ws
    socket.binaryType = 'arraybuffer'
    // Chromium has no handshake timeout of its own, and while one handshake to a host:port is
    // pending it holds back every other one to the same host:port (RFC 6455 section 4.1).
    if (connectTimeoutMs > 0) {
      connectTimer = setTimeout(() => {
        if (status !== 'connecting') return
        timedOut = true
        error(`No handshake response in ${formatSeconds(connectTimeoutMs)}; the attempt was aborted.`)
        setStatus('closing')
        socket.close()
      }, connectTimeoutMs)
    }

    socket.onopen = () => {
      clearTimeout(connectTimer)
      didOpen = true
      protocol = socket.protocol
      extensions = socket.extensions
      emit({ id: nextFrameId(), at: now(), kind: 'open', protocol: socket.protocol, extensions: socket.extensions })
      setStatus('open')
    }

    socket.onmessage = (event) => {
      const data = event.data
      // binaryType is 'arraybuffer', so binary data is already here: decoding stays synchronous and
      // frames keep their wire order (an async Blob read could reorder them).
      if (typeof data === 'string') {
        emit({ id: nextFrameId(), at: now(), kind: 'message', direction: 'in', payload: data, size: utf8ByteLength(data) })
      } else if (data instanceof ArrayBuffer) {
        emit({ id: nextFrameId(), at: now(), kind: 'message', direction: 'in', payload: data, size: data.byteLength })
      } else if (ArrayBuffer.isView(data)) {
        const copy = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer
        emit({ id: nextFrameId(), at: now(), kind: 'message', direction: 'in', payload: copy, size: copy.byteLength })
      }
    }

    socket.onerror = () => {
      // A timed-out attempt was already explained; the browser's error event carries no detail.
      if (timedOut) return
      error(didOpen ? 'WebSocket error: the browser reports no detail; the close code below says more.' : FAILED_BEFORE_OPEN)
    }

    socket.onclose = (event) => {
      stopTimers()
      reportBuffered(0)
      emit({
        id: nextFrameId(),
        at: now(),
        kind: 'close',
        code: event.code,
        reason: event.reason,
        wasClean: event.wasClean,
        meaning: describeCloseCode(event.code),
      })
      ws = null
      setStatus('closed')
    }
  }

  return {
    status: () => status,
    protocol: () => protocol,
    extensions: () => extensions,

    send(payload: Payload): SendResult {
      if (disposed) return { ok: false, error: 'This session is closed.' }
      if (!ws || status !== 'open' || ws.readyState !== READY_STATE_OPEN) {
        // The browser throws InvalidStateError while CONNECTING and silently drops data after close.
        const why = status === 'connecting' ? 'the connection is still opening' : 'the connection is not open'
        const message = `Not sent: ${why}.`
        error(message)
        return { ok: false, error: message }
      }
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        const message = `Not sent: ${formatMegabytes(ws.bufferedAmount)} are still waiting to leave this browser; wait for the server to read them.`
        error(message)
        return { ok: false, error: message }
      }
      try {
        ws.send(payload)
      } catch (thrown) {
        const message = `Not sent: ${thrown instanceof Error ? thrown.message : String(thrown)}`
        error(message)
        return { ok: false, error: message }
      }
      const size = typeof payload === 'string' ? utf8ByteLength(payload) : payload.byteLength
      emit({ id: nextFrameId(), at: now(), kind: 'message', direction: 'out', payload, size })
      watchBuffered()
      return { ok: true }
    },

    close(code = 1000, reason = ''): SendResult {
      const check = validateCloseRequest(code, reason, utf8ByteLength(reason))
      if (!check.ok) return { ok: false, error: check.error }
      if (!ws || status === 'closed') return { ok: true }
      if (status === 'closing') return { ok: true }
      setStatus('closing')
      // While CONNECTING the browser ignores the code and reports 1006; that is expected.
      ws.close(check.value.code, check.value.reason)
      return { ok: true }
    },

    dispose() {
      if (disposed) return
      stopTimers()
      const socket = ws
      ws = null
      disposed = true
      if (!socket) return
      // Detached before closing: its close event may arrive much later, and nothing of this
      // session may be reported after dispose (a newer session of the connection may be running).
      socket.onopen = null
      socket.onmessage = null
      socket.onclose = null
      // A no-op rather than null: Node's `ws` throws an 'error' event nobody listens to.
      socket.onerror = () => {}
      if (socket.readyState <= READY_STATE_OPEN) socket.close(1000)
    },
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
