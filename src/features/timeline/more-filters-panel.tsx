import { useEffect, useState } from 'react'
import type { FilterExtras } from '../../store/timeline-filter.ts'

/**
 * What the panel needs from the store comes in as props: a lazy chunk importing store modules the
 * first screen also imports made the bundler split those into extra preloaded chunks (measured).
 */
type MoreFiltersPanelProps = {
  panelId: string
  more: FilterExtras
  onMore: (more: FilterExtras) => void
  /** Whether a filter of this panel applies. */
  active: boolean
  /** The decoded types among the newest frames, with the codec's label; null without a decoder. */
  loadTypes: () => Promise<{ label: string; types: string[] } | null>
}

type TimeChoice = 'any' | 'last' | 'between'

/** `datetime-local` text of a time in this browser's zone, to the second. */
function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return ''
  const date = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

function fromLocalInput(text: string): number | undefined {
  if (text === '') return undefined
  const ms = new Date(text).getTime()
  return Number.isFinite(ms) ? ms : undefined
}

function without<K extends keyof FilterExtras>(more: FilterExtras, ...keys: K[]): FilterExtras {
  const next = { ...more }
  for (const key of keys) delete next[key]
  return next
}

/**
 * The panel of the toolbar's Filters button (loaded when it first opens): payload type, a time
 * range (the last N minutes, or between two clock times, compared with each frame's time) and the
 * decoded type the connection's decoder reads.
 */
export default function MoreFiltersPanel({ panelId, more, onMore, active, loadTypes }: MoreFiltersPanelProps) {
  const [types, setTypes] = useState<{ label: string; types: string[] } | null | undefined>(undefined)
  const timeChoice: TimeChoice = more.lastMinutes !== undefined ? 'last' : more.from !== undefined || more.to !== undefined ? 'between' : 'any'
  const [minutesText, setMinutesText] = useState(String(more.lastMinutes ?? 5))
  const minutes = Number(minutesText)
  const minutesError = timeChoice === 'last' && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 525_600) ? 'Write a whole number of minutes, 1 or more.' : null

  useEffect(() => {
    let live = true
    void loadTypes().then((next) => {
      if (live) setTypes(next)
    })
    return () => {
      live = false
    }
  }, [loadTypes])

  const chosenTypes = more.decodedTypes ?? []
  // A chosen type not among the newest frames still shows, so it can be unticked.
  const listed = [...(types?.types ?? []), ...chosenTypes.filter((type) => !(types?.types ?? []).includes(type))]
  const toggleType = (type: string) => {
    const next = chosenTypes.includes(type) ? chosenTypes.filter((t) => t !== type) : [...chosenTypes, type]
    onMore(next.length > 0 ? { ...more, decodedTypes: next } : without(more, 'decodedTypes'))
  }
  const setTime = (choice: TimeChoice) => {
    const base = without(more, 'lastMinutes', 'from', 'to')
    if (choice === 'last') onMore(Number.isInteger(minutes) && minutes >= 1 ? { ...base, lastMinutes: minutes } : { ...base, lastMinutes: 5 })
    else if (choice === 'between') onMore({ ...base, from: Date.now() - 15 * 60_000 })
    else onMore(base)
  }

  return (
    <div className="tl-filters-section" role="group" aria-label="More filters">
      <fieldset className="tl-filter-fieldset">
        <legend>Payload</legend>
        {(['any', 'text', 'binary'] as const).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name={`${panelId}-payload`}
              checked={(more.payload ?? 'any') === kind}
              onChange={() => onMore(kind === 'any' ? without(more, 'payload') : { ...more, payload: kind })}
            />
            {kind === 'any' ? 'Any' : kind === 'text' ? 'Text only' : 'Binary only'}
          </label>
        ))}
      </fieldset>
      <fieldset className="tl-filter-fieldset">
        <legend>Time</legend>
        <label>
          <input type="radio" name={`${panelId}-time`} checked={timeChoice === 'any'} onChange={() => setTime('any')} />
          Any time
        </label>
        <label>
          <input type="radio" name={`${panelId}-time`} checked={timeChoice === 'last'} onChange={() => setTime('last')} />
          Last
          <input
            type="number"
            className="tl-minutes"
            min={1}
            max={525600}
            aria-label="Minutes"
            aria-invalid={minutesError !== null}
            value={minutesText}
            onChange={(event) => {
              setMinutesText(event.target.value)
              const value = Number(event.target.value)
              if (timeChoice === 'last' && Number.isInteger(value) && value >= 1 && value <= 525_600) onMore({ ...more, lastMinutes: value })
            }}
          />
          minutes
        </label>
        {minutesError && (
          <span className="field-error" role="alert">
            {minutesError}
          </span>
        )}
        <label>
          <input type="radio" name={`${panelId}-time`} checked={timeChoice === 'between'} onChange={() => setTime('between')} />
          Between
        </label>
        {timeChoice === 'between' && (
          <div className="tl-time-range">
            <label>
              From
              <input
                type="datetime-local"
                step={1}
                value={toLocalInput(more.from)}
                onChange={(event) => {
                  const from = fromLocalInput(event.target.value)
                  onMore(from === undefined ? without(more, 'from') : { ...more, from })
                }}
              />
            </label>
            <label>
              To
              <input
                type="datetime-local"
                step={1}
                value={toLocalInput(more.to)}
                onChange={(event) => {
                  const to = fromLocalInput(event.target.value)
                  onMore(to === undefined ? without(more, 'to') : { ...more, to })
                }}
              />
            </label>
            {more.from !== undefined && more.to !== undefined && more.from > more.to && (
              <span className="field-error" role="alert">
                “From” is after “To”: no frame can match.
              </span>
            )}
          </div>
        )}
      </fieldset>
      <fieldset className="tl-filter-fieldset">
        <legend>Decoded type</legend>
        {types === undefined ? (
          <p className="muted">Reading…</p>
        ) : types === null && chosenTypes.length === 0 ? (
          <p className="muted">This connection has no decoder: choose one under “Decode as”.</p>
        ) : listed.length === 0 ? (
          <p className="muted">No decoded messages yet.</p>
        ) : (
          <ul className="tl-event-names">
            {listed.map((type) => (
              <li key={type}>
                <label>
                  <input type="checkbox" checked={chosenTypes.includes(type)} onChange={() => toggleType(type)} />
                  <span className="mono">{types ? `${types.label} ${type}` : type}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <button type="button" disabled={!active} onClick={() => onMore(more.exclude ? { exclude: more.exclude } : {})}>
        Reset these filters
      </button>
    </div>
  )
}
