import { useCallback, useSyncExternalStore } from 'react'
import { cancelReconnect } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'

// Finer than a second so the count never lags a whole second behind.
const TICK_MS = 250

/**
 * Whole seconds until `at`, re-read on a timer only while there is something to count down to.
 * A number snapshot: React re-renders only when the shown second changes.
 */
function useSecondsUntil(at: number | null): number | null {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (at === null) return () => {}
      const timer = setInterval(onChange, TICK_MS)
      return () => clearInterval(timer)
    },
    [at],
  )
  const read = () => (at === null ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000)))
  return useSyncExternalStore(subscribe, read, read)
}

/** "Reconnecting in 4 s… (attempt 3/10)" with Cancel, while an automatic retry waits. */
export function ReconnectNotice({ connectionId }: { connectionId: string }) {
  const pending = useSessionStore((state) => selectRuntime(state, connectionId).reconnect)
  const seconds = useSecondsUntil(pending?.at ?? null)
  if (!pending || seconds === null) return null
  return (
    <div className="connection-reconnect">
      <p role="status">{`Reconnecting in ${seconds} s… (attempt ${pending.attempt}/${pending.maxAttempts})`}</p>
      <button type="button" onClick={() => cancelReconnect(connectionId)}>
        Cancel
      </button>
    </div>
  )
}
