import type { ReactNode } from 'react'
import { IconLabel } from '../../components/icon-label.tsx'
import { formatCount } from '../../lib/format.ts'
import type { ExclusionRule, FilterExtras, SavedFilter } from '../../store/timeline-filter.ts'
import type { DirectionFilter } from '../../store/timeline-window.ts'
import { EventFilter } from './event-filter.tsx'
import { ExclusionChips } from './exclusion-chips.tsx'
import { MoreFilters } from './more-filters.tsx'
import { RetentionSettings } from './retention-settings.tsx'
import { ScanStatus } from './scan-status.tsx'
import './filters.css'

/** The search box's bound: a filter storage keeps (src/workspace/filter-schema.ts queryChars). */
const QUERY_MAX_CHARS = 4096

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
  /** How far the filter's scan has got, and Stop / Resume. */
  scan?: { progress: { scanned: number; total: number } | null; stopped: boolean; onStop: () => void; onResume: () => void }
  /** Payload type, time range, decoded types. */
  more?: { value: FilterExtras; onChange: (more: FilterExtras) => void }
  /** Named filters: the filter applied now, and what applying one does. */
  presets?: { current: SavedFilter; onApply: (filter: SavedFilter) => void }
  /** "Hide frames like this" rules, shown as removable chips below the toolbar. */
  exclusions?: { rules: readonly ExclusionRule[]; onRemove: (index: number) => void; announcement: string | null }
}

export function TimelineToolbar(props: TimelineToolbarProps) {
  const { connectionId, direction, onDirection, query, onQuery, regex, onRegex, matchCase, onMatchCase, queryError, matches, retained, scanning, canClear, onClear, actions, eventFilter } = props
  const { scan, more, presets, exclusions } = props
  return (
    <>
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
        maxLength={QUERY_MAX_CHARS}
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
      {more && presets && <MoreFilters connectionId={connectionId} more={more.value} onMore={more.onChange} presets={presets} />}
      {queryError !== null && (
        <span id={`${connectionId}-search-error`} className="field-error" role="alert">
          {queryError}
        </span>
      )}
      {matches !== null &&
        (scan ? (
          <ScanStatus matches={matches} retained={retained} scanning={scanning} progress={scan.progress} stopped={scan.stopped} onStop={scan.onStop} onResume={scan.onResume} />
        ) : (
          <span className="tl-match-count muted" role="status">
            {scanning ? 'Searching… ' : ''}
            {formatCount(matches)} of {formatCount(retained)}
          </span>
        ))}
      <span className="tl-toolbar-spacer" />
      <RetentionSettings connectionId={connectionId} />
      {actions}
      <button type="button" onClick={onClear} disabled={!canClear} title="Remove every frame of this connection from the timeline">
        <IconLabel icon="clear" label="Clear" />
      </button>
    </div>
    {exclusions && <ExclusionChips rules={exclusions.rules} onRemove={exclusions.onRemove} announcement={exclusions.announcement} />}
    </>
  )
}
