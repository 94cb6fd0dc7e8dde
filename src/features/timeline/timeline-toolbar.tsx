import { formatCount } from '../../lib/format.ts'
import type { DirectionFilter } from '../../store/timeline-window.ts'
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
  /** Rows shown, or null when no filter is active. */
  matches: number | null
  retained: number
  scanning: boolean
  canClear: boolean
  onClear: () => void
}

export function TimelineToolbar(props: TimelineToolbarProps) {
  const { connectionId, direction, onDirection, query, onQuery, matches, retained, scanning, canClear, onClear } = props
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
        placeholder="Search text…"
        aria-label="Search frames (case-insensitive)"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
      />
      {matches !== null && (
        <span className="tl-match-count muted" role="status">
          {scanning ? 'Searching… ' : ''}
          {formatCount(matches)} of {formatCount(retained)}
        </span>
      )}
      <span className="tl-toolbar-spacer" />
      <RetentionSettings connectionId={connectionId} />
      <button type="button" onClick={onClear} disabled={!canClear} title="Remove every frame of this connection from the timeline">
        Clear
      </button>
    </div>
  )
}
