import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react'
import { formatCount } from '../../lib/format.ts'
import {
  closeMergedTimeline,
  MIN_MERGED_CONNECTIONS,
  setMergedChoice,
  useMergedTimelineStore,
  useMergedTimelineWindow,
  type MergedRowSummary,
  type MergedSelection,
  type MergedWindowRequest,
} from '../../store/merged-timeline.ts'
import { compileQuery, type DirectionFilter } from '../../store/timeline-window.ts'
import { selectConnections } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { connectionColour } from './connection-colour.ts'
import { MergedList, type ConnectionLabel } from './merged-list.tsx'
import './merged-timeline.css'

const DIRECTIONS: { value: DirectionFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'out', label: 'Sent' },
  { value: 'in', label: 'Received' },
  { value: 'events', label: 'Events' },
]

const INITIAL_REQUEST: MergedWindowRequest = { follow: true, first: 0, count: 0, selected: null }
const SEARCH_DEBOUNCE_MS = 150

function sameRequest(a: MergedWindowRequest, b: MergedWindowRequest): boolean {
  return (
    a.follow === b.follow &&
    a.first === b.first &&
    a.count === b.count &&
    (a.selected === b.selected || (a.selected !== null && b.selected !== null && a.selected.connectionId === b.selected.connectionId && a.selected.seq === b.selected.seq))
  )
}

type MergedTimelineViewProps = {
  /** The detail pane of the selected frame (the timeline's, passed in by the layout: features do not import each other). */
  detail: (selection: MergedSelection, onClose: () => void) => ReactNode
}

/**
 * Several connections' frames interleaved by time, with a connection column, one direction and
 * search filter across all of them. The merge runs next to the logs; this shows a window of rows.
 */
export function MergedTimelineView({ detail }: MergedTimelineViewProps) {
  const connections = useWorkspaceStore(selectConnections)
  const chosen = useMergedTimelineStore((state) => state.chosen)
  const pickerId = useId()

  const existing = useMemo(() => new Set(connections.map((c) => c.id)), [connections])
  // Merged in the sidebar's order: the order decides ties between frames of the same instant.
  const ids = useMemo(() => connections.filter((c) => chosen.includes(c.id)).map((c) => c.id), [connections, chosen])
  const missing = chosen.filter((id) => !existing.has(id)).length
  const labels = useMemo(() => new Map(connections.map((c) => [c.id, { name: c.name || c.id, colour: connectionColour(c.id) }])), [connections])
  const labelOf = useCallback((id: string): ConnectionLabel => labels.get(id) ?? { name: 'Deleted connection', colour: connectionColour(id) }, [labels])

  const toggle = (id: string, on: boolean) => setMergedChoice(on ? [...chosen.filter((c) => c !== id), id] : chosen.filter((c) => c !== id))

  return (
    <main className="app-main mt-main" aria-labelledby={`${pickerId}-title`}>
      <header className="mt-header">
        <h2 id={`${pickerId}-title`}>Merged timeline</h2>
        <span className="mt-grow" />
        <button type="button" onClick={closeMergedTimeline}>
          Close
        </button>
      </header>
      <fieldset className="mt-picker">
        <legend>Connections to merge (at least {MIN_MERGED_CONNECTIONS})</legend>
        {connections.length === 0 && <p className="mt-hint">No saved connections yet: add some in the sidebar.</p>}
        {connections.map((connection) => (
          <label key={connection.id} className="mt-pick">
            <input type="checkbox" checked={ids.includes(connection.id)} onChange={(event) => toggle(connection.id, event.target.checked)} />
            <span className="mt-swatch" aria-hidden="true" style={{ backgroundColor: connectionColour(connection.id) }} />
            {connection.name || connection.id}
          </label>
        ))}
      </fieldset>
      {missing > 0 && (
        <p className="mt-hint" role="note">
          {missing === 1 ? 'One chosen connection was deleted and is no longer merged.' : `${formatCount(missing)} chosen connections were deleted and are no longer merged.`}
        </p>
      )}
      {ids.length < MIN_MERGED_CONNECTIONS ? (
        <div className="empty-state">
          <p role="status">
            {connections.length < MIN_MERGED_CONNECTIONS
              ? `A merged timeline needs at least ${MIN_MERGED_CONNECTIONS} connections; this workspace has ${connections.length}.`
              : `Choose at least ${MIN_MERGED_CONNECTIONS} connections to merge${ids.length === 1 ? ' (one is chosen)' : ''}.`}
          </p>
        </div>
      ) : (
        <MergedFrames key={ids.join('\u0001')} ids={ids} labelOf={labelOf} detail={detail} />
      )}
    </main>
  )
}

