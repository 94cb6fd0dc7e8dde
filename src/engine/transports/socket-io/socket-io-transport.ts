import { TRANSPORT_CAPABILITIES } from '../capabilities.ts'
import type { Frame, Payload, SocketIoArg } from '../../frame.ts'
import type { ActionResult, FrameSink, SessionStatus, Transport, TransportDeps, TransportSession } from '../../transport.ts'
import { utf8ByteLength } from '../../utf8.ts'
import { bytesToHex, decodeEmitRequest, MAX_ACK_TIMEOUT_MS } from './emit-request.ts'
import { normalizeSocketIoUrl } from './socket-io-url.ts'

export { normalizeSocketIoUrl }

export type SocketIoSpec = {
  readonly transport: 'socket.io'
  /** http(s):// or ws(s)://; a path in it is the namespace when `namespace` is '/' or empty. */
  readonly url: string
  readonly namespace: string
  /** The server's path option; '/socket.io/' by default. */
  readonly path: string
  readonly query: readonly (readonly [string, string])[]
  /** JSON text of an object, sent with the connect packet ('' sends none). */
  readonly auth: string
  /** 'websocket' only, or long-polling first with an upgrade to WebSocket. */
  readonly transports: 'websocket' | 'polling'
  /** How long an emit waits for its ack unless the emit says otherwise. */
  readonly ackTimeoutMs: number
  /** The client's own reconnection (the runtime's reconnect stays out of a Socket.IO connection). */
  readonly reconnection: boolean
  readonly connectTimeoutMs?: number
}

// The slices of socket.io-client this transport touches (its own types need the DOM library).
type Listener = (...args: never[]) => void
type Emitter = { on(event: string, listener: Listener): unknown; off(event?: string, listener?: Listener): unknown; removeAllListeners?(): unknown }
type EngineLike = Emitter & { transport?: { name?: string }; close(): unknown }
type ManagerLike = Emitter & { engine?: EngineLike; opts?: unknown }
type SocketLike = Emitter & {
  id?: string
  connected: boolean
  active: boolean
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown
  offAny(): unknown
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown }
  emit(event: string, ...args: unknown[]): unknown
  connect(): unknown
  disconnect(): unknown
}
export type SocketIoClientModule = {
  Manager: new (uri: string, options: Record<string, unknown>) => ManagerLike & { socket(namespace: string, options: Record<string, unknown>): SocketLike }
}

export type SocketIoTransportOptions = {
  /** Loads socket.io-client; a dynamic import by default, so the app loads it only for a Socket.IO connection. */
  load?: () => Promise<SocketIoClientModule>
  /** The client's reconnection attempts before it gives up (bounded on purpose). */
  reconnectionAttempts?: number
  /** The client's first reconnection delay (it backs off from there); tests shorten it. */
  reconnectionDelayMs?: number
}

export const DEFAULT_SOCKET_IO_PATH = '/socket.io/'
export const DEFAULT_ACK_TIMEOUT_MS = 5000
export const SOCKET_IO_RECONNECTION_ATTEMPTS = 10
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

const loadClient = async (): Promise<SocketIoClientModule> => (await import('socket.io-client')) as unknown as SocketIoClientModule

const DISCONNECT_REASONS: Readonly<Record<string, string>> = {
  'io server disconnect': 'the server disconnected this socket (socket.disconnect() on the server); the client does not reconnect after that',
  'io client disconnect': 'closed by you',
  'ping timeout': 'the server stopped answering pings (ping timeout): it is overloaded or the network dropped',
  'transport close': 'the connection closed (the server stopped or the network was lost)',
  'transport error': 'the connection failed (transport error)',
  'parse error': 'the server sent a packet this client cannot parse',
}

export function describeDisconnect(reason: string): string {
  return DISCONNECT_REASONS[reason] ?? reason
}

// socket.io-client 4 speaks Engine.IO 4. A Socket.IO 2 server (Engine.IO 3) answers in the older
// framing, which fails as a parse or transport error before any connect.
const OLD_PROTOCOL_HINT =
  ' If the server runs Socket.IO 2 (Engine.IO 3), a Socket.IO 4 client cannot talk to it: upgrade the server to Socket.IO 3 or 4 ' +
  '(where `allowEIO3: true` keeps its old clients working).'


