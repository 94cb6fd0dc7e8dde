import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { DirectionIcon } from '../../components/direction-icon.tsx'
import { formatBytes, formatCount, formatDateTime, formatTime } from '../../lib/format.ts'
import type { MergedRowSummary, MergedSelection, MergedWindow, MergedWindowRequest } from '../../store/merged-timeline.ts'

/** Every row is exactly this tall (`.mt-row` in merged-timeline.css): positions are arithmetic. */
export const MERGED_ROW_HEIGHT = 24
const OVERSCAN = 8
const ROW_STYLE = { height: MERGED_ROW_HEIGHT } as const
/** Browsers cap an element's height; past this the scrollbar range is scaled onto the content. */
const MAX_SPACER_PX = 8_000_000

export type ConnectionLabel = { name: string; colour: string }

const rowId = (row: { id: number }) => `merged-frame-${row.id}`

type MergedRowProps = {
  row: MergedRowSummary
  label: ConnectionLabel
  selected: boolean
  onSelect: (row: MergedRowSummary) => void
}

/** One frame: its connection (name as text beside a colour swatch), direction, time, size, preview. */
const MergedRow = memo(function MergedRow({ row, label, selected, onSelect }: MergedRowProps) {
  return (
    <div
      role="option"
      id={rowId(row)}
      aria-selected={selected}
      className={`mt-row mt-row--${row.tone}${selected ? ' mt-row--selected' : ''}`}
      style={ROW_STYLE}
      onClick={() => onSelect(row)}
    >
      <span className="mt-row-connection" title={label.name}>
        <span className="mt-swatch" aria-hidden="true" style={{ backgroundColor: label.colour }} />
        <span className="mt-row-name">{label.name}</span>
      </span>
      <DirectionIcon kind={row.tone} />
      <span className="mt-row-time" title={formatDateTime(row.at)}>
        {formatTime(row.at)}
      </span>
      <span className="mt-row-size">{row.size === null ? '' : formatBytes(row.size)}</span>
      <span className="mt-row-preview">
        {row.origin !== undefined && <span className="mt-origin">{row.origin} </span>}
        {row.preview}
      </span>
    </div>
  )
})

type MergedListProps = {
  window: MergedWindow
  labelOf: (connectionId: string) => ConnectionLabel
  selected: MergedSelection | null
  onSelect: (row: MergedRowSummary) => void
  onDeselect: () => void
  onRequest: (request: MergedWindowRequest) => void
}

const isSelected = (row: MergedRowSummary, selected: MergedSelection | null) => selected !== null && row.connectionId === selected.connectionId && row.seq === selected.seq

/**
 * A fixed-row-height virtual list of the merged rows, like the timeline's: follows the newest row
 * until the user scrolls up, then asks the runtime for the page around its viewport.
 */
