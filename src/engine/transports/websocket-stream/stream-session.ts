import type { Frame, FrameId, Payload } from '../../frame.ts'
import type { ActionResult, FrameSink, ReadControl, ReadingState, SessionStatus, TransportSession } from '../../transport.ts'
import { utf8ByteLength } from '../../utf8.ts'
import { describeCloseCode, validateCloseRequest } from '../websocket/close-codes.ts'
import { MAX_BUFFERED_BYTES } from '../websocket/socket-session.ts'

/**
 * The slice of WebSocketStream (https://github.com/ricea/websocketstream-explainer, Chromium 124+)
 * the session uses. Declared here because TypeScript's libraries do not know the API yet; a test
 * may pass anything of this shape.
 */
export type StreamReader = {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: string | Uint8Array }>
  cancel(reason?: unknown): Promise<void>
}
export type StreamWriter = { write(chunk: string | ArrayBuffer | ArrayBufferView): Promise<void> }
export type WebSocketStreamLike = {
  readonly opened: Promise<{
    readable: { getReader(): StreamReader }
    writable: { getWriter(): StreamWriter }
    protocol: string
    extensions: string
  }>
  readonly closed: Promise<{ closeCode?: number; reason?: string }>
  close(info?: { closeCode?: number; reason?: string }): void
}
export type CreateStream = (url: string, options: { protocols: string[]; signal: AbortSignal }) => WebSocketStreamLike

export type StreamSessionOptions = {
  url: string
  protocols: readonly string[]
  connectTimeoutMs: number
  sink: FrameSink
  createStream?: CreateStream | undefined
  now: () => number
  nextFrameId: () => FrameId
}

/** The longest read delay a user can set: one message a minute is slow enough for any test. */
export const MAX_READ_DELAY_MS = 60_000

export const NO_WEBSOCKET_STREAM =
  'This browser has no WebSocketStream (Chromium 124 and later have it): use a WebSocket connection instead.'

const FAILED_BEFORE_OPEN =
  'Connection failed. The browser does not say why; usual causes: nothing listening at that address, ' +
  'an endpoint that is not a WebSocket server, a handshake rejected by the server (e.g. 401/403), ' +
  'a TLS certificate the browser does not trust, or no offered subprotocol accepted.'

type StreamConstructor = new (url: string, options: { protocols: string[]; signal: AbortSignal }) => WebSocketStreamLike

/** The platform's WebSocketStream, or null where the browser has none (Firefox, Safari, Node). */
export function platformCreateStream(): CreateStream | null {
  const Ctor = (globalThis as { WebSocketStream?: StreamConstructor }).WebSocketStream
  return typeof Ctor === 'function' ? (url, options) => new Ctor(url, options) : null
}

/**
 * One WebSocketStream for one connection attempt. Messages are pulled from the readable one at a
 * time, so not pulling is real backpressure: the browser stops reading the TCP socket once its
 * small queue is full, and the server's send buffer grows. That is what Pause reading does.
 *
 * Closing: the server's close frame queues behind every unread message, so a close while paused
 * (or while a flood is unread) would wait forever for its handshake. Measured in headless
 * Chromium 156: close() with 64 MB unread stayed 'closing' for as long as we waited; close()
 * followed by reading until the readable ends completed in under a second, cleanly. So close()
 * always resumes pulling (without the read delay) until the stream ends, and dispose() does the
 * same silently.
 */