export function parseAuth(text: string): { ok: true; auth: Record<string, unknown> | undefined } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, auth: undefined }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (thrown) {
    return { ok: false, error: `The auth payload is not valid JSON (${thrown instanceof Error ? thrown.message : String(thrown)}).` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'The auth payload must be a JSON object, e.g. {"token": "…"}.' }
  return { ok: true, auth: value as Record<string, unknown> }
}

/** A received or sent value as JSON text; binary anywhere inside becomes {"$binary":"<hex>"}. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, current: unknown) {
    // `this[key]` is the value before toJSON (a Node Buffer would otherwise arrive as {type, data}).
    const raw = this[key]
    if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) return { $binary: bytesToHex(raw as ArrayBuffer | ArrayBufferView) }
    return current
  })
  return text === undefined ? 'null' : text
}

function toArg(value: unknown): SocketIoArg {
  if (value instanceof ArrayBuffer) return { type: 'binary', bytes: value.slice(0) }
  if (ArrayBuffer.isView(value)) return { type: 'binary', bytes: value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer }
  return { type: 'json', json: toJsonText(value) }
}

function eventText(event: string | undefined, args: readonly unknown[]): string {
  return toJsonText(event === undefined ? [...args] : [event, ...args])
}

/**
 * Socket.IO 4 through socket.io-client, loaded on the first open. Incoming events (all of them,
 * via onAny) become message frames whose text is `["event", ...args]` as JSON; emits go through
 * send() as an encoded EmitRequest. The client reconnects itself when its reconnection is on, so
 * `reconnectsItself` is true and the runtime never adds a second reconnect on top.
 */
export function createSocketIoTransport(options: SocketIoTransportOptions = {}): Transport<SocketIoSpec> {
  return {
    kind: 'socket.io',
    capabilities: TRANSPORT_CAPABILITIES['socket.io'],
    checkTarget(spec) {
      const url = normalizeSocketIoUrl(spec.url)
      if (!url.ok) return url
      const ns = spec.namespace === undefined || spec.namespace.trim() === '' || spec.namespace.trim() === '/' ? url.namespace : spec.namespace.trim()
      if (!ns.startsWith('/')) return { ok: false, error: `A namespace starts with "/" (got "${ns}").` }
      if (url.namespace !== '/' && ns !== url.namespace) return { ok: false, error: 'The URL has a path and a different namespace is set: keep the namespace in one place.' }
      const auth = parseAuth(spec.auth ?? '')
      if (!auth.ok) return auth
      const path = spec.path === undefined || spec.path.trim() === '' ? DEFAULT_SOCKET_IO_PATH : spec.path.trim()
      if (!path.startsWith('/')) return { ok: false, error: `The path starts with "/" (got "${path}").` }
      const ack = spec.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS
      if (!Number.isInteger(ack) || ack < 1 || ack > MAX_ACK_TIMEOUT_MS) return { ok: false, error: `The ack timeout must be a whole number of milliseconds from 1 to ${MAX_ACK_TIMEOUT_MS}.` }
      if (spec.transports !== 'websocket' && spec.transports !== 'polling') return { ok: false, error: 'Transports must be "websocket" or "polling" (polling with upgrade).' }
      return { ok: true, spec: { ...spec, url: url.url, namespace: ns, path, ackTimeoutMs: ack, query: spec.query ?? [], auth: spec.auth ?? '' } }
    },
    open(spec, sink, deps) {
      return openSocketIoSession(spec, sink, deps, options)
    },
  }
}

