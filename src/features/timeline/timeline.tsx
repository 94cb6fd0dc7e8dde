import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Frame } from '../../engine/frame.ts'
import { formatBytes, formatCount } from '../../lib/format.ts'
import { clearTimeline, getFrameLog } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { FrameDetail } from './frame-detail.tsx'
import { createFrameView, type DirectionFilter } from './frame-view.ts'
import { TimelineList } from './timeline-list.tsx'
import { TimelineStats } from './timeline-stats.tsx'
import { TimelineToolbar } from './timeline-toolbar.tsx'
import './timeline.css'

type Selection = { seq: number; frame: Frame }

/** Typing pauses this long before a search starts over the history. */
const SEARCH_DEBOUNCE_MS = 150

/**
 * One connection's frames. The frames themselves stay in the engine's log; this component
 * subscribes only to the connection's runtime record, whose revision moves at most once per
 * animation frame, and reads just the rows it shows.
 */
export function Timeline({ connectionId }: { connectionId: string }) {
  const runtime = useSessionStore((state) => selectRuntime(state, connectionId))
  const maxFrames = useWorkspaceStore((state) => state.preferences.maxFramesPerConnection)
  const maxBytes = useWorkspaceStore((state) => state.preferences.maxBytesPerConnection)
  const [direction, setDirection] = useState<DirectionFilter>('all')
  const [query, setQuery] = useState('')
  // Not useDeferredValue: during a flood every batch interrupts a deferred render, and a render
  // thrown away would throw away the scan it did too. A short debounce gives the same effect.
  const [appliedQuery, setAppliedQuery] = useState('')
  const [selection, setSelection] = useState<Selection | null>(null)
  const [scanRound, setScanRound] = useState(0)

  const log = getFrameLog(connectionId)
  const view = useMemo(() => createFrameView(log, { direction, query: appliedQuery }), [log, direction, appliedQuery])
  // Incremental: examines only frames appended since the previous render (or a bounded slice of
  // history while a new filter is scanning). runtime.revision is what re-renders us.
  const snapshot = view.sync()
  const filtered = direction !== 'all' || appliedQuery !== ''

  useEffect(() => {
    if (query === appliedQuery) return
    const timer = setTimeout(() => setAppliedQuery(query), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [query, appliedQuery])

  useEffect(() => {
    if (!snapshot.scanning) return
    // A filter over a long history continues in its own task, between incoming messages, rather
    // than waiting for the next animation frame (which a flood can delay to ~10 per second).
    const timer = setTimeout(() => setScanRound((round) => round + 1), 0)
    return () => clearTimeout(timer)
  }, [snapshot.scanning, scanRound, runtime.revision])

  const onSelect = useCallback((seq: number, frame: Frame) => setSelection({ seq, frame }), [])
  const onDeselect = useCallback(() => setSelection(null), [])
  const onClear = () => {
    clearTimeline(connectionId)
    setSelection(null)
  }

  const retained = log.length()
  const dropped = log.dropped()
  const selectedDropped = selection !== null && selection.seq < dropped

  return (
    <div className="timeline">
      <TimelineToolbar
        connectionId={connectionId}
        direction={direction}
        onDirection={setDirection}
        query={query}
        onQuery={setQuery}
        matches={filtered ? snapshot.count : null}
        retained={retained}
        scanning={snapshot.scanning}
        canClear={retained > 0 || dropped > 0}
        onClear={onClear}
      />
      <TimelineStats
        stats={runtime.stats}
        retained={runtime.retained}
        retainedBytes={runtime.retainedBytes}
        dropped={runtime.dropped}
        maxFrames={maxFrames}
        maxBytes={maxBytes}
      />
      {dropped > 0 && (
        <p className="tl-dropped" role="note">
          {formatCount(dropped)} older frame{dropped === 1 ? '' : 's'} dropped (retention limit: the newest{' '}
          {formatCount(maxFrames)} frames or {formatBytes(maxBytes)} per connection are kept)
        </p>
      )}
      <div className="tl-body">
        {snapshot.count > 0 ? (
          <TimelineList
            // A new filter or a clear is a different list: start again at the newest row.
            key={`${direction}\u0000${appliedQuery}\u0000${snapshot.epoch}`}
            view={view}
            snapshot={snapshot}
            selectedSeq={selection?.seq ?? null}
            onSelect={onSelect}
            onDeselect={onDeselect}
          />
        ) : retained === 0 ? (
          <div className="empty-state">
            <h2>No frames yet</h2>
            <p>
              Press Connect, then send a message from the composer (Ctrl/Cmd+Enter). Every frame sent and received, and every
              connection event, appears here.
            </p>
          </div>
        ) : (
          <div className="empty-state">
            <p>{snapshot.scanning ? 'Searching…' : 'No frames match this filter.'}</p>
          </div>
        )}
      </div>
      {selection && (
        <>
          {selectedDropped && <p className="tl-detail-note">This frame has since been dropped from the timeline by the retention limit.</p>}
          <FrameDetail key={selection.frame.id} connectionId={connectionId} frame={selection.frame} onClose={onDeselect} />
        </>
      )}
    </div>
  )
}