export function createStreamSession(options: StreamSessionOptions): TransportSession {
  const { url, sink, now, nextFrameId } = options
  let status: SessionStatus = 'connecting'
  let protocol = ''
  let extensions = ''
  let disposed = false
  let closing = false
  let timedOut = false
  let writer: StreamWriter | null = null
  let pendingWriteBytes = 0

  let paused = false
  let pausedSince: number | null = null
  let pausedTotalMs = 0
  let delayMs = 0
  // Resolves the pump's wait (a pause or a read delay) early: resume, a new delay, close, dispose.
  let wake: (() => void) | null = null

  const emit = (frame: Frame) => {
    if (!disposed) sink.frame(frame)
  }
  const setStatus = (next: SessionStatus) => {
    if (status === next) return
    status = next
    if (!disposed) sink.status(next)
  }
  const error = (message: string) => emit({ id: nextFrameId(), at: now(), kind: 'error', message })
  const notice = (message: string) => emit({ id: nextFrameId(), at: now(), kind: 'notice', message })
  const readingState = (): ReadingState => ({ paused, pausedSince, pausedTotalMs, delayMs })
  const reportReading = () => {
    if (!disposed) sink.reading?.(readingState())
  }
  const reportBuffered = () => {
    if (!disposed) sink.buffered?.(pendingWriteBytes)
  }
  const wakePump = () => {
    const resolve = wake
    wake = null
    resolve?.()
  }

  emit({ id: nextFrameId(), at: now(), kind: 'connecting', url, protocols: [...options.protocols] })

  const create = options.createStream ?? platformCreateStream()
  if (!create) {
    error(NO_WEBSOCKET_STREAM)
    setStatus('closed')
    return closedSession()
  }

  const abort = new AbortController()
  let stream: WebSocketStreamLike
  try {
    stream = create(url, { protocols: [...options.protocols], signal: abort.signal })
  } catch (thrown) {
    // Thrown synchronously for a bad URL or subprotocol, as the WebSocket constructor does.
    const message = (thrown instanceof Error ? thrown.message : String(thrown)).replace(/\.+$/, '')
    error(`The browser refused to open this connection: ${message}.`)
    setStatus('closed')
    return closedSession()
  }

  // Chromium has no handshake timeout of its own; the signal aborts a pending handshake.
  const connectTimer =
    options.connectTimeoutMs > 0
      ? setTimeout(() => {
          if (status !== 'connecting') return
          timedOut = true
          error(`No handshake response in ${formatSeconds(options.connectTimeoutMs)}; the attempt was aborted.`)
          setStatus('closing')
          abort.abort()
        }, options.connectTimeoutMs)
      : undefined

  stream.opened.then(
    ({ readable, writable, protocol: negotiated, extensions: negotiatedExtensions }) => {
      clearTimeout(connectTimer)
      protocol = negotiated
      extensions = negotiatedExtensions
      writer = writable.getWriter()
      emit({ id: nextFrameId(), at: now(), kind: 'open', protocol, extensions })
      // A close asked for while connecting has already been sent; the stream still needs reading to end.
      if (status === 'connecting') setStatus('open')
      void pump(readable.getReader())
    },
    () => {
      clearTimeout(connectTimer)
      // A timed-out or user-closed attempt was already explained.
      if (!timedOut && !closing) error(FAILED_BEFORE_OPEN)
    },
  )

  stream.closed.then(
    (info) => finish(info.closeCode ?? 1005, info.reason ?? '', true),
    (thrown: unknown) => {
      // A WebSocketError carries the code and reason of an unclean close; anything else is a 1006.
      const info = (thrown ?? {}) as { closeCode?: unknown; reason?: unknown }
      finish(typeof info.closeCode === 'number' ? info.closeCode : 1006, typeof info.reason === 'string' ? info.reason : '', false)
    },
  )

  function finish(code: number, reason: string, wasClean: boolean): void {
    clearTimeout(connectTimer)
    if (status === 'closed') return
    if (paused && pausedSince !== null) {
      pausedTotalMs += now() - pausedSince
      pausedSince = null
      paused = false
      reportReading()
    }
    writer = null
    pendingWriteBytes = 0
    reportBuffered()
    emit({ id: nextFrameId(), at: now(), kind: 'close', code, reason, wasClean, meaning: describeCloseCode(code) })
    setStatus('closed')
    wakePump()
  }

  /** Pulls one message at a time; between pulls it waits while paused, and for the read delay. */
  async function pump(reader: StreamReader): Promise<void> {
    try {
      for (;;) {
        while (paused && !closing && !disposed) await new Promise<void>((resolve) => (wake = resolve))
        const result = await reader.read()
        if (result.done) return
        const value = result.value
        if (typeof value === 'string') {
          emit({ id: nextFrameId(), at: now(), kind: 'message', direction: 'in', payload: value, size: utf8ByteLength(value) })
        } else {
          // A view may share a larger buffer: the log keeps exactly the message's bytes.
          const whole = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength
          const payload = (whole ? value.buffer : value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)) as ArrayBuffer
          emit({ id: nextFrameId(), at: now(), kind: 'message', direction: 'in', payload, size: payload.byteLength })
        }
        if (delayMs > 0 && !closing && !disposed) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              wake = null
              resolve()
            }, delayMs)
            wake = () => {
              clearTimeout(timer)
              resolve()
            }
          })
        }
      }
    } catch {
      // The readable errors when the connection fails; `closed` reports how it ended.
    }
  }

  function closedSession(): TransportSession {
    return {
      status: () => status,
      protocol: () => '',
      extensions: () => '',
      send: () => ({ ok: false, error: 'Not sent: the connection is not open.' }),
      close: () => ({ ok: true }),
      setReading: () => ({ ok: false, error: 'The connection is not open.' }),
      dispose: () => {
        disposed = true
      },
    }
  }

  return {
    status: () => status,
    protocol: () => protocol,
    extensions: () => extensions,

    send(payload: Payload): ActionResult {
      if (disposed) return { ok: false, error: 'This session is closed.' }
      if (!writer || status !== 'open') {
        const message = `Not sent: ${status === 'connecting' ? 'the connection is still opening' : 'the connection is not open'}.`
        error(message)
        return { ok: false, error: message }
      }
      if (pendingWriteBytes > MAX_BUFFERED_BYTES) {
        const message = `Not sent: ${(pendingWriteBytes / (1024 * 1024)).toFixed(1)} MB are still waiting to leave this browser; wait for the server to read them.`
        error(message)
        return { ok: false, error: message }
      }
      const size = typeof payload === 'string' ? utf8ByteLength(payload) : payload.byteLength
      pendingWriteBytes += size
      reportBuffered()
      // The write settles once the browser has handed the message to the network: until then it counts as buffered.
      writer.write(payload).then(
        () => {
          pendingWriteBytes = Math.max(0, pendingWriteBytes - size)
          reportBuffered()
        },
        () => {
          pendingWriteBytes = Math.max(0, pendingWriteBytes - size)
          reportBuffered()
        },
      )
      emit({ id: nextFrameId(), at: now(), kind: 'message', direction: 'out', payload, size })
      return { ok: true }
    },

    close(code = 1000, reason = ''): ActionResult {
      const check = validateCloseRequest(code, reason, utf8ByteLength(reason))
      if (!check.ok) return { ok: false, error: check.error }
      if (status === 'closed' || closing) return { ok: true }
      closing = true
      setStatus('closing')
      if (paused) notice('Reading resumes to finish closing: the server’s close frame waits behind the unread messages.')
      stream.close({ closeCode: check.value.code, reason: check.value.reason })
      wakePump()
      return { ok: true }
    },

    setReading(control: ReadControl): ActionResult {
      if (disposed || status === 'closed') return { ok: false, error: 'The connection is not open.' }
      if (!Number.isInteger(control.delayMs) || control.delayMs < 0 || control.delayMs > MAX_READ_DELAY_MS) {
        return { ok: false, error: `The read delay must be a whole number of milliseconds from 0 to ${MAX_READ_DELAY_MS}.` }
      }
      if (control.delayMs !== delayMs) {
        delayMs = control.delayMs
        notice(delayMs === 0 ? 'Read delay off: messages are read as fast as they arrive.' : `Read delay ${delayMs} ms: one message is read, then reading waits ${delayMs} ms.`)
      }
      if (control.paused && !paused) {
        paused = true
        pausedSince = now()
        notice('Reading paused: messages wait in the browser’s and the server’s buffers, and the server feels backpressure.')
      } else if (!control.paused && paused) {
        const since = pausedSince ?? now()
        paused = false
        pausedSince = null
        pausedTotalMs += now() - since
        notice(`Reading resumed after ${formatSeconds(now() - since)} paused.`)
      }
      reportReading()
      wakePump()
      return { ok: true }
    },

    dispose() {
      if (disposed) return
      disposed = true
      clearTimeout(connectTimer)
      // Still closed and drained (see above), only silently: nothing is reported after dispose.
      if (status !== 'closed') {
        closing = true
        try {
          stream.close({ closeCode: 1000 })
        } catch {
          // Already closing.
        }
        abort.abort()
      }
      wakePump()
    },
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}