function openSocketIoSession(spec: SocketIoSpec, sink: FrameSink, deps: TransportDeps, options: SocketIoTransportOptions): TransportSession {
  const load = options.load ?? loadClient
  let status: SessionStatus = 'connecting'
  let disposed = false
  let ended = false
  let everConnected = false
  let socket: SocketLike | null = null
  let manager: ManagerLike | null = null
  let transportName = ''
  let nextAckId = 0

  const emitFrame = (frame: Frame) => {
    if (!disposed) sink.frame(frame)
  }
  const setStatus = (next: SessionStatus) => {
    if (status === next) return
    status = next
    if (!disposed) sink.status(next)
  }
  const notice = (message: string) => emitFrame({ id: deps.nextFrameId(), at: deps.now(), kind: 'notice', message })
  const error = (message: string) => emitFrame({ id: deps.nextFrameId(), at: deps.now(), kind: 'error', message })
  const end = (wasClean: boolean, reason: string, meaning: string) => {
    if (ended) return
    ended = true
    emitFrame({ id: deps.nextFrameId(), at: deps.now(), kind: 'close', code: wasClean ? 1000 : 1006, reason, wasClean, meaning })
    setStatus('closed')
    const s = socket
    socket = null
    if (s) {
      s.offAny()
      s.removeAllListeners?.()
      s.disconnect()
    }
    manager?.removeAllListeners?.()
    manager?.engine?.close()
  }

  const target = `${spec.url}${spec.namespace === '/' ? '' : spec.namespace}`
  emitFrame({ id: deps.nextFrameId(), at: deps.now(), kind: 'connecting', url: target, protocols: [] })

  const auth = parseAuth(spec.auth)
  void load().then(
    (client) => {
      if (disposed || ended) return
      const query: Record<string, string> = {}
      for (const [key, value] of spec.query) query[key] = value
      const m = new client.Manager(spec.url, {
        path: spec.path,
        query,
        transports: spec.transports === 'websocket' ? ['websocket'] : ['polling', 'websocket'],
        upgrade: spec.transports !== 'websocket',
        reconnection: spec.reconnection,
        reconnectionAttempts: options.reconnectionAttempts ?? SOCKET_IO_RECONNECTION_ATTEMPTS,
        ...(options.reconnectionDelayMs === undefined ? {} : { reconnectionDelay: options.reconnectionDelayMs, reconnectionDelayMax: options.reconnectionDelayMs * 4 }),
        timeout: spec.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        autoConnect: false,
      })
      manager = m
      const s = m.socket(spec.namespace, auth.ok && auth.auth ? { auth: auth.auth } : {})
      socket = s
      watch(m, s)
      s.connect()
    },
    (thrown: unknown) => {
      error(`The Socket.IO client could not be loaded: ${thrown instanceof Error ? thrown.message : String(thrown)}.`)
      end(false, '', 'The Socket.IO client did not load; nothing was opened.')
    },
  )

  function watchEngine(m: ManagerLike): void {
    const engine = m.engine
    if (!engine) return
    const name = engine.transport?.name ?? ''
    if (name !== '' && name !== transportName) {
      transportName = name
      notice(`Transport: ${name}.`)
    }
    engine.on('upgrade', ((upgraded: { name?: string }) => {
      transportName = upgraded?.name ?? 'websocket'
      notice(`Transport upgraded to ${transportName}.`)
    }) as Listener)
  }

  function watch(m: ManagerLike, s: SocketLike): void {
    m.on('open', (() => watchEngine(m)) as Listener)
    m.on('reconnect_attempt', ((attempt: number) => {
      setStatus('connecting')
      notice(`Reconnect attempt ${attempt} of ${options.reconnectionAttempts ?? SOCKET_IO_RECONNECTION_ATTEMPTS}.`)
    }) as Listener)
    m.on('reconnect_failed', (() => {
      error(`Gave up reconnecting after ${options.reconnectionAttempts ?? SOCKET_IO_RECONNECTION_ATTEMPTS} attempts.`)
      end(false, '', 'The client stopped reconnecting. Press Connect to try again.')
    }) as Listener)
    s.on('connect', (() => {
      const again = everConnected
      everConnected = true
      emitFrame({ id: deps.nextFrameId(), at: deps.now(), kind: 'open', protocol: '', extensions: '' })
      notice(`${again ? 'Reconnected' : 'Connected'} to namespace ${spec.namespace} as ${s.id ?? '(no id)'}${transportName ? ` over ${transportName}` : ''}.`)
      setStatus('open')
    }) as Listener)
    s.on('connect_error', ((err: Error & { data?: unknown; description?: unknown }) => {
      const serverData = err?.data === undefined ? '' : ` Server data: ${toJsonText(err.data)}`
      // The server's middleware refused: the client does not retry (socket.active is false).
      const refused = !s.active
      const oldProtocol = !everConnected && /parse error|parser error|xhr poll error|websocket error/i.test(err?.message ?? '') ? OLD_PROTOCOL_HINT : ''
      error(`${refused ? 'The server refused the connection' : 'Connection error'}: ${err?.message ?? String(err)}.${serverData}${refused ? '' : oldProtocol}`)
      if (refused || !spec.reconnection) end(false, err?.message ?? '', refused ? 'Refused by the server; the client does not retry a refusal.' : 'Not connected; the client’s reconnection is off.')
    }) as Listener)
    s.on('disconnect', ((reason: string) => {
      if (ended) return
      const willRetry = spec.reconnection && s.active
      if (willRetry) {
        notice(`Disconnected: ${describeDisconnect(reason)}. The client reconnects.`)
        setStatus('connecting')
        return
      }
      const clean = reason === 'io client disconnect' || reason === 'io server disconnect'
      end(clean, reason, `Disconnected: ${describeDisconnect(reason)}.`)
    }) as Listener)
    s.onAny((event, ...args) => {
      const payload = eventText(event, args)
      emitFrame({
        id: deps.nextFrameId(),
        at: deps.now(),
        kind: 'message',
        direction: 'in',
        payload,
        size: utf8ByteLength(payload),
        detail: { transport: 'socket.io', event, args: args.map(toArg) },
      })
    })
  }

  return {
    status: () => status,
    protocol: () => transportName,
    extensions: () => '',
    send(payload: Payload): ActionResult {
      const refuse = (message: string): ActionResult => {
        error(message)
        return { ok: false, error: message }
      }
      if (disposed || ended) return refuse('Not sent: the connection is not open.')
      if (typeof payload !== 'string') return refuse('A Socket.IO connection sends events: put the bytes in a binary argument.')
      const request = decodeEmitRequest(payload)
      if (!request.ok) return refuse(`Not sent: ${request.error}`)
      const s = socket
      // socket.io-client would buffer the emit until it connects; an explicit refusal is clearer.
      if (!s || status !== 'open' || !s.connected) return refuse(`Not sent: ${status === 'connecting' ? 'the connection is still opening' : 'the connection is not open'}.`)
      const text = eventText(request.event, request.values)
      const ackId = request.ack ? ++nextAckId : undefined
      const sentAt = deps.now()
      emitFrame({
        id: deps.nextFrameId(),
        at: sentAt,
        kind: 'message',
        direction: 'out',
        payload: text,
        size: utf8ByteLength(text),
        detail: { transport: 'socket.io', event: request.event, args: request.values.map(toArg), ...(ackId === undefined ? {} : { ackId }) },
      })
      try {
        if (ackId === undefined) {
          s.emit(request.event, ...request.values)
        } else {
          const timeoutMs = request.ackTimeoutMs ?? spec.ackTimeoutMs
          s.timeout(timeoutMs).emit(request.event, ...request.values, (err: unknown, ...answer: unknown[]) => {
            if (err) {
              error(`No ack for emit #${ackId} ("${request.event}") within ${timeoutMs} ms.`)
              return
            }
            const answerText = eventText(undefined, answer)
            emitFrame({
              id: deps.nextFrameId(),
              at: deps.now(),
              kind: 'message',
              direction: 'in',
              payload: answerText,
              size: utf8ByteLength(answerText),
              detail: { transport: 'socket.io', event: request.event, args: answer.map(toArg), ackOf: ackId, roundTripMs: deps.now() - sentAt },
            })
          })
        }
      } catch (thrown) {
        return refuse(`Not sent: ${thrown instanceof Error ? thrown.message : String(thrown)}`)
      }
      return { ok: true }
    },
    close(): ActionResult {
      if (ended) return { ok: true }
      setStatus('closing')
      end(true, 'io client disconnect', 'Disconnected: closed by you.')
      return { ok: true }
    },
    dispose() {
      if (disposed) return
      disposed = true
      end(true, '', '')
    },
  }
}
