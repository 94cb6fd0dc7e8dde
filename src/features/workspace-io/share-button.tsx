import { useState } from 'react'
import type { Connection } from '../../workspace/model.ts'
import { selectSelectedConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { CopyAsCodeDialog } from './copy-as-code-dialog.tsx'
import { ShareDialog } from './share-dialog.tsx'

/** "Share link" for the selected connection, next to the export buttons. */
export function ShareConnectionButton() {
  const selected = useWorkspaceStore(selectSelectedConnection)
  // The connection as it was when the dialog opened: edits behind the dialog do not change the link.
  const [sharing, setSharing] = useState<Connection | null>(null)
  return (
    <>
      <button
        type="button"
        disabled={!selected}
        title={selected ? `Share “${selected.name}” as a link` : 'Select a connection first'}
        onClick={() => selected && setSharing(selected)}
      >
        Share link
      </button>
      {sharing && <ShareDialog connection={sharing} onClose={() => setSharing(null)} />}
    </>
  )
}

/** "Copy as code" for the selected connection, next to "Share link". */
export function CopyAsCodeButton() {
  const selected = useWorkspaceStore(selectSelectedConnection)
  const [open, setOpen] = useState<Connection | null>(null)
  return (
    <>
      <button
        type="button"
        disabled={!selected}
        title={selected ? `“${selected.name}” as code for another client` : 'Select a connection first'}
        onClick={() => selected && setOpen(selected)}
      >
        Copy as code
      </button>
      {open && <CopyAsCodeDialog connection={open} onClose={() => setOpen(null)} />}
    </>
  )
}
