import { TRANSPORT_CAPABILITIES } from '../capabilities.ts'
import type { Transport } from '../../transport.ts'
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../websocket/socket-session.ts'
import { checkWebSocketTarget } from '../websocket/ws-url.ts'
import { createStreamSession, type CreateStream } from './stream-session.ts'

export type WebSocketStreamSpec = {
  readonly transport: 'websocketstream'
  readonly url: string
  readonly protocols: readonly string[]
  /** Abort a handshake that has not completed after this long; 0 waits for the browser. */
  readonly connectTimeoutMs?: number
}

export type WebSocketStreamTransportOptions = {
  /** The platform's WebSocketStream by default (looked up at each open). */
  createStream?: CreateStream
}

/**
 * Chromium's WebSocketStream as a transport: the same URLs, subprotocols and close codes as the
 * WebSocket transport, and reading the user can pause or slow (setReading) to test a server's
 * behaviour with a slow consumer.
 */
export function createWebSocketStreamTransport(options: WebSocketStreamTransportOptions = {}): Transport<WebSocketStreamSpec> {
  return {
    kind: 'websocketstream',
    capabilities: TRANSPORT_CAPABILITIES['websocketstream'],
    checkTarget: checkWebSocketTarget,
    open(spec, sink, deps) {
      return createStreamSession({
        url: spec.url,
        protocols: spec.protocols,
        connectTimeoutMs: spec.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        createStream: options.createStream,
        now: deps.now,
        nextFrameId: deps.nextFrameId,
        sink,
      })
    },
  }
}
