import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react'
import { PaneSplitter, PaneToggle } from '../../components/pane-layout.tsx'
import { useElementSize, useFittedPane } from '../../components/use-fitted-pane.ts'
import { formatBytes, formatCount } from '../../lib/format.ts'
import { UndoBar } from '../../components/undo-bar.tsx'
import { clearTimeline, undoClearTimeline } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import {
  compileQuery,
  useSelectedDecoding,
  useSelectedFrame,
  useTimelineWindow,
  type DirectionFilter,
  type FrameFilter,
  type RowSummary,
  type WindowRequest,
} from '../../store/timeline-window.ts'
import { rememberTimelineUi, timelineUiOf } from '../../store/timeline-ui.ts'
import { filterKeyOf, partsOf, savedFilterOf, type SavedFilter } from '../../store/timeline-filter.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { ContractBar } from './contract-bar.tsx'
import { DecoderMenu } from './decoder-menu.tsx'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { RowMenu } from './row-menu.tsx'
import { useFilterExtras } from './use-filter-extras.ts'
import { TimelineList } from './timeline-list.tsx'
import { TimelineStats } from './timeline-stats.tsx'
import { TimelineInsights } from './timeline-insights.tsx'
import { LazyFrameAnnotations } from './frame-annotations-lazy.tsx'
import { annotateFrame } from '../../store/annotation-actions.ts'
import { TimelineToolbar } from './timeline-toolbar.tsx'
import './timeline.css'

// The detail pane (pretty JSON, hex dump, decoded form, resend) loads with the first frame selected.
const FrameDetail = lazyNamed(() => import('./frame-detail.tsx'), 'FrameDetail')

/** The selected frame by seq; its row when it was picked from the list (a jump to a partner has none yet). */
type Selection = { seq: number; row: RowSummary | null }

/** What toolbar actions from outside the timeline get to know: the filter applied now, and how many frames there are. */
export type TimelineToolbarView = { filter: FrameFilter | null; retained: number }

const INITIAL_REQUEST: WindowRequest = { follow: true, first: 0, count: 0, selectedSeq: null }

function sameRequest(a: WindowRequest, b: WindowRequest): boolean {
  return a.follow === b.follow && a.first === b.first && a.count === b.count && a.selectedSeq === b.selectedSeq
}

/** The frame list keeps this many pixels however tall the detail is asked to be (five rows). */
const LIST_MIN_HEIGHT = 120

/** Typing pauses this long before a search starts over the history. */
const SEARCH_DEBOUNCE_MS = 150

/**
 * One connection's frames. The frames themselves stay in the runtime's log (in the Worker); this
 * component holds the connection's snapshot and the window of rows it shows, and fetches the
 * selected frame in full only for the detail pane.
 */
type TimelineProps = {
  connectionId: string
  /** More toolbar actions from outside the timeline (e.g. Export…). */
  toolbarActions?: (view: TimelineToolbarView) => ReactNode
  /** The "Decode as" menu keeps its choice on the workspace connection; timelines without one (recordings) leave it out. */
  decoderMenu?: boolean
}

