import { memo } from 'react'
import { DirectionIcon } from '../../components/direction-icon.tsx'
import { formatBytes, formatDateTime, formatTime } from '../../lib/format.ts'
import { describeIssue, type RowSummary } from '../../store/timeline-window.ts'
import { ROW_HEIGHT, rowElementId } from './row-layout.ts'
import { RowAnnotationMarks, RowPinToggle } from './row-annotations.tsx'

const ROW_STYLE = { height: ROW_HEIGHT } as const

type TimelineRowProps = {
  row: RowSummary
  selected: boolean
  onSelect: (row: RowSummary) => void
  /** Pins or unpins the frame (issue 10). */
  onPin?: (row: RowSummary) => void
  /** Opens the row's context menu ("Hide frames like this") at the pointer. */
  onMenu?: (row: RowSummary, x: number, y: number) => void
}

/**
 * One frame. The preview was cut next to the log, from the head of the payload; memoized on the
 * row object, which the window keeps for frames already shown, so a new batch renders only rows
 * that scrolled in.
 */
export const TimelineRow = memo(function TimelineRow({ row, selected, onSelect, onPin, onMenu }: TimelineRowProps) {
  return (
    <div
      role="option"
      id={rowElementId(row)}
      aria-selected={selected}
      className={`tl-row tl-row--${row.tone}${row.issue ? ' tl-row--invalid' : ''}${selected ? ' tl-row--selected' : ''}${row.pinned ? ' tl-row--pinned' : ''}${row.pinned || row.note !== undefined ? ' tl-row--annotated' : ''}`}
      style={ROW_STYLE}
      onClick={() => onSelect(row)}
      onContextMenu={
        onMenu
          ? (event) => {
              event.preventDefault()
              onSelect(row)
              onMenu(row, event.clientX, event.clientY)
            }
          : undefined
      }
    >
      <DirectionIcon kind={row.tone} />
      <span className="tl-row-time" title={formatDateTime(row.at)}>
        {formatTime(row.at)}
      </span>
      <span className="tl-row-size">{row.size === null ? '' : formatBytes(row.size)}</span>
      <RowAnnotationMarks row={row} />
      {row.issue && (
        <span className="tl-row-issue" title={`Matches none of the connection's message schemas. Closest: ${describeIssue(row.issue)}`}>
          ✗ {describeIssue(row.issue)}
        </span>
      )}
      <span className="tl-row-preview">
        {row.origin !== undefined && (
          // Part of the option's text, so a screen reader says it with the row; the title spells it out.
          <span className="tl-origin" title={`Sent automatically (${row.origin})`}>
            {row.origin}
          </span>
        )}
        {row.preview}
      </span>
      {/* Only on the selected row: a flood mounts fresh rows every batch, and each node costs. */}
      {onPin && selected && <RowPinToggle row={row} onPin={onPin} />}
    </div>
  )
})
