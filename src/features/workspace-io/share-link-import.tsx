import { useState } from 'react'
import type { ImportOutcome } from '../../store/import-actions.ts'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { Modal } from './modal.tsx'
import { closeIncomingShare, useIncomingShare } from './incoming-share.ts'
import './share.css'

// Loads when a link is there: the preview, the import plan and the file format's checks.
const ImportPreview = lazyNamed(() => import('./import-dialog.tsx'), 'ImportPreview')

type Imported = Extract<ImportOutcome, { ok: true }>
type Notice = { message: string; undo?: Imported['undo'] }

/**
 * Opens a share link: the same preview as an imported file (merge or replace, secrets flagged,
 * nothing changes before a choice), or a clear refusal. Importing never connects.
 */
export function ShareLinkImport() {
  const incoming = useIncomingShare((state) => state.incoming)
  const [notice, setNotice] = useState<Notice | null>(null)

  const onImported = (outcome: Imported) => {
    closeIncomingShare()
    const name = outcome.plan.connections[0]?.name ?? ''
    const into = outcome.plan.mode === 'merge' ? `into “${outcome.plan.workspaceName}”` : `in place of the connections of “${outcome.plan.workspaceName}”`
    setNotice({ message: `Imported “${name}” from the share link ${into}. It connects only when you press Connect.`, undo: outcome.undo })
  }

  const undo = () => {
    const pending = notice?.undo
    if (!pending) return
    void import('../../store/import-actions.ts').then(({ undoImport }) =>
      setNotice({ message: undoImport(pending) ? 'Import undone.' : 'Could not undo: that workspace no longer exists.' }),
    )
  }

  return (
    <>
      {notice && (
        <div className="share-notice" role="status">
          <span>{notice.message}</span>
          {notice.undo && (
            <button type="button" onClick={undo}>
              Undo import
            </button>
          )}
          <button type="button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {incoming.kind === 'ready' && (
        <LazyPart what="the share link preview" onClose={closeIncomingShare}>
          <ImportPreview parsed={incoming.parsed} source="a share link" onClose={closeIncomingShare} onImported={onImported} />
        </LazyPart>
      )}
      {incoming.kind === 'failed' && (
        <Modal title="This share link cannot be opened" onClose={closeIncomingShare}>
          <div className="wio-error" role="alert">
            <p>
              <strong>{incoming.message}</strong> Nothing was changed.
            </p>
            {incoming.details.length > 0 && (
              <ul className="wio-list mono">
                {incoming.details.map((detail, index) => (
                  <li key={index}>{detail}</li>
                ))}
              </ul>
            )}
          </div>
          <p className="muted">Ask the sender for the link again, or for an exported workspace file.</p>
          <div className="wio-actions">
            <button type="button" className="primary" onClick={closeIncomingShare} data-autofocus>
              Close
            </button>
          </div>
        </Modal>
      )}
    </>
  )
}
