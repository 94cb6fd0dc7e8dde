import { memo } from 'react'
import { DirectionIcon } from '../../components/direction-icon.tsx'
import type { Frame } from '../../engine/frame.ts'
import { formatBytes, formatDateTime, formatTime } from '../../lib/format.ts'
import { frameSummary, frameTone } from './frame-summary.ts'
import { ROW_HEIGHT, rowElementId } from './row-layout.ts'

const ROW_STYLE = { height: ROW_HEIGHT } as const

type TimelineRowProps = {
  frame: Frame
  seq: number
  selected: boolean
  onSelect: (seq: number, frame: Frame) => void
}

/**
 * One frame. Memoized on the immutable frame, so a new batch renders only rows that scrolled in;
 * the preview is computed here, for visible rows only, from the head of the payload.
 */
export const TimelineRow = memo(function TimelineRow({ frame, seq, selected, onSelect }: TimelineRowProps) {
  const tone = frameTone(frame)
  return (
    <div
      role="option"
      id={rowElementId(frame)}
      aria-selected={selected}
      className={`tl-row tl-row--${tone}${selected ? ' tl-row--selected' : ''}`}
      style={ROW_STYLE}
      onClick={() => onSelect(seq, frame)}
    >
      <DirectionIcon kind={tone} />
      <span className="tl-row-time" title={formatDateTime(frame.at)}>
        {formatTime(frame.at)}
      </span>
      <span className="tl-row-size">{frame.kind === 'message' ? formatBytes(frame.size) : ''}</span>
      <span className="tl-row-preview">{frameSummary(frame)}</span>
    </div>
  )
})
