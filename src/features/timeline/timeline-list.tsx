import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { Frame } from '../../engine/frame.ts'
import { formatCount } from '../../lib/format.ts'
import type { FrameView, FrameViewSnapshot } from './frame-view.ts'
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
  view: FrameView
  snapshot: FrameViewSnapshot
  selectedSeq: number | null
  onSelect: (seq: number, frame: Frame) => void
  onDeselect: () => void
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
 */
export function TimelineList({ view, snapshot, selectedSeq, onSelect, onDeselect }: TimelineListProps) {
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

  const rows: ReactNode[] = []
  let activeId: string | undefined
  for (let row = first; row < end; row++) {
    const frame = view.frameAt(row)
    if (!frame) continue
    const seq = view.seqAt(row)
    const selected = seq === selectedSeq
    if (selected) activeId = rowElementId(frame)
    rows.push(<TimelineRow key={frame.id} frame={frame} seq={seq} selected={selected} onSelect={onSelect} />)
  }

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
    if (el.scrollTop >= state.maxScroll - ROW_HEIGHT / 2) {
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

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const el = scrollerRef.current
    const state = layout.current
    if (event.key === 'Escape') {
      onDeselect()
      return
    }
    if (!el || state.count === 0) return
    const pageRows = Math.max(1, Math.floor(state.viewportHeight / ROW_HEIGHT) - 1)
    const firstVisible = Math.min(state.count - 1, Math.ceil((el.scrollTop * state.scale) / ROW_HEIGHT))
    const current = selectedSeq === null ? -1 : view.rowOfSeq(selectedSeq)
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
    const frame = view.frameAt(row)
    if (!frame) return
    onSelect(view.seqAt(row), frame)
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