type MergedFramesProps = { ids: readonly string[]; labelOf: (id: string) => ConnectionLabel; detail: MergedTimelineViewProps['detail'] }

function MergedFrames({ ids, labelOf, detail }: MergedFramesProps) {
  const [direction, setDirection] = useState<DirectionFilter>('all')
  const [query, setQuery] = useState('')
  const [appliedQuery, setAppliedQuery] = useState('')
  const [selection, setSelection] = useState<MergedSelection | null>(null)
  const [request, setRequest] = useState<MergedWindowRequest>(INITIAL_REQUEST)
  const onRequest = useCallback((next: MergedWindowRequest) => setRequest((current) => (sameRequest(current, next) ? current : next)), [])
  const searchId = useId()

  useEffect(() => {
    if (query === appliedQuery) return
    const timer = setTimeout(() => setAppliedQuery(query), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [query, appliedQuery])

  const queryError = useMemo(() => {
    const compiled = compileQuery({ query })
    return compiled.ok ? null : compiled.error
  }, [query])
  const window = useMergedTimelineWindow(ids, { direction, query: appliedQuery }, request)
  const filtered = direction !== 'all' || appliedQuery !== ''
  const onSelect = useCallback((row: MergedRowSummary) => setSelection({ connectionId: row.connectionId, seq: row.seq }), [])
  const onDeselect = useCallback(() => setSelection(null), [])

  return (
    <div className="mt-body">
      <div className="mt-toolbar">
        <div className="mt-segmented" role="group" aria-label="Show">
          {DIRECTIONS.map((option) => (
            <button key={option.value} type="button" aria-pressed={direction === option.value} onClick={() => setDirection(option.value)}>
              {option.label}
            </button>
          ))}
        </div>
        <input
          type="search"
          className="mt-search"
          placeholder="Search all merged connections…"
          aria-label="Search merged frames (text, case-insensitive)"
          aria-invalid={queryError !== null}
          aria-describedby={queryError !== null ? `${searchId}-error` : undefined}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        {queryError !== null && (
          <span id={`${searchId}-error`} className="field-error" role="alert">
            {queryError}
          </span>
        )}
        {/* Not a live region: during a flood it would speak on every batch. */}
        <span className="mt-count">
          {window.scanning ? 'Merging…' : `${formatCount(window.count)} ${filtered ? 'matching ' : ''}frame${window.count === 1 ? '' : 's'} from ${ids.length} connections`}
        </span>
      </div>
      <div className="mt-split">
        <div className="mt-list-pane">
          {window.count > 0 ? (
            <MergedList
              key={`${direction}\u0000${appliedQuery}\u0000${window.epoch}`}
              window={window}
              labelOf={labelOf}
              selected={selection}
              onSelect={onSelect}
              onDeselect={onDeselect}
              onRequest={onRequest}
            />
          ) : (
            <div className="empty-state">
              <p>{window.scanning ? 'Merging…' : filtered ? 'No frames of these connections match this filter.' : 'No frames yet on these connections: connect them to see their traffic here.'}</p>
            </div>
          )}
        </div>
        {selection && (
          <div className="mt-detail-pane">
            <p className="mt-detail-of">
              <span className="mt-swatch" aria-hidden="true" style={{ backgroundColor: labelOf(selection.connectionId).colour }} />
              {`Frame of ${labelOf(selection.connectionId).name}`}
            </p>
            {/* Keyed by connection: the same seq on another connection is another frame. */}
            <div key={`${selection.connectionId}\u0000${selection.seq}`} className="mt-detail">
              {detail(selection, onDeselect)}
            </div>
          </div>
        )}
      </div>
    </div>
  )
}
