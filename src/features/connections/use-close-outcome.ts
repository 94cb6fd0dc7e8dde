import { useMemo } from 'react'
import { lastCloseOutcome, type CloseOutcome } from '../../store/connection-input.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'

/**
 * How the last attempt ended. Selects a number that only moves while the connection is closed,
 * so a busy open connection does not re-render whatever shows this.
 */
export function useCloseOutcome(id: string): CloseOutcome | undefined {
  const closedRevision = useSessionStore((state) => {
    const runtime = selectRuntime(state, id)
    return runtime.status === 'closed' ? runtime.revision : -1
  })
  return useMemo(() => (closedRevision < 0 ? undefined : lastCloseOutcome(id)), [id, closedRevision])
}
