import { useState } from 'react'
import type { Connection } from '../../workspace/model.ts'
import { selectSelectedConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'

// Both load when first opened: the link encoder, redaction and the code generators are not first-screen work.
const ShareDialog = lazyNamed(() => import('./share-dialog.tsx'), 'ShareDialog')
const CopyAsCodeDialog = lazyNamed(() => import('./copy-as-code-dialog.tsx'), 'CopyAsCodeDialog')

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
      {sharing && (
        <LazyPart what="the share dialog" onClose={() => setSharing(null)}>
          <ShareDialog connection={sharing} onClose={() => setSharing(null)} />
        </LazyPart>
      )}
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
      {open && (
        <LazyPart what="the copy-as-code dialog" onClose={() => setOpen(null)}>
          <CopyAsCodeDialog connection={open} onClose={() => setOpen(null)} />
        </LazyPart>
      )}
    </>
  )
}
