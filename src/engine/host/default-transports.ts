import type { RuntimeDeps } from '../runtime/connection-runtime.ts'
import { createListTransport } from '../transports/list/list-transport.ts'
import { createSocketIoTransport } from '../transports/socket-io/socket-io-transport.ts'
import { createSseTransport } from '../transports/sse/sse-transport.ts'
import { createWebSocketStreamTransport } from '../transports/websocket-stream/websocket-stream-transport.ts'
import { createWebSocketTransport } from '../transports/websocket/websocket-transport.ts'

/**
 * The transports a browser host offers, on the platform's own APIs. socket.io-client is loaded by
 * the Socket.IO transport on its first open (a separate chunk), never at start-up.
 */
export function browserTransports(): RuntimeDeps['transports'] {
  return [createWebSocketTransport(), createListTransport(), createSseTransport(), createSocketIoTransport(), createWebSocketStreamTransport()]
}

/**
 * A Worker has no animation frames to align with (and a hidden page's would stop); a short
 * timer batches the same way and keeps counters moving in a background tab.
 */
export const WORKER_FLUSH_MS = 16
export const timerSchedule = (run: () => void): void => void setTimeout(run, WORKER_FLUSH_MS)
