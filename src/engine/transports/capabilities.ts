import type { Capabilities } from '../transport.ts'

/**
 * What each transport can do, declared once: the transports use these, and the page reads them to
 * show each kind's fields without loading the transports themselves (they run in the Worker).
 */
export const TRANSPORT_CAPABILITIES = {
  websocket: { send: true, binary: true, closeCode: true, subprotocols: true, reconnectsItself: false, readControl: false },
  list: { send: true, binary: true, closeCode: true, subprotocols: false, reconnectsItself: false, readControl: false },
  'socket.io': { send: true, binary: true, closeCode: false, subprotocols: false, reconnectsItself: true, readControl: false },
  sse: { send: false, binary: false, closeCode: false, subprotocols: false, reconnectsItself: true, readControl: false },
  // Chromium's WebSocketStream: WebSocket's surface, plus reading that the user can pause or slow.
  websocketstream: { send: true, binary: true, closeCode: true, subprotocols: true, reconnectsItself: false, readControl: true },
} as const satisfies Record<string, Capabilities>
