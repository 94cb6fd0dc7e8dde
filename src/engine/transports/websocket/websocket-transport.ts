import { TRANSPORT_CAPABILITIES } from '../capabilities.ts'
import type { Transport } from '../../transport.ts'
import { createSocketSession, DEFAULT_CONNECT_TIMEOUT_MS, type CreateSocket } from './socket-session.ts'
import { checkWebSocketTarget } from './ws-url.ts'

export type WebSocketSpec = {
  readonly transport: 'websocket'
  readonly url: string
  readonly protocols: readonly string[]
  /** Handshake headers, sent only where the socket can (the headless runner): a browser cannot. */
  readonly headers?: readonly (readonly [string, string])[]
  /** Abort a handshake that has not completed after this long; 0 waits for the browser. */
  readonly connectTimeoutMs?: number
}

export type WebSocketTransportOptions = {
  /** The platform's WebSocket by default; Node tests pass a `ws` client. */
  createSocket?: CreateSocket
}

/** The browser's own WebSocket (or anything shaped like it) as a transport of the runtime. */
export function createWebSocketTransport(options: WebSocketTransportOptions = {}): Transport<WebSocketSpec> {
  return {
    kind: 'websocket',
    capabilities: TRANSPORT_CAPABILITIES['websocket'],
    checkTarget: checkWebSocketTarget,
    open(spec, sink, deps) {
      return createSocketSession({
        url: spec.url,
        protocols: spec.protocols,
        ...(spec.headers && spec.headers.length > 0 ? { headers: spec.headers } : {}),
        connectTimeoutMs: spec.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        createSocket: options.createSocket,
        now: deps.now,
        nextFrameId: deps.nextFrameId,
        sink,
      })
    },
  }
}
