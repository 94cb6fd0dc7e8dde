import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { formatCount } from '../../lib/format.ts'
import type { RowSummary, TimelineWindow, WindowRequest } from '../../store/timeline-window.ts'
import { ROW_HEIGHT, rowElementId } from './row-layout.ts'
import { TimelineRow } from './timeline-row.tsx'

/** Rows rendered above and below the viewport so a fast scroll does not flash empty space. */
const OVERSCAN = 8
/**
 * While following, nothing can scroll in from below and every batch replaces the visible rows, so
 * off-screen rows would be mounted for nothing at flood rates (the bench's ingest ratio pays for it).
 */
const FOLLOWING_OVERSCAN_ABOVE = 2

/**
 * Browsers cap an element's height (Chromium about 33.5 million px, Firefox about 17.9 million);
 * past this the scrollbar range is scaled onto the content instead of growing with it.
 */
const MAX_SPACER_PX = 8_000_000

type TimelineListProps = {
  /** The rows the runtime last answered, with the list's counters. */
  window: TimelineWindow
  selectedSeq: number | null
  onSelect: (row: RowSummary) => void
  onDeselect: () => void
  /** Asks the runtime for the rows this list needs next. */
  onRequest: (request: WindowRequest) => void
  /** Pins or unpins a row: its pin marker, or P on the selected row. */
  onPin?: (row: RowSummary) => void
  /** A row's context menu: right click, or the Menu key / Shift+F10 on the selected row. */
  onRowMenu?: (row: RowSummary, x: number, y: number) => void
}

type ScrollPosition = {
  top: number
  /** `snapshot.headRemoved` when `top` was read: rows dropped since then shift the content up. */
  headAt: number
}

/**
 * A fixed-row-height virtual list. Positions are arithmetic (row × height), so a new batch costs
 * O(visible rows) whatever the history holds. (A general virtualizer such as @tanstack/virtual
 * re-measures every item whenever the count changes: about 3.5 ms per batch at 200,000 frames.)
 *
 * Follows the newest row until the user scrolls up; then the view stays on the same frames, even
 * while retention drops older ones, and a button counts what arrived meanwhile.
 *
 * Rows come from the runtime (in the Worker) as a window: while following, the newest rows are
 * pushed with every batch; when scrolled up, the list asks for the page around its viewport.
 */
