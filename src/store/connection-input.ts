import type { CloseOutcome } from '../engine/runtime/connection-snapshot.ts'
import { selectRuntime, useSessionStore } from './session-store.ts'
import type { ConnectionId } from '../workspace/model.ts'

/*
 * Features may import engine types only; these re-exports give the connection UI the same URL,
 * subprotocol and close-code checks the engine applies, so there is one implementation of each.
 */
export { normalizeWebSocketUrl, parseProtocols, validateProtocols, type UrlCheck } from '../engine/transports/websocket/ws-url.ts'
export {
  describeCloseCode,
  MAX_CLOSE_REASON_BYTES,
  validateCloseRequest,
  type CloseValidation,
} from '../engine/transports/websocket/close-codes.ts'
export { utf8ByteLength } from '../engine/utf8.ts'
export { describeReconnectPolicy } from '../engine/reconnect-policy.ts'

export type { CloseOutcome } from '../engine/runtime/connection-snapshot.ts'

/** How the latest attempt ended, if the connection is closed now (the runtime works it out next to the log). */
export function lastCloseOutcome(id: ConnectionId): CloseOutcome | undefined {
  return selectRuntime(useSessionStore.getState(), id).closeOutcome
}
