import { useEffect, useState } from 'react'
import { DirectionIcon } from '../../components/direction-icon.tsx'
import { formatCount, formatDateTime, formatTime } from '../../lib/format.ts'
import { annotateFrame, fetchPinnedFrames, type AnnotationStats, type PinnedFrames } from '../../store/annotation-actions.ts'
import { usePopover } from './use-popover.ts'

type PinnedListProps = {
  connectionId: string
  /** From the connection's snapshot: the count on the button, and a change to refetch on. */
  stats: AnnotationStats | undefined
  /** Selects the frame at `seq` and scrolls it into view. */
  onJump: (seq: number) => void
}

const NONE: PinnedFrames = { frames: [], droppedPinned: 0 }

/**
 * "Pinned (N)": the connection's pinned frames, each with its time, direction, preview and note.
 * The list is read from the runtime when the panel opens and again when the pins change; payloads
 * never come along (the detail pane asks for one when a frame is chosen).
 */
export function PinnedList({ connectionId, stats, onJump }: PinnedListProps) {
  const { open, setOpen, close, wrapperRef, buttonRef, panelId } = usePopover()
  // Null until the runtime has answered since the panel opened: "none" must not flash before the list.
  const [answer, setAnswer] = useState<PinnedFrames | null>(null)
  const list = answer ?? NONE
  const [error, setError] = useState<string | null>(null)
  const count = stats?.pinned ?? 0
  // The snapshot's stats change with every pin, unpin, note and drop: the cue to read the list again.
  const version = `${stats?.pinned ?? 0}/${stats?.notes ?? 0}/${stats?.droppedPinned ?? 0}`

  useEffect(() => {
    if (!open) return
    let live = true
    void fetchPinnedFrames(connectionId).then((next) => {
      if (live) setAnswer(next)
    })
    return () => {
      live = false
    }
  }, [open, connectionId, version])

  const unpin = async (seq: number) => {
    const result = await annotateFrame(connectionId, seq, { pinned: false })
    setError(result.ok ? null : result.error)
  }

  return (
    <div className="tl-retention tl-pinned" ref={wrapperRef}>
      <button ref={buttonRef} type="button" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => {
          if (!open) setAnswer(null)
          setOpen((was) => !was)
        }}>
        Pinned ({formatCount(count)})
      </button>
      {open && (
        <div id={panelId} className="tl-retention-panel tl-pinned-panel" role="group" aria-label="Pinned frames">
          <h3>Pinned frames</h3>
          {list.droppedPinned > 0 && (
            <p className="tl-retention-warning" role="note">
              {formatCount(list.droppedPinned)} pinned frame{list.droppedPinned === 1 ? ' was' : 's were'} dropped by the retention limit, and {list.droppedPinned === 1 ? 'its pin' : 'their pins'} with {list.droppedPinned === 1 ? 'it' : 'them'}.
            </p>
          )}
          {answer === null ? (
            <p className="muted" role="status">
              Loading pinned frames…
            </p>
          ) : list.frames.length === 0 ? (
            <p className="muted">No pinned frames. Pin one from its row (P) or from the frame detail.</p>
          ) : (
            <ul className="tl-pinned-items">
              {list.frames.map((frame) => (
                <li key={frame.id}>
                  <button
                    type="button"
                    className="tl-pinned-jump"
                    onClick={() => {
                      onJump(frame.seq)
                      close()
                    }}
                  >
                    <DirectionIcon kind={frame.tone} />
                    <span className="tl-row-time" title={formatDateTime(frame.at)}>
                      {formatTime(frame.at)}
                    </span>
                    <span className="tl-pinned-preview">{frame.preview}</span>
                    {frame.note !== '' && <span className="tl-pinned-note">Note: {frame.note}</span>}
                  </button>
                  <button type="button" aria-label={`Unpin the frame of ${formatTime(frame.at)}`} onClick={() => void unpin(frame.seq)}>
                    Unpin
                  </button>
                </li>
              ))}
            </ul>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  )
}
