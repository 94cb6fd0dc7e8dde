import type { RowSummary } from '../../store/timeline-window.ts'

/** Characters of a note the row's accessible name and tooltip carry; the detail pane shows all of it. */
const ROW_NOTE_CHARS = 300

function shortNote(note: string): string {
  return note.length > ROW_NOTE_CHARS ? `${note.slice(0, ROW_NOTE_CHARS)}…` : note
}

/**
 * A pinned or noted row's markers: a grid cell of their own before the preview (annotations.css
 * gives annotated rows the extra column), so the preview keeps its text node and its width. The
 * words go into the option's text: a screen reader says "Pinned" and the note with the row. The
 * glyphs are CSS content.
 */
export function RowAnnotationMarks({ row }: { row: RowSummary }) {
  if (!row.pinned && row.note === undefined) return null
  return (
    <span className="tl-row-marks">
      {row.pinned && (
        <span className="tl-row-pinned" title="Pinned">
          <span className="visually-hidden">Pinned. </span>
        </span>
      )}
      {row.note !== undefined && (
        <span className="tl-row-note" title={`Note: ${shortNote(row.note)}`}>
          <span className="visually-hidden">Note: {shortNote(row.note)}. </span>
        </span>
      )}
    </span>
  )
}

/**
 * The selected row's pin toggle for the pointer, at its right edge. Inside a listbox
 * option nothing may take focus (axe: nested-interactive), so it is hidden from assistive
 * technology; the keyboard pins the selected row with P, or from the detail pane.
 */
export function RowPinToggle({ row, onPin }: { row: RowSummary; onPin: (row: RowSummary) => void }) {
  return (
    <span
      className={`tl-row-pin${row.pinned ? ' tl-row-pin--on' : ''}`}
      aria-hidden="true"
      title={row.pinned ? 'Unpin this frame (P)' : 'Pin this frame (P)'}
      onClick={(event) => {
        event.stopPropagation()
        onPin(row)
      }}
    />
  )
}
