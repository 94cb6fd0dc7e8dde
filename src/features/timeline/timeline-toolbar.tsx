import type { ReactNode } from 'react'
import { formatCount } from '../../lib/format.ts'
import type { DirectionFilter } from '../../store/timeline-window.ts'
import { EventFilter } from './event-filter.tsx'
import { RetentionSettings } from './retention-settings.tsx'

const DIRECTIONS: { value: DirectionFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'out', label: 'Sent' },
  { value: 'in', label: 'Received' },
  { value: 'events', label: 'Events' },
]

type TimelineToolbarProps = {
  connectionId: string
  direction: DirectionFilter
  onDirection: (direction: DirectionFilter) => void
  query: string
  onQuery: (query: string) => void
  /** The query is a regular expression (`/pattern/flags` or a bare pattern). */
  regex: boolean
  onRegex: (on: boolean) => void
  matchCase: boolean
  onMatchCase: (on: boolean) => void
  /** Why the query cannot be used, or null. */
  queryError: string | null
  /** Rows shown, or null when no filter is active. */
  matches: number | null
  retained: number
  scanning: boolean
  canClear: boolean
  onClear: () => void
  /** More actions from outside the timeline (e.g. Export…), shown before Clear. */
  actions?: ReactNode
  /** The event filter, for connections whose messages have event names (Socket.IO, SSE); absent hides it. */
  eventFilter?: { events: readonly string[]; onEvents: (events: readonly string[]) => void }
}

export function TimelineToolbar(props: TimelineToolbarProps) {
  const { connectionId, direction, onDirection, query, onQuery, regex, onRegex, matchCase, onMatchCase, queryError, matches, retained, scanning, canClear, onClear, actions, eventFilter } = props
  return (
    <div className="tl-toolbar">
      <div className="tl-segmented" role="group" aria-label="Show">
        {DIRECTIONS.map((option) => (
          <button key={option.value} type="button" aria-pressed={direction === option.value} onClick={() => onDirection(option.value)}>
            {option.label}
          </button>
        ))}
      </div>
      <input
        type="search"
        className="tl-search"
        placeholder={regex ? 'Regular expression, or /pattern/flags' : 'Search text, or $.field = value…'}
        aria-label={`Search frames (${regex ? 'regular expression' : 'text'}, ${matchCase ? 'case-sensitive' : 'case-insensitive'})`}
        aria-invalid={queryError !== null}
        aria-describedby={queryError !== null ? `${connectionId}-search-error` : undefined}
        value={query}
        onChange={(event) => onQuery(event.target.value)}
      />
      <div className="tl-segmented" role="group" aria-label="Search options">
        <button type="button" aria-pressed={regex} onClick={() => onRegex(!regex)} title="Regular expression (write /pattern/flags for flags i, m, s, u)">
          .*
          <span className="visually-hidden"> Regular expression</span>
        </button>
        <button type="button" aria-pressed={matchCase} onClick={() => onMatchCase(!matchCase)} title="Match case">
          Aa
          <span className="visually-hidden"> Match case</span>
        </button>
      </div>
      {eventFilter && <EventFilter connectionId={connectionId} events={eventFilter.events} onEvents={eventFilter.onEvents} />}
      {queryError !== null && (
        <span id={`${connectionId}-search-error`} className="field-error" role="alert">
          {queryError}
        </span>
      )}
      {matches !== null && (
        <span className="tl-match-count muted" role="status">
          {scanning ? 'Searching… ' : ''}
          {formatCount(matches)} of {formatCount(retained)}
        </span>
      )}
      <span className="tl-toolbar-spacer" />
      <RetentionSettings connectionId={connectionId} />
      {actions}
      <button type="button" onClick={onClear} disabled={!canClear} title="Remove every frame of this connection from the timeline">
        Clear
      </button>
    </div>
  )
}
