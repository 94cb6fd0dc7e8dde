import { lazy, Suspense, useState } from 'react'
import { Modal } from '../../components/modal.tsx'
import type { MessageFrame } from '../../engine/frame.ts'
import { describeError } from '../../lib/describe-error.ts'
import { formatTime } from '../../lib/format.ts'
import { clearDiffBase, diffChoice, setDiffBase, useFrameDiffStore, type DiffSide } from '../../store/frame-diff-store.ts'
import { selectRecording, useRecordingsStore } from '../../store/recordings-store.ts'
import { directionLabel } from '../../store/timeline-window.ts'
import type { FrameDiffDialogProps } from './frame-diff-dialog.tsx'
import { diffView, type DiffView } from './frame-diff-text.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'

type DialogProps = FrameDiffDialogProps

// The dialog (and through it Monaco's diff editor) loads only when a diff is opened. If its chunk
// cannot be fetched (offline before it was cached), the user is told so instead of losing the screen.
const FrameDiffDialog = lazy(() =>
  import('./frame-diff-dialog.tsx').catch((error: unknown) => ({
    default: ({ onClose }: DialogProps) => (
      <Modal title="Compare frames" onClose={onClose}>
        <p className="field-error" role="alert">
          The diff could not be loaded ({describeError(error)}). Reload the page and try again.
        </p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </Modal>
    ),
  })),
)

/** The name a timeline goes by: its connection's, or its recording's. Read when the user acts. */
function timelineName(connectionId: string): string {
  return (
    selectConnection(useWorkspaceStore.getState(), connectionId)?.name ??
    selectRecording(useRecordingsStore.getState(), connectionId)?.name ??
    'Timeline'
  )
}

type FrameDiffActionsProps = {
  connectionId: string
  frame: MessageFrame
  /** Only the head of the payload is on the page (a frame larger than the detail pane takes). */
  partial: boolean
}

/**
 * "Set as diff base" on one frame, then "Compare with base" on another (in this timeline or any
 * other, recordings included) opens both in a diff.
 */
export function FrameDiffActions({ connectionId, frame, partial }: FrameDiffActionsProps) {
  const base = useFrameDiffStore((state) => state.base)
  const [comparing, setComparing] = useState<{ base: DiffView; compared: DiffView } | null>(null)
  const choice = diffChoice(base, { connectionId, frame })
  const here = (): DiffSide => ({ connectionId, connectionName: timelineName(connectionId), frame, partial })
  const markBase = () => setDiffBase(here())

  return (
    <>
      {choice.kind === 'is-base' ? (
        <button type="button" aria-pressed="true" onClick={clearDiffBase} title="This frame is the diff base: pick another frame and Compare with base. Press to unmark.">
          Diff base
        </button>
      ) : (
        <button type="button" onClick={markBase} title="Mark this frame, then pick another and Compare with base">
          Set as diff base
        </button>
      )}
      {choice.kind === 'compare' && (
        <button
          type="button"
          onClick={() => setComparing({ base: diffView(choice.base), compared: diffView(here()) })}
          title={`Compare with the base: ${directionLabel(choice.base.frame)} at ${formatTime(choice.base.frame.at)}${choice.sameConnection ? '' : ` on ${choice.base.connectionName}`}`}
        >
          Compare with base
        </button>
      )}
      {comparing && (
        <Suspense fallback={<span role="status">Opening the diff…</span>}>
          <FrameDiffDialog base={comparing.base} compared={comparing.compared} onClose={() => setComparing(null)} />
        </Suspense>
      )}
    </>
  )
}
