import { cancelReconnect } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { useSecondsFrom } from './use-seconds-from.ts'

/** "Reconnecting in 4 s… (attempt 3/10)" with Cancel, while an automatic retry waits. */
export function ReconnectNotice({ connectionId }: { connectionId: string }) {
  const pending = useSessionStore((state) => selectRuntime(state, connectionId).reconnect)
  const seconds = useSecondsFrom(pending?.at ?? null, 'until')
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
