import { useState } from 'react'
import { IconLabel } from '../../components/icon-label.tsx'
import type { FrameFilter } from '../../store/timeline-window.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { selectRecording, useRecordingsStore } from '../../store/recordings-store.ts'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'

// The exporter's dialog loads when first opened.
const ExportTimelineDialog = lazyNamed(() => import('./export-timeline-dialog.tsx'), 'ExportTimelineDialog')

type ExportTimelineButtonProps = {
  connectionId: string
  /** The filter the timeline applies now, or null for none. */
  filter: FrameFilter | null
  retained: number
}

/** The timeline toolbar's Export…: opens the export dialog for this connection. */
export function ExportTimelineButton({ connectionId, filter, retained }: ExportTimelineButtonProps) {
  const [open, setOpen] = useState(false)
  const connectionName = useWorkspaceStore((state) => selectConnection(state, connectionId)?.name)
  const recordingName = useRecordingsStore((state) => selectRecording(state, connectionId)?.name)
  const name = connectionName ?? recordingName ?? ''
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} disabled={retained === 0} title="Save this timeline as NDJSON, HAR or JSON">
        <IconLabel icon="export" label="Export…" />
      </button>
      {open && (
        <LazyPart what="the export dialog" onClose={() => setOpen(false)}>
          <ExportTimelineDialog connectionId={connectionId} connectionName={name} filter={filter} retained={retained} onClose={() => setOpen(false)} />
        </LazyPart>
      )}
    </>
  )
}
