import { useMemo } from 'react'
import type { CloseOutcome } from '../../store/connection-input.ts'
import { selectRuntime, useSessionStore, type ConnectionStatus } from '../../store/session-store.ts'

export type AttemptOutcome = CloseOutcome & {
  /**
   * The latest attempt ended before the socket ever opened (refused, unreachable, handshake
   * rejected), so "Disconnected" would be untrue. False when it opened, or when it cannot be told.
   */
  neverOpened: boolean
}

/*
 * Whether the current attempt reached "open", from the status snapshots the runtime posts. Watched
 * here, for every connection, because the frame log lives in the runtime (maybe a Worker). A
 * snapshot is posted at most once per tick, so an attempt that opened and closed within one tick
 * can look like connecting → closed; the close frame settles those cases below.
 */
const reachedOpen = new Map<string, boolean>()
const lastStatus = new Map<string, ConnectionStatus>()

useSessionStore.subscribe((state) => {
  for (const [id, runtime] of Object.entries(state.runtimeById)) {
    if (lastStatus.get(id) === runtime.status) continue
    lastStatus.set(id, runtime.status)
    if (runtime.status === 'connecting') reachedOpen.set(id, false)
    else if (runtime.status === 'open' || runtime.status === 'closing') reachedOpen.set(id, true)
  }
})

function neverOpened(id: string, outcome: CloseOutcome): boolean {
  // No close event at all: the browser refused to construct the socket.
  if (!outcome.close) return outcome.abnormal
  // A clean close needs an open connection; a failed handshake is always 1006, never clean.
  if (outcome.close.wasClean || outcome.close.code !== 1006) return false
  return reachedOpen.get(id) === false
}

/**
 * How the last attempt ended. The runtime computes it next to the log and it changes only when the
 * connection closes, so a busy open connection does not re-render whatever shows this.
 */
export function useCloseOutcome(id: string): AttemptOutcome | undefined {
  const outcome = useSessionStore((state) => selectRuntime(state, id).closeOutcome)
  return useMemo(() => outcome && { ...outcome, neverOpened: neverOpened(id, outcome) }, [id, outcome])
}
