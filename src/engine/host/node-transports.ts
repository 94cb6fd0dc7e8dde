import type { RuntimeDeps } from '../runtime/connection-runtime.ts'
import { createListTransport } from '../transports/list/list-transport.ts'
import { createSocketIoTransport } from '../transports/socket-io/socket-io-transport.ts'
import type { CreateSocket, WebSocketLike } from '../transports/websocket/socket-session.ts'
import { createSseTransport } from '../transports/sse/sse-transport.ts'
import { createWebSocketTransport } from '../transports/websocket/websocket-transport.ts'

type HeaderSocketConstructor = new (url: string, init: { protocols: string[]; headers: Record<string, string> }) => WebSocketLike

/**
 * Node's built-in WebSocket (undici) takes a second argument `{protocols, headers}`, so the
 * headless runner can send the handshake headers a browser cannot (Authorization, Cookie).
 * Measured on Node 20.20 with --experimental-websocket: the server saw the Authorization header.
 */
export const nodeCreateSocket: CreateSocket = (url, protocols, headers = []) => {
  const Socket = (globalThis as unknown as { WebSocket?: HeaderSocketConstructor }).WebSocket
  if (!Socket) throw new Error('This Node has no built-in WebSocket: use Node 22 or later, or Node 20.10+ with --experimental-websocket.')
  const headerObject: Record<string, string> = {}
  for (const [name, value] of headers) Object.defineProperty(headerObject, name, { value, enumerable: true, writable: true, configurable: true })
  return closeAfterFailedHandshake(new Socket(url, { protocols: [...protocols], headers: headerObject }))
}

const CONNECTING = 0
const CLOSED = 3

/**
 * Node 20's undici WebSocket fires `error` for a refused connection but never `close`, and stays
 * CONNECTING (measured on Node 20.20: error after ~100 ms, no close within 2 s). Browsers always
 * follow with close 1006, which the session relies on to end the attempt, so this adds it.
 */
function closeAfterFailedHandshake(socket: WebSocketLike): WebSocketLike {
  let closed = false
  let onclose: WebSocketLike['onclose'] = null
  let onerror: WebSocketLike['onerror'] = null
  let synthesized = false
  socket.onclose = (event) => {
    if (closed) return
    closed = true
    onclose?.(event)
  }
  socket.onerror = (event) => {
    onerror?.(event)
    if (socket.readyState !== CONNECTING || closed) return
    setTimeout(() => {
      if (closed) return
      closed = true
      synthesized = true
      onclose?.({ code: 1006, reason: '', wasClean: false })
    }, 0)
  }
  return {
    get readyState() {
      return synthesized ? CLOSED : socket.readyState
    },
    get protocol() {
      return socket.protocol
    },
    get extensions() {
      return socket.extensions
    },
    get bufferedAmount() {
      return socket.bufferedAmount
    },
    get binaryType() {
      return socket.binaryType
    },
    set binaryType(value) {
      socket.binaryType = value
    },
    get onopen() {
      return socket.onopen
    },
    set onopen(handler) {
      socket.onopen = handler
    },
    get onmessage() {
      return socket.onmessage
    },
    set onmessage(handler) {
      socket.onmessage = handler
    },
    get onerror() {
      return onerror
    },
    set onerror(handler) {
      onerror = handler
    },
    get onclose() {
      return onclose
    },
    set onclose(handler) {
      onclose = handler
    },
    send: (data) => socket.send(data),
    close: (code, reason) => {
      if (synthesized) return
      socket.close(code, reason)
    },
  }
}

/**
 * The transports of the headless runner: the same as the browser's, with Node's socket. Node has
 * no WebSocketStream; its connections speak the same wire protocol, so the runner opens them as
 * plain WebSockets (slow-consumer mode is a live control of the app, not part of a scenario).
 */
export function nodeTransports(): RuntimeDeps['transports'] {
  const websocket = createWebSocketTransport({ createSocket: nodeCreateSocket })
  return [websocket, { ...websocket, kind: 'websocketstream' }, createListTransport(), createSseTransport(), createSocketIoTransport()]
}
