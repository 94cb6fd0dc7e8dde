import type { RowSummary } from '../../store/timeline-window.ts'

/** Characters of a note the row's accessible name and tooltip carry; the detail pane shows all of it. */
const ROW_NOTE_CHARS = 300

function shortNote(note: string): string {
  return note.length > ROW_NOTE_CHARS ? `${note.slice(0, ROW_NOTE_CHARS)}…` : note
}

type RowAnnotationMarksProps = {
  row: RowSummary
  /** Pins or unpins the row (the pointer's way; the list's P key is the keyboard's). */
  onPin?: (row: RowSummary) => void
}

/**
 * A row's pin and note markers. Inside a listbox option nothing may take focus (axe:
 * nested-interactive), so the pin toggle here is for the pointer only; the keyboard pins the
 * selected row with P, or from the detail pane. The words go into the option's text, so a screen
 * reader says "Pinned" and the note with the row. The glyphs are CSS content, so an unpinned
 * row's text is its preview alone (scripts and tests read it).
 */
export function RowAnnotationMarks({ row, onPin }: RowAnnotationMarksProps) {
  return (
    <>
      {onPin && (
        <span
          className={`tl-row-pin${row.pinned ? ' tl-row-pin--on' : ''}`}
          aria-hidden="true"
          title={row.pinned ? 'Unpin this frame (P)' : 'Pin this frame (P)'}
          onClick={(event) => {
            event.stopPropagation()
            onPin(row)
          }}
        />
      )}
      {row.pinned && <span className="visually-hidden">Pinned. </span>}
      {row.note !== undefined && (
        <span className="tl-row-note" title={`Note: ${shortNote(row.note)}`}>
          <span className="visually-hidden">Note: {shortNote(row.note)}. </span>
        </span>
      )}
    </>
  )
}
