import { useId, useState } from 'react'
import { formatCount } from '../../lib/format.ts'
import { annotateFrame, MAX_NOTE_CHARS } from '../../store/annotation-actions.ts'

type FrameAnnotationsProps = {
  connectionId: string
  seq: number
  /** What the frame's row says now; the row is refreshed by the runtime after every change. */
  pinned: boolean
  note: string
}

function tooLong(text: string): string | null {
  return text.length > MAX_NOTE_CHARS
    ? `A note holds at most ${formatCount(MAX_NOTE_CHARS)} characters; this one has ${formatCount(text.length)}. Shorten it to save (nothing is lost meanwhile).`
    : null
}

/**
 * The detail pane's pin toggle and note. The note is edited in a draft: typing past the limit is
 * allowed (a paste is never cut silently) and Save then says why it will not save.
 */
export function FrameAnnotations({ connectionId, seq, pinned: shownPinned, note: shownNote }: FrameAnnotationsProps) {
  // What this pane last saved, until the frame's row says so itself (a frame hidden by the filter has no row here).
  const [saved, setSaved] = useState<{ for: string; pinned: boolean; note: string } | null>(null)
  const current = `${shownPinned}\u0000${shownNote}`
  const pinned = saved && saved.for === current ? saved.pinned : shownPinned
  const note = saved && saved.for === current ? saved.note : shownNote
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const noteId = useId()
  const errorId = useId()
  const countId = useId()

  const change = async (next: { pinned?: boolean; note?: string }): Promise<boolean> => {
    setBusy(true)
    const result = await annotateFrame(connectionId, seq, next)
    setBusy(false)
    setError(result.ok ? null : result.error)
    if (result.ok) setSaved({ for: current, pinned: next.pinned ?? pinned, note: next.note === undefined ? note : next.note.trim() === '' ? '' : next.note })
    return result.ok
  }

  const save = async () => {
    if (draft === null) return
    const problem = tooLong(draft)
    if (problem) {
      setError(problem)
      return
    }
    if (await change({ note: draft })) setDraft(null)
  }

  const limitProblem = draft === null ? null : tooLong(draft)
  const shownError = error ?? limitProblem

  return (
    <div className="tl-annotations" role="group" aria-label="Pin and note">
      <div className="tl-annotations-row">
        <button type="button" aria-pressed={pinned} disabled={busy} onClick={() => void change({ pinned: !pinned })}>
          {pinned ? '★ Unpin' : 'Pin'}
        </button>
        {draft === null && (
          <button type="button" onClick={() => setDraft(note)}>
            {note === '' ? 'Add note' : 'Edit note'}
          </button>
        )}
        {draft === null && note !== '' && (
          <button type="button" disabled={busy} onClick={() => void change({ note: '' })}>
            Delete note
          </button>
        )}
      </div>
      {draft === null ? (
        note !== '' && (
          <p className="tl-annotations-note">
            <span className="muted">Note: </span>
            {note}
          </p>
        )
      ) : (
        <div className="tl-annotations-edit">
          <label htmlFor={noteId}>Note on this frame</label>
          <textarea
            id={noteId}
            value={draft}
            rows={3}
            aria-invalid={limitProblem !== null}
            aria-describedby={`${countId}${shownError ? ` ${errorId}` : ''}`}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.stopPropagation()
                setDraft(null)
                setError(null)
              }
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save()
            }}
            autoFocus
          />
          <span id={countId} className={limitProblem ? 'field-error' : 'muted'}>
            {formatCount(draft.length)} / {formatCount(MAX_NOTE_CHARS)} characters
          </span>
          <div className="tl-annotations-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
              Save note
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(null)
                setError(null)
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {shownError && (
        <p id={errorId} className="field-error" role="alert">
          {shownError}
        </p>
      )}
    </div>
  )
}
