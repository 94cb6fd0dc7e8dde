import { useEffect, useMemo, useState } from 'react'
import type { CloseOutcome } from '../../store/connection-input.ts'
import { fetchFrame } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore, type ConnectionStatus } from '../../store/session-store.ts'

export type AttemptOutcome = CloseOutcome & {
  /**
   * The latest attempt ended before the socket ever opened (refused, unreachable, handshake
   * rejected), so "Disconnected" would be untrue. False when it opened, or when it cannot be told.
   */
  neverOpened: boolean
}

/*
 * A first answer, at once: whether the attempt reached "open" in the status snapshots the runtime
 * posts. Snapshots come at most once per tick, so a short attempt can skip a status; the log (in
 * the runtime, maybe a Worker) settles the doubtful case below, a moment later.
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

/** Only an unclean 1006 leaves it open to doubt: a clean close, or any other code, needs an open socket. */
function doubtful(outcome: CloseOutcome): boolean {
  return outcome.close !== undefined && !outcome.close.wasClean && outcome.close.code === 1006
}

function guess(id: string, outcome: CloseOutcome): boolean {
  // No close event at all: the browser refused to construct the socket.
  if (!outcome.close) return outcome.abnormal
  return doubtful(outcome) && reachedOpen.get(id) !== true
}

// A failed attempt logs connecting, an error or two and the close: a few frames back is enough.
const LOG_SCAN = 16

/** Reads the newest frames back to the attempt's start: did it open? Null when the log cannot tell. */
async function attemptOpened(id: string): Promise<boolean | null> {
  const runtime = selectRuntime(useSessionStore.getState(), id)
  const newest = runtime.dropped + runtime.retained - 1
  for (let seq = newest; seq >= Math.max(runtime.dropped, newest - LOG_SCAN); seq--) {
    const frame = await fetchFrame(id, seq)
    if (!frame) return null
    if (frame.kind === 'open' || frame.kind === 'message') return true
    if (frame.kind === 'connecting') return false
  }
  return null
}

/**
 * How the last attempt ended. The runtime computes it next to the log and it changes only when the
 * connection closes, so a busy open connection does not re-render whatever shows this.
 */
export function useCloseOutcome(id: string): AttemptOutcome | undefined {
  const outcome = useSessionStore((state) => selectRuntime(state, id).closeOutcome)
  const [fromLog, setFromLog] = useState<{ outcome: CloseOutcome; neverOpened: boolean } | null>(null)
  useEffect(() => {
    if (!outcome || !doubtful(outcome)) return
    let current = true
    attemptOpened(id).then(
      (opened) => {
        if (current && opened !== null) setFromLog({ outcome, neverOpened: !opened })
      },
      () => {}, // The runtime went away (a reload, a test tearing down): keep the first answer.
    )
    return () => {
      current = false
    }
  }, [id, outcome])
  return useMemo(() => {
    if (!outcome) return undefined
    const neverOpened = fromLog?.outcome === outcome ? fromLog.neverOpened : guess(id, outcome)
    return { ...outcome, neverOpened }
  }, [id, outcome, fromLog])
}
