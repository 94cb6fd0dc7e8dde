import { useMemo } from 'react'
import { lastCloseOutcome, type CloseOutcome } from '../../store/connection-input.ts'
import { getFrameLog } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'

export type AttemptOutcome = CloseOutcome & {
  /**
   * The latest attempt ended before the socket ever opened (refused, unreachable, handshake
   * rejected). False when it opened, and when the log no longer tells (cleared, trimmed).
   */
  neverOpened: boolean
}

// Before an open only a few system frames exist (connecting, errors, close); past this many
// frames the attempt certainly got further, so the scan stays short on a busy log.
const OPEN_SCAN_LIMIT = 64

function neverOpened(id: string): boolean {
  const log = getFrameLog(id)
  const stop = Math.max(0, log.length() - OPEN_SCAN_LIMIT)
  for (let i = log.length() - 1; i >= stop; i--) {
    const frame = log.at(i)
    if (frame?.kind === 'open' || frame?.kind === 'message') return false
    if (frame?.kind === 'connecting') return true
  }
  return false
}

/**
 * How the last attempt ended. Selects a number that only moves while the connection is closed,
 * so a busy open connection does not re-render whatever shows this.
 */
export function useCloseOutcome(id: string): AttemptOutcome | undefined {
  const closedRevision = useSessionStore((state) => {
    const runtime = selectRuntime(state, id)
    return runtime.status === 'closed' ? runtime.revision : -1
  })
  return useMemo(() => {
    if (closedRevision < 0) return undefined
    const outcome = lastCloseOutcome(id)
    // lastCloseOutcome reads the log only when closed, and so does this: no empty log is created.
    return outcome && { ...outcome, neverOpened: neverOpened(id) }
  }, [id, closedRevision])
}
