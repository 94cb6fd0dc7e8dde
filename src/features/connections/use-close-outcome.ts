import type { CloseOutcome } from '../../store/connection-input.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'

/**
 * How the last attempt ended. The runtime computes it next to the log and it changes only when the
 * connection closes, so a busy open connection does not re-render whatever shows this.
 */
export function useCloseOutcome(id: string): CloseOutcome | undefined {
  return useSessionStore((state) => selectRuntime(state, id).closeOutcome)
}
