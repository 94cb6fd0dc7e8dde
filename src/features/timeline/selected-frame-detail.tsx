import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { useSelectedDecoding, useSelectedFrame } from '../../store/timeline-window.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import './timeline.css'

const FrameDetail = lazyNamed(() => import('./frame-detail.tsx'), 'FrameDetail')

type SelectedFrameDetailProps = { connectionId: string; seq: number; onClose: () => void }

/**
 * The detail pane of one connection's frame, by seq, for views outside the timeline (the merged
 * timeline): fetched from the runtime when shown, decoded as that connection decodes. Callers key
 * it by connection, so a frame of another connection at the same seq never shows the old one.
 */
export function SelectedFrameDetail({ connectionId, seq, onClose }: SelectedFrameDetailProps) {
  const runtime = useSessionStore((state) => selectRuntime(state, connectionId))
  const selectedFrame = useSelectedFrame(connectionId, seq)
  const decoderKey = useWorkspaceStore((state) => selectConnection(state, connectionId)?.decoder ?? 'auto') + runtime.protocol
  const decoded = useSelectedDecoding(connectionId, seq, decoderKey)
  if (!selectedFrame) {
    return (
      <section className="tl-detail" aria-busy={selectedFrame === undefined}>
        <p className="tl-detail-note" role="status">
          {selectedFrame === null ? 'This frame is no longer in the timeline.' : 'Loading frame…'}
        </p>
      </section>
    )
  }
  return (
    <LazyPart what="the frame detail" onClose={onClose}>
      <FrameDetail key={selectedFrame.frame.id} connectionId={connectionId} frame={selectedFrame.frame} wholePayload={selectedFrame.whole} decoded={decoded ?? null} onClose={onClose} />
    </LazyPart>
  )
}