export function TimelineList({ window: rowWindow, selectedSeq, onSelect, onDeselect, onRequest, onPin, onRowMenu }: TimelineListProps) {
  const snapshot = rowWindow
  const [following, setFollowing] = useState(true)
  const [scroll, setScroll] = useState<ScrollPosition>(() => ({ top: 0, headAt: snapshot.headRemoved }))
  // `snapshot.appended` when following stopped: the difference is the "N new frames".
  const [appendedWhenLeft, setAppendedWhenLeft] = useState(0)
  const [viewportHeight, setViewportHeight] = useState(0)
  const scrollerRef = useRef<HTMLDivElement | null>(null)
  // What the last commit laid out, for event handlers (which run outside render).
  const layout = useRef({ following: true, maxScroll: 0, scale: 1, headApplied: snapshot.headRemoved, appended: 0, count: 0, viewportHeight: 0 })

  const count = snapshot.count
  const contentHeight = count * ROW_HEIGHT
  const spacerHeight = Math.min(contentHeight, MAX_SPACER_PX)
  const maxScroll = Math.max(0, spacerHeight - viewportHeight)
  const contentMax = Math.max(0, contentHeight - viewportHeight)
  // Content pixels per scrollbar pixel: 1 until the list outgrows MAX_SPACER_PX.
  const scale = maxScroll > 0 ? contentMax / maxScroll : 1
  const shift = ((snapshot.headRemoved - scroll.headAt) * ROW_HEIGHT) / scale
  const top = following ? maxScroll : Math.min(maxScroll, Math.max(0, scroll.top - shift))
  const contentOffset = top * scale
  const first = Math.max(0, Math.floor(contentOffset / ROW_HEIGHT) - (following ? FOLLOWING_OVERSCAN_ABOVE : OVERSCAN))
  const end = Math.min(count, Math.ceil((contentOffset + viewportHeight) / ROW_HEIGHT) + (following ? 0 : OVERSCAN))
  const blockTop = top + first * ROW_HEIGHT - contentOffset

  const rowAt = (row: number): RowSummary | undefined => rowWindow.rows[row - rowWindow.first]

  const rows: ReactNode[] = []
  let activeId: string | undefined
  for (let row = first; row < end; row++) {
    const summary = rowAt(row)
    if (!summary) continue
    const selected = summary.seq === selectedSeq
    if (selected) activeId = rowElementId(summary)
    rows.push(<TimelineRow key={summary.id} row={summary} selected={selected} onSelect={onSelect} onMenu={onRowMenu} {...(onPin ? { onPin } : {})} />)
  }

  // The window to ask for. While scrolled up it is snapped to whole pages around the viewport, so
  // scrolling within a page asks nothing new.
  const pageRows = Math.max(1, Math.ceil(viewportHeight / ROW_HEIGHT) + 1)
  const pageFirst = Math.max(0, (Math.floor(first / pageRows) - 1) * pageRows)
  const request: WindowRequest = following
    ? { follow: true, first: 0, count: pageRows + FOLLOWING_OVERSCAN_ABOVE, selectedSeq }
    : { follow: false, first: pageFirst, count: pageRows * 4, selectedSeq }
  const { follow: wantFollow, first: wantFirst, count: wantCount } = request
  useEffect(() => {
    onRequest({ follow: wantFollow, first: wantFirst, count: wantCount, selectedSeq })
  }, [onRequest, wantFollow, wantFirst, wantCount, selectedSeq])

  // A selection made elsewhere (a jump to the other side of a request/reply pair) scrolls into view
  // once the runtime has said which row shows it; one already on screen stays put.
  const revealed = useRef<number | null>(selectedSeq)
  const scrollRowIntoViewRef = useRef<(row: number) => void>(() => {})
  const selectedRow = rowWindow.selectedRow
  useEffect(() => {
    if (selectedSeq === revealed.current || selectedRow < 0) return
    revealed.current = selectedSeq
    scrollRowIntoViewRef.current(selectedRow)
  }, [selectedSeq, selectedRow])

  // A keyboard move to a row outside the window selects it once its row has arrived.
  const pendingRow = useRef<number | null>(null)
  useEffect(() => {
    const pending = pendingRow.current
    if (pending === null) return
    const summary = rowWindow.rows[pending - rowWindow.first]
    if (!summary) return
    pendingRow.current = null
    onSelect(summary)
  }, [rowWindow, onSelect])

  useLayoutEffect(() => {
    const el = scrollerRef.current
    const state = layout.current
    if (el) {
      if (following) {
        if (Math.abs(el.scrollTop - maxScroll) >= 1) el.scrollTop = maxScroll
      } else if (snapshot.headRemoved !== state.headApplied) {
        // Older rows left the list: move up by as much so the same frames stay in view.
        el.scrollTop = Math.max(0, el.scrollTop - ((snapshot.headRemoved - state.headApplied) * ROW_HEIGHT) / scale)
      }
    }
    Object.assign(state, { following, maxScroll, scale, headApplied: snapshot.headRemoved, appended: snapshot.appended, count, viewportHeight })
  })

  const attachScroller = useCallback((el: HTMLDivElement | null) => {
    scrollerRef.current = el
    if (!el) return
    setViewportHeight(el.clientHeight)
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  const stopFollowing = () => {
    const state = layout.current
    if (!state.following) return
    state.following = false
    setFollowing(false)
    setAppendedWhenLeft(state.appended)
  }

  const resumeFollowing = () => {
    layout.current.following = true
    setFollowing(true)
  }

  const onScroll = () => {
    const el = scrollerRef.current
    if (!el) return
    const state = layout.current
    // The live bottom, not the last render's: when the viewport grows (a header above shrinks), the
    // browser clamps scrollTop to the new, smaller maximum, and comparing with the old one read that
    // clamp as the user scrolling up.
    const bottom = el.scrollHeight > 0 ? Math.min(state.maxScroll, el.scrollHeight - el.clientHeight) : state.maxScroll
    if (el.scrollTop >= bottom - ROW_HEIGHT / 2) {
      if (!state.following) resumeFollowing()
      return
    }
    stopFollowing()
    setScroll({ top: el.scrollTop, headAt: state.headApplied })
  }

  const scrollRowIntoView = (row: number) => {
    const el = scrollerRef.current
    if (!el) return
    const state = layout.current
    const viewTop = el.scrollTop * state.scale
    const rowTop = row * ROW_HEIGHT
    let target: number | null = null
    if (rowTop < viewTop) target = rowTop
    else if (rowTop + ROW_HEIGHT > viewTop + state.viewportHeight) target = rowTop + ROW_HEIGHT - state.viewportHeight
    if (target === null) return
    const next = Math.min(state.maxScroll, Math.max(0, target / state.scale))
    el.scrollTop = next
    if (row === state.count - 1) {
      resumeFollowing()
    } else {
      stopFollowing()
      setScroll({ top: next, headAt: state.headApplied })
    }
  }

  useLayoutEffect(() => {
    scrollRowIntoViewRef.current = scrollRowIntoView
  })

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const el = scrollerRef.current
    const state = layout.current
    if (event.key === 'Escape') {
      onDeselect()
      return
    }
    if ((event.key === 'p' || event.key === 'P') && !event.ctrlKey && !event.metaKey && !event.altKey && onPin) {
      // By seq among the rows held, not by selectedRow: that comes back from the runtime a moment after a click.
      const selectedSummary = selectedSeq === null ? undefined : rowWindow.rows.find((row) => row.seq === selectedSeq)
      if (selectedSummary) {
        event.preventDefault()
        onPin(selectedSummary)
      }
      return
    }
    if (onRowMenu && (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))) {
      const summary = selectedSeq === null ? undefined : rowAt(rowWindow.selectedRow)
      const element = summary ? document.getElementById(rowElementId(summary)) : null
      if (!summary || !element) return
      event.preventDefault()
      const box = element.getBoundingClientRect()
      onRowMenu(summary, box.left + 24, box.bottom)
      return
    }
    if (!el || state.count === 0) return
    const pageRows = Math.max(1, Math.floor(state.viewportHeight / ROW_HEIGHT) - 1)
    const firstVisible = Math.min(state.count - 1, Math.ceil((el.scrollTop * state.scale) / ROW_HEIGHT))
    const current = selectedSeq === null ? -1 : rowWindow.selectedRow
    let row: number
    switch (event.key) {
      case 'ArrowDown':
        row = current < 0 ? firstVisible : current + 1
        break
      case 'ArrowUp':
        row = current < 0 ? Math.min(state.count - 1, firstVisible + pageRows) : current - 1
        break
      case 'PageDown':
        row = (current < 0 ? firstVisible : current) + pageRows
        break
      case 'PageUp':
        row = (current < 0 ? firstVisible : current) - pageRows
        break
      case 'Home':
        row = 0
        break
      case 'End':
        row = state.count - 1
        break
      default:
        return
    }
    event.preventDefault()
    row = Math.min(state.count - 1, Math.max(0, row))
    const summary = rowAt(row)
    if (summary) onSelect(summary)
    else pendingRow.current = row
    scrollRowIntoView(row)
  }

  const newFrames = snapshot.appended - appendedWhenLeft

  return (
    <div className="tl-list">
      <div
        ref={attachScroller}
        className="tl-scroller"
        role="listbox"
        aria-label="Frames"
        aria-keyshortcuts={onPin ? 'P' : undefined}
        aria-description={onPin ? 'P pins or unpins the selected frame.' : undefined}
        tabIndex={0}
        aria-activedescendant={activeId}
        onScroll={onScroll}
        onWheel={(event) => {
          if (event.deltaY < 0) stopFollowing()
        }}
        onKeyDown={onKeyDown}
      >
        <div className="tl-spacer" style={{ height: spacerHeight }}>
          <div className="tl-rows" style={{ transform: `translateY(${blockTop}px)` }}>
            {rows}
          </div>
        </div>
      </div>
      {!following && (
        <button type="button" className="tl-jump primary" onClick={resumeFollowing}>
          {newFrames > 0 ? `${formatCount(newFrames)} new frame${newFrames === 1 ? '' : 's'} ↓` : 'Jump to latest ↓'}
        </button>
      )}
    </div>
  )
}
