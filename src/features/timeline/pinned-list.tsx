import { lazy, Suspense } from 'react'
import { formatCount } from '../../lib/format.ts'
import type { AnnotationStats } from '../../store/annotation-actions.ts'
import { usePopover } from './use-popover.ts'

// The panel is its own chunk: only the button is on the first screen.
const PinnedPanel = lazy(() => import('./pinned-panel.tsx'))

type PinnedListProps = {
  connectionId: string
  /** From the connection's snapshot: the count on the button, and a change to refetch on. */
  stats: AnnotationStats | undefined
  /** Selects the frame at `seq` and scrolls it into view. */
  onJump: (seq: number) => void
}

/** "Pinned (N)": a button that opens the connection's pinned frames (pinned-panel.tsx). */
export function PinnedList({ connectionId, stats, onJump }: PinnedListProps) {
  const { open, setOpen, close, wrapperRef, buttonRef, panelId } = usePopover()
  const count = stats?.pinned ?? 0
  return (
    <div className="tl-retention tl-pinned" ref={wrapperRef}>
      <button ref={buttonRef} type="button" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => setOpen((was) => !was)}>
        Pinned ({formatCount(count)})
      </button>
      {open && (
        <div id={panelId} className="tl-retention-panel tl-pinned-panel" role="group" aria-label="Pinned frames">
          <h3>Pinned frames</h3>
          <Suspense
            fallback={
              <p className="muted" role="status">
                Loading pinned frames…
              </p>
            }
          >
            <PinnedPanel connectionId={connectionId} stats={stats} onJump={onJump} onClose={close} />
          </Suspense>
        </div>
      )}
    </div>
  )
}