export function Timeline({ connectionId, toolbarActions, decoderMenu = true }: TimelineProps) {
  const runtime = useSessionStore((state) => selectRuntime(state, connectionId))
  const maxFrames = useWorkspaceStore((state) => state.preferences.maxFramesPerConnection)
  const maxBytes = useWorkspaceStore((state) => state.preferences.maxBytesPerConnection)
  // Filter, search and selection come back as they were when the user switched connections.
  const [initialUi] = useState(() => timelineUiOf(connectionId))
  const [direction, setDirection] = useState<DirectionFilter>(initialUi.direction)
  const [query, setQuery] = useState(initialUi.query)
  // Not useDeferredValue: during a flood every batch interrupts a deferred render, and a render
  // thrown away would throw away the scan it did too. A short debounce gives the same effect.
  const [appliedQuery, setAppliedQuery] = useState(initialUi.query)
  const [regex, setRegex] = useState(initialUi.regex)
  const [matchCase, setMatchCase] = useState(initialUi.matchCase)
  const [events, setEvents] = useState<readonly string[]>(initialUi.events)
  // Payload type, time range, decoded type and "Hide frames like this" (use-filter-extras.ts).
  const extras = useFilterExtras(connectionId, initialUi.more)
  // Offered only where there is something to check against (the connection has message schemas).
  const schemaCount = useWorkspaceStore((state) => selectConnection(state, connectionId)?.schemas?.length ?? 0)
  const [invalidOnlyChosen, setInvalidOnly] = useState(false)
  const invalidOnly = invalidOnlyChosen && schemaCount > 0
  const queryError = useMemo(() => {
    const compiled = compileQuery({ query, regex, matchCase })
    return compiled.ok ? null : compiled.error
  }, [query, regex, matchCase])
  const [selection, setSelection] = useState<Selection | null>(initialUi.selectedSeq === null ? null : { seq: initialUi.selectedSeq, row: null })
  const selectedSeq = selection?.seq ?? null
  useEffect(() => {
    // What was typed, applied or not yet: coming back shows (and applies) the same search.
    rememberTimelineUi(connectionId, { direction, query, regex, matchCase, events, more: extras.more, selectedSeq })
  }, [connectionId, direction, query, regex, matchCase, events, extras.more, selectedSeq])
  const [request, setRequest] = useState<WindowRequest>(INITIAL_REQUEST)
  const onRequest = useCallback((next: WindowRequest) => setRequest((current) => (sameRequest(current, next) ? current : next)), [])

  // Counting and scanning run next to the log; `scanning` says the count is still growing.
  const eventFilter = events.length > 0 ? { events } : {}
  const viewFilter: FrameFilter = { direction, query: appliedQuery, regex, matchCase, ...eventFilter, ...(invalidOnly ? { invalidOnly } : {}), ...extras.engineFilter }
  const snapshot = useTimelineWindow(connectionId, viewFilter, request)
  const filtered = direction !== 'all' || appliedQuery !== '' || events.length > 0 || invalidOnly || extras.active
  // A preset replaces the whole filter at once (its query applies without the typing pause).
  const applyFilter = (filter: SavedFilter) => {
    const parts = partsOf(filter)
    setDirection(parts.direction)
    setQuery(parts.query)
    setAppliedQuery(parts.query)
    setRegex(parts.regex)
    setMatchCase(parts.matchCase)
    setEvents(parts.events)
    extras.setMore(parts.more)
  }
  // Messages with event names: Socket.IO events and Server-Sent Event types (by the saved kind, or
  // by the transport of the session that ran).
  const connectionKind = useWorkspaceStore((state) => selectConnection(state, connectionId)?.transport?.kind)
  const hasEventNames = connectionKind === 'socket.io' || connectionKind === 'sse' || runtime.transport === 'socket.io' || runtime.transport === 'sse'
  const selectedFrame = useSelectedFrame(connectionId, selection?.seq ?? null)
  // The freshest row of the selection (pairing may have found its partner since it was clicked).
  const selectedSummary = snapshot.rows.find((row) => row.seq === selection?.seq) ?? selection?.row ?? null
  // Decoded again when the user picks another decoder or the connection negotiates a new subprotocol.
  const decoderKey = useWorkspaceStore((state) => selectConnection(state, connectionId)?.decoder ?? 'auto') + runtime.protocol
  const selectedDecoding = useSelectedDecoding(connectionId, selection?.seq ?? null, decoderKey)

  useEffect(() => {
    if (query === appliedQuery) return
    const timer = setTimeout(() => setAppliedQuery(query), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [query, appliedQuery])

  const onSelect = useCallback((row: RowSummary) => setSelection({ seq: row.seq, row }), [])
  const onDeselect = useCallback(() => setSelection(null), [])
  const onJump = useCallback((seq: number) => setSelection({ seq, row: null }), [])
  const onPin = useCallback((row: RowSummary) => void annotateFrame(connectionId, row.seq, { pinned: row.pinned !== true }), [connectionId])
  // Clear can be undone for a few seconds: what it removed is kept next to the log meanwhile.
  const [clearedCount, setClearedCount] = useState<number | null>(null)
  const [undoError, setUndoError] = useState<string | null>(null)
  const onClear = () => {
    setClearedCount(runtime.retained)
    setUndoError(null)
    clearTimeline(connectionId)
    setSelection(null)
  }
  const dismissUndo = useCallback(() => setClearedCount(null), [])
  const onUndoClear = () => {
    setClearedCount(null)
    void undoClearTimeline(connectionId).then((result) => setUndoError(result.ok ? null : result.error))
  }

  const retained = runtime.retained
  const dropped = runtime.dropped
  const selectedDropped = selection !== null && selection.seq < dropped
  const splitRef = useRef<HTMLDivElement>(null)
  const detail = useFittedPane('detail', useElementSize(splitRef, 'height'), LIST_MIN_HEIGHT)
  const detailId = `${useId()}-detail`
  const detailToggle = <PaneToggle pane="detail" name="frame detail" controls={detailId} side="bottom" text={{ hide: 'Hide', show: 'Frame detail' }} />

  return (
    <div className="timeline">
      <TimelineToolbar
        connectionId={connectionId}
        direction={direction}
        onDirection={setDirection}
        query={query}
        onQuery={setQuery}
        regex={regex}
        onRegex={setRegex}
        matchCase={matchCase}
        onMatchCase={setMatchCase}
        queryError={queryError}
        matches={filtered ? snapshot.count : null}
        retained={retained}
        scanning={snapshot.scanning}
        canClear={retained > 0 || dropped > 0}
        onClear={onClear}
        actions={toolbarActions?.({ filter: direction !== 'all' || appliedQuery !== '' || events.length > 0 || extras.active ? { direction, query: appliedQuery, regex, matchCase, ...eventFilter, ...extras.engineFilter } : null, retained })}
        {...(hasEventNames ? { eventFilter: { events, onEvents: setEvents } } : {})}
        scan={{ progress: snapshot.progress, stopped: snapshot.stopped, onStop: () => snapshot.controlScan('stop'), onResume: () => snapshot.controlScan('resume') }}
        more={{ value: extras.more, onChange: extras.setMore }}
        presets={{ current: savedFilterOf({ direction, query, regex, matchCase, events, more: extras.more }), onApply: applyFilter }}
        exclusions={{ rules: extras.more.exclude ?? [], onRemove: extras.removeRule, announcement: extras.announcement }}
      />
      {extras.menu && <RowMenu anchor={extras.menu} onHideLike={extras.hideLike} onClose={extras.closeMenu} />}
      {schemaCount > 0 && <ContractBar schemaCount={schemaCount} stats={snapshot.contract} invalidOnly={invalidOnly} onInvalidOnly={setInvalidOnly} />}
      {clearedCount !== null && (
        <UndoBar message={`Cleared ${formatCount(clearedCount)} frame${clearedCount === 1 ? '' : 's'}.`} onUndo={onUndoClear} onDismiss={dismissUndo} />
      )}
      {undoError && (
        <p className="field-error" role="alert">
          {undoError}
        </p>
      )}
      {decoderMenu && <DecoderMenu connectionId={connectionId} />}
      <TimelineStats
        stats={runtime.stats}
        retained={runtime.retained}
        retainedBytes={runtime.retainedBytes}
        dropped={runtime.dropped}
        maxFrames={maxFrames}
        maxBytes={maxBytes}
        latency={snapshot.latency}
        contract={snapshot.contract}
      />
      <TimelineInsights connectionId={connectionId} annotations={runtime.annotations} series={runtime.series} onJump={onJump} />
      {dropped > 0 && (
        <p className="tl-dropped" role="note">
          {formatCount(dropped)} older frame{dropped === 1 ? '' : 's'} dropped (retention limit: the newest{' '}
          {formatCount(maxFrames)} frames or {formatBytes(maxBytes)} per connection are kept)
        </p>
      )}
      {/* The list and the detail share this column; its height is what the detail may take. */}
      <div className="tl-split" ref={splitRef}>
        <div className="tl-body">
          {snapshot.count > 0 ? (
            <TimelineList
              // A new filter or a clear is a different list: start again at the newest row.
              key={`${filterKeyOf(viewFilter)}\u0000${snapshot.epoch}`}
              window={snapshot}
              selectedSeq={selection?.seq ?? null}
              onSelect={onSelect}
              onDeselect={onDeselect}
              onRequest={onRequest}
              onPin={onPin}
              onRowMenu={extras.openMenu}
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
              <p>{snapshot.scanning ? 'Searching…' : invalidOnly && !filtered ? 'No invalid frames.' : 'No frames match this filter.'}</p>
            </div>
          )}
        </div>
        {selection && (
          <>
            <PaneSplitter
              pane="detail"
              fitted={detail}
              label="Resize frame detail"
              controls={detailId}
              orientation="horizontal"
              grow={-1}
            />
            <div
              id={detailId}
              className="tl-detail-pane"
              data-collapsed={detail.collapsed ? 'true' : undefined}
              style={detail.collapsed ? undefined : { height: detail.size }}
            >
              {detail.collapsed ? (
                <div className="tl-detail-strip">{detailToggle}</div>
              ) : (
                <>
                  {selectedDropped && <p className="tl-detail-note">This frame has since been dropped from the timeline by the retention limit.</p>}
                  {selectedFrame ? (
                    <LazyPart what="the frame detail" onClose={onDeselect}>
                    <FrameDetail
                      key={selectedFrame.frame.id}
                      connectionId={connectionId}
                      frame={selectedFrame.frame}
                      wholePayload={selectedFrame.whole}
                      decoded={selectedDecoding ?? null}
                      pair={selectedSummary && selectedSummary.partnerSeq !== null ? { partnerSeq: selectedSummary.partnerSeq, latencyMs: selectedSummary.latencyMs } : null}
                      onJump={(seq) => setSelection({ seq, row: null })}
                      onClose={onDeselect}
                      collapseToggle={detailToggle}
                      annotations={
                        <LazyFrameAnnotations connectionId={connectionId} seq={selection.seq} pinned={selectedSummary ? selectedSummary.pinned === true : selectedFrame.annotation?.pinned === true} note={selectedSummary ? (selectedSummary.note ?? '') : (selectedFrame.annotation?.note ?? '')} />
                      }
                    />
                    </LazyPart>
                  ) : (
                    <section className="tl-detail" aria-busy={selectedFrame === undefined}>
                      <p className="tl-detail-note" role="status">
                        {selectedFrame === null ? 'This frame is no longer in the timeline.' : 'Loading frame…'}
                      </p>
                    </section>
                  )}
                </>
              )}
            </div>
          </>
        )}
      </div>
    </div>
  )
}
