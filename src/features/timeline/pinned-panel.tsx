import { useEffect, useState } from 'react'
import { DirectionIcon } from '../../components/direction-icon.tsx'
import { formatCount, formatDateTime, formatTime } from '../../lib/format.ts'
import { annotateFrame, fetchPinnedFrames, type AnnotationStats, type PinnedFrames } from '../../store/annotation-actions.ts'

type PinnedPanelProps = {
  connectionId: string
  stats: AnnotationStats | undefined
  onJump: (seq: number) => void
  onClose: () => void
}

/**
 * The pinned frames of one connection, each with its time, direction, preview and note. Read from
 * the runtime when the panel opens and again when the pins change (the snapshot's stats move);
 * payloads never come along: the detail pane asks for one when a frame is chosen.
 */
export default function PinnedPanel({ connectionId, stats, onJump, onClose }: PinnedPanelProps) {
  // Null until the runtime has answered: "none" must not flash before the list.
  const [list, setList] = useState<PinnedFrames | null>(null)
  const [error, setError] = useState<string | null>(null)
  const version = `${stats?.pinned ?? 0}/${stats?.notes ?? 0}/${stats?.droppedPinned ?? 0}`

  useEffect(() => {
    let live = true
    void fetchPinnedFrames(connectionId).then((next) => {
      if (live) setList(next)
    })
    return () => {
      live = false
    }
  }, [connectionId, version])

  const unpin = async (seq: number) => {
    const result = await annotateFrame(connectionId, seq, { pinned: false })
    setError(result.ok ? null : result.error)
  }

  if (list === null) {
    return (
      <p className="muted" role="status">
        Loading pinned frames…
      </p>
    )
  }
  const dropped = list.droppedPinned
  return (
    <>
      {dropped > 0 && (
        <p className="tl-retention-warning" role="note">
          {formatCount(dropped)} pinned frame{dropped === 1 ? ' was' : 's were'} dropped by the retention limit, and {dropped === 1 ? 'its pin' : 'their pins'} with{' '}
          {dropped === 1 ? 'it' : 'them'}.
        </p>
      )}
      {list.frames.length === 0 ? (
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
                  onClose()
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
    </>
  )
}
