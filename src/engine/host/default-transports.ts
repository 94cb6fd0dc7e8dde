import type { RuntimeDeps } from '../runtime/connection-runtime.ts'
import { createListTransport } from '../transports/list/list-transport.ts'
import { createWebSocketTransport } from '../transports/websocket/websocket-transport.ts'

/** The transports a browser host offers, on the platform's own APIs. */
export function browserTransports(): RuntimeDeps['transports'] {
  return [createWebSocketTransport(), createListTransport()]
}

/**
 * A Worker has no animation frames to align with (and a hidden page's would stop); a short
 * timer batches the same way and keeps counters moving in a background tab.
 */
export const WORKER_FLUSH_MS = 16
export const timerSchedule = (run: () => void): void => void setTimeout(run, WORKER_FLUSH_MS)
