import { useId, useState } from 'react'
import type { ReadingState } from '../../engine/transport.ts'
import { setReading } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { useSecondsFrom } from './use-seconds-from.ts'

const MAX_DELAY_MS = 60_000

function formatDuration(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

/**
 * WebSocketStream's slow-consumer mode: Pause reading / Resume and a read delay per message. While
 * paused the transport pulls nothing, so the browser stops reading the socket and the server's
 * send buffer grows; the header says so and for how long.
 */
export function ReadControl({ connectionId }: { connectionId: string }) {
  const reading = useSessionStore((state) => selectRuntime(state, connectionId).reading)
  const status = useSessionStore((state) => selectRuntime(state, connectionId).status)
  if (!reading || (status !== 'open' && status !== 'closing')) return null
  return <ReadControlForm connectionId={connectionId} reading={reading} open={status === 'open'} />
}

function ReadControlForm({ connectionId, reading, open }: { connectionId: string; reading: ReadingState; open: boolean }) {
  const fieldId = useId()
  const seconds = useSecondsFrom(reading.paused ? reading.pausedSince : null, 'since')
  const [delayText, setDelayText] = useState(String(reading.delayMs))
  const [error, setError] = useState<string | null>(null)
  // Follows the runtime when it changes from elsewhere (a new session starts at 0), the way the
  // header's subprotocol field does: adjusted while rendering, not in an effect.
  const [syncedDelay, setSyncedDelay] = useState(reading.delayMs)
  if (syncedDelay !== reading.delayMs) {
    setSyncedDelay(reading.delayMs)
    setDelayText(String(reading.delayMs))
  }

  const apply = (paused: boolean, delayMs: number) => {
    setError(null)
    void setReading(connectionId, { paused, delayMs }).then((result) => {
      if (!result.ok) setError(result.error)
    })
  }
  const applyDelay = () => {
    const trimmed = delayText.trim()
    const value = trimmed === '' ? 0 : Number(trimmed)
    if (!Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
      setError(`Read delay: a whole number of milliseconds from 0 to ${MAX_DELAY_MS}.`)
      return
    }
    if (value !== reading.delayMs) apply(reading.paused, value)
  }

  const earlierSeconds = Math.round(reading.pausedTotalMs / 1000)
  return (
    <div className="connection-read-control" data-paused={reading.paused ? 'true' : undefined}>
      <button type="button" aria-pressed={reading.paused} disabled={!open} onClick={() => apply(!reading.paused, reading.delayMs)}>
        {reading.paused ? 'Resume reading' : 'Pause reading'}
      </button>
      <label htmlFor={`${fieldId}-delay`}>Read delay (ms)</label>
      <input
        id={`${fieldId}-delay`}
        className="mono"
        type="text"
        inputMode="numeric"
        size={6}
        disabled={!open}
        value={delayText}
        onChange={(event) => setDelayText(event.target.value)}
        onBlur={applyDelay}
        onKeyDown={(event) => {
          if (event.key === 'Enter') applyDelay()
        }}
      />
      <p role="status" className="connection-read-state">
        {reading.paused && seconds !== null
          ? `Reading paused for ${formatDuration(seconds)}: the server’s messages back up in its send buffer.`
          : reading.delayMs > 0
            ? `Reading slowly: ${reading.delayMs} ms after each message.`
            : 'Reading as fast as messages arrive.'}
        {!reading.paused && earlierSeconds > 0 ? ` Paused ${formatDuration(earlierSeconds)} in all.` : ''}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
