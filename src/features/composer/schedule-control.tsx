import { useId, useState } from 'react'
import type { ScheduleState } from '../../engine/automation/automation.ts'
import { startPeriodicSend, stopPeriodicSend } from '../../store/automation-actions.ts'
import { getComposerDraft } from '../../store/composer-store.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import type { ConnectionId } from '../../workspace/model.ts'
import './schedule-control.css'

const NO_SCHEDULES: readonly ScheduleState[] = []

/**
 * "Send every N ms [× count]": the composer's text, sent now and then at that pace until the
 * count is reached, Stop is pressed or the connection closes. Running sends are listed, each with
 * its own Stop.
 */
export function ScheduleControl({ connectionId, canSend }: { connectionId: ConnectionId; canSend: boolean }) {
  const id = useId()
  const [everyText, setEveryText] = useState('1000')
  const [countText, setCountText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const schedules = useSessionStore((state) => selectRuntime(state, connectionId).automation?.schedules ?? NO_SCHEDULES)

  const start = async () => {
    const draft = getComposerDraft(connectionId)
    if (!draft) return
    const everyMs = Number(everyText)
    const count = countText.trim() === '' ? undefined : Number(countText)
    const result = await startPeriodicSend(connectionId, { text: draft.text, mode: draft.mode, everyMs, ...(count === undefined ? {} : { count }) })
    setError(result.ok ? null : result.error)
  }

  return (
    <div className="schedule" role="group" aria-label="Periodic send">
      <div className="schedule-control">
        <button type="button" disabled={!canSend} onClick={() => void start()}>
          Send every
        </button>
        <label htmlFor={`${id}-every`} className="visually-hidden">
          Interval in milliseconds
        </label>
        <input id={`${id}-every`} className="mono schedule-number" type="text" inputMode="numeric" value={everyText} onChange={(event) => setEveryText(event.target.value)} />
        <span aria-hidden="true">ms ×</span>
        <label htmlFor={`${id}-count`} className="visually-hidden">
          Number of sends (empty: until stopped)
        </label>
        <input id={`${id}-count`} className="mono schedule-number" type="text" inputMode="numeric" placeholder="∞" value={countText} onChange={(event) => setCountText(event.target.value)} />
      </div>
      {error && (
        <p className="field-error schedule-error" role="alert">
          {error}
        </p>
      )}
      {schedules.length > 0 && (
        <ul className="schedule-list" aria-label="Running periodic sends">
          {schedules.map((schedule) => (
            <li key={schedule.id}>
              <span className="mono schedule-text" title={schedule.text}>
                {schedule.text.length > 40 ? `${schedule.text.slice(0, 39)}…` : schedule.text}
              </span>
              <span className="muted" role="status">
                every {schedule.everyMs} ms · {schedule.sent} sent{schedule.remaining === null ? '' : ` · ${schedule.remaining} left`}
              </span>
              <button type="button" className="link-button" aria-label={`Stop periodic send ${schedule.id}`} onClick={() => void stopPeriodicSend(connectionId, schedule.id)}>
                Stop
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