export function MergedList({ window: rowWindow, labelOf, selected, onSelect, onDeselect, onRequest }: MergedListProps) {
  const [following, setFollowing] = useState(true)
  const [scroll, setScroll] = useState(() => ({ top: 0, headAt: rowWindow.headRemoved }))
  const [appendedWhenLeft, setAppendedWhenLeft] = useState(0)
  const [viewportHeight, setViewportHeight] = useState(0)
  const scrollerRef = useRef<HTMLDivElement | null>(null)
  const layout = useRef({ following: true, maxScroll: 0, scale: 1, headApplied: rowWindow.headRemoved, appended: 0, count: 0, viewportHeight: 0 })

  const count = rowWindow.count
  const contentHeight = count * MERGED_ROW_HEIGHT
  const spacerHeight = Math.min(contentHeight, MAX_SPACER_PX)
  const maxScroll = Math.max(0, spacerHeight - viewportHeight)
  const contentMax = Math.max(0, contentHeight - viewportHeight)
  const scale = maxScroll > 0 ? contentMax / maxScroll : 1
  const shift = ((rowWindow.headRemoved - scroll.headAt) * MERGED_ROW_HEIGHT) / scale
  const top = following ? maxScroll : Math.min(maxScroll, Math.max(0, scroll.top - shift))
  const contentOffset = top * scale
  const first = Math.max(0, Math.floor(contentOffset / MERGED_ROW_HEIGHT) - OVERSCAN)
  const end = Math.min(count, Math.ceil((contentOffset + viewportHeight) / MERGED_ROW_HEIGHT) + OVERSCAN)
  const blockTop = top + first * MERGED_ROW_HEIGHT - contentOffset

  const rowAt = (row: number): MergedRowSummary | undefined => rowWindow.rows[row - rowWindow.first]

  const rows: ReactNode[] = []
  let activeId: string | undefined
  for (let row = first; row < end; row++) {
    const summary = rowAt(row)
    if (!summary) continue
    const chosen = isSelected(summary, selected)
    if (chosen) activeId = rowId(summary)
    rows.push(<MergedRow key={summary.id} row={summary} label={labelOf(summary.connectionId)} selected={chosen} onSelect={onSelect} />)
  }

  const pageRows = Math.max(1, Math.ceil(viewportHeight / MERGED_ROW_HEIGHT) + 1)
  const pageFirst = Math.max(0, (Math.floor(first / pageRows) - 1) * pageRows)
  const wantFollow = following
  const wantFirst = following ? 0 : pageFirst
  const wantCount = following ? pageRows + OVERSCAN : pageRows * 4
  const selectedConnection = selected?.connectionId ?? null
  const selectedSeq = selected?.seq ?? null
  useEffect(() => {
    const selection = selectedConnection === null || selectedSeq === null ? null : { connectionId: selectedConnection, seq: selectedSeq }
    onRequest({ follow: wantFollow, first: wantFirst, count: wantCount, selected: selection })
  }, [onRequest, wantFollow, wantFirst, wantCount, selectedConnection, selectedSeq])

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
      } else if (rowWindow.headRemoved !== state.headApplied) {
        el.scrollTop = Math.max(0, el.scrollTop - ((rowWindow.headRemoved - state.headApplied) * MERGED_ROW_HEIGHT) / scale)
      }
    }
    Object.assign(state, { following, maxScroll, scale, headApplied: rowWindow.headRemoved, appended: rowWindow.appended, count, viewportHeight })
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
    const bottom = el.scrollHeight > 0 ? Math.min(state.maxScroll, el.scrollHeight - el.clientHeight) : state.maxScroll
    if (el.scrollTop >= bottom - MERGED_ROW_HEIGHT / 2) {
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
    const rowTop = row * MERGED_ROW_HEIGHT
    let target: number | null = null
    if (rowTop < viewTop) target = rowTop
    else if (rowTop + MERGED_ROW_HEIGHT > viewTop + state.viewportHeight) target = rowTop + MERGED_ROW_HEIGHT - state.viewportHeight
    if (target === null) return
    const next = Math.min(state.maxScroll, Math.max(0, target / state.scale))
    el.scrollTop = next
    if (row === state.count - 1) resumeFollowing()
    else {
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
    const page = Math.max(1, Math.floor(state.viewportHeight / MERGED_ROW_HEIGHT) - 1)
    const firstVisible = Math.min(state.count - 1, Math.ceil((el.scrollTop * state.scale) / MERGED_ROW_HEIGHT))
    const current = selected === null ? -1 : rowWindow.selectedRow
    let row: number
    switch (event.key) {
      case 'ArrowDown':
        row = current < 0 ? firstVisible : current + 1
        break
      case 'ArrowUp':
        row = current < 0 ? Math.min(state.count - 1, firstVisible + page) : current - 1
        break
      case 'PageDown':
        row = (current < 0 ? firstVisible : current) + page
        break
      case 'PageUp':
        row = (current < 0 ? firstVisible : current) - page
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

  const newFrames = rowWindow.appended - appendedWhenLeft

  return (
    <div className="mt-list">
      <div
        ref={attachScroller}
        className="mt-scroller"
        role="listbox"
        aria-label="Merged frames"
        tabIndex={0}
        aria-activedescendant={activeId}
        onScroll={onScroll}
        onWheel={(event) => {
          if (event.deltaY < 0) stopFollowing()
        }}
        onKeyDown={onKeyDown}
      >
        <div className="mt-spacer" style={{ height: spacerHeight }}>
          <div className="mt-rows" style={{ transform: `translateY(${blockTop}px)` }}>
            {rows}
          </div>
        </div>
      </div>
      {!following && (
        <button type="button" className="mt-jump primary" onClick={resumeFollowing}>
          {newFrames > 0 ? `${formatCount(newFrames)} new frame${newFrames === 1 ? '' : 's'} ↓` : 'Jump to latest ↓'}
        </button>
      )}
    </div>
  )
}
