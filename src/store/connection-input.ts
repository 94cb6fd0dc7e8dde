import type { CloseFrame } from '../engine/frame.ts'
import { getFrameLog } from './session-actions.ts'
import { selectRuntime, useSessionStore } from './session-store.ts'
import type { ConnectionId } from '../workspace/model.ts'

/*
 * Features may import engine types only; these re-exports give the connection UI the same URL,
 * subprotocol and close-code checks the engine applies, so there is one implementation of each.
 */
export { normalizeWebSocketUrl, parseProtocols, validateProtocols, type UrlCheck } from '../engine/ws-url.ts'
export {
  describeCloseCode,
  MAX_CLOSE_REASON_BYTES,
  validateCloseRequest,
  type CloseValidation,
} from '../engine/close-codes.ts'
export { utf8ByteLength } from '../engine/utf8.ts'
export { describeReconnectPolicy } from '../engine/reconnect-policy.ts'

// After a close only a handful of frames (errors) can follow, so a short backwards scan suffices.
const LAST_CLOSE_SCAN_LIMIT = 64

// Codes that mean "we are done on purpose"; application codes (3000+) are deliberate too.
const ORDINARY_CLOSE_CODES = new Set([1000, 1001, 1005])

export type CloseOutcome = {
  /** The close frame, or undefined when the attempt failed before any socket existed. */
  close: CloseFrame | undefined
  /** Closed uncleanly or with a protocol-level failure code: worth an error tint. */
  abnormal: boolean
}

/** How the latest attempt ended, if the connection is closed now. */
export function lastCloseOutcome(id: ConnectionId): CloseOutcome | undefined {
  // Reading the log of a never-connected connection would create an empty entry for it.
  if (selectRuntime(useSessionStore.getState(), id).status !== 'closed') return undefined
  const log = getFrameLog(id)
  const stop = Math.max(0, log.length() - LAST_CLOSE_SCAN_LIMIT)
  for (let i = log.length() - 1; i >= stop; i--) {
    const frame = log.at(i)
    if (frame?.kind === 'close') {
      const abnormal = !frame.wasClean || (frame.code < 3000 && !ORDINARY_CLOSE_CODES.has(frame.code))
      return { close: frame, abnormal }
    }
    if (frame?.kind === 'connecting') break
  }
  // Closed without a close event: the constructor refused the URL, or the log was cleared.
  return { close: undefined, abnormal: log.length() > 0 }
}

