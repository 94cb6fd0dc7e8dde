import { useCallback, useState } from 'react'
import { plural } from '../../lib/format.ts'
import type { ImportOutcome } from '../../store/import-actions.ts'
import { selectCurrentWorkspace, selectSelectedConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import type { ExportTarget } from './export-dialog.tsx'
import { CopyAsCodeButton, ShareConnectionButton } from './share-button.tsx'
import { useFileDrop } from './use-file-drop.ts'
import './workspace-io.css'

// Opened on demand: the file format's writer, validator and redaction load with them, not at start.
const ExportDialog = lazyNamed(() => import('./export-dialog.tsx'), 'ExportDialog')
const ImportDialog = lazyNamed(() => import('./import-dialog.tsx'), 'ImportDialog')

type Open = { kind: 'none' } | { kind: 'export'; target: ExportTarget } | { kind: 'import'; file?: File; key: number }

type Notice = { message: string; undo?: Extract<ImportOutcome, { ok: true }>['undo'] }

function importMessage(outcome: Extract<ImportOutcome, { ok: true }>): string {
  const { plan } = outcome
  const count = plural(plan.connections.length, 'connection')
  if (plan.mode === 'new') return `Imported ${count} as the new workspace “${plan.workspaceName}”.`
  const renamed = plan.renamedConnections.length > 0 ? ` ${plural(plan.renamedConnections.length, 'name was', 'names were')} taken and got a number.` : ''
  const kept = plan.kept.length > 0 ? ` Kept the current value of ${plan.kept.join(', ')}.` : ''
  return plan.mode === 'merge'
    ? `Imported ${count} into “${plan.workspaceName}”.${renamed}${kept}`
    : `Replaced the connections of “${plan.workspaceName}” with ${count} from the file.`
}

/** Export and import of workspace files, at the bottom of the sidebar; also takes dropped files. */
export function WorkspaceMenu() {
  const workspace = useWorkspaceStore(selectCurrentWorkspace)
  const selected = useWorkspaceStore(selectSelectedConnection)
  const [open, setOpen] = useState<Open>({ kind: 'none' })
  const [notice, setNotice] = useState<Notice | null>(null)

  const onDroppedFile = useCallback((file: File) => {
    // A new key remounts the dialog, so a second drop reads the new file.
    setOpen({ kind: 'import', file, key: Date.now() })
  }, [])
  const dragging = useFileDrop(onDroppedFile)
  const close = useCallback(() => setOpen({ kind: 'none' }), [])

  const undo = () => {
    const pending = notice?.undo
    if (!pending) return
    // Loaded with the import dialog already: an import came before any undo.
    void import('../../store/import-actions.ts').then(({ undoImport }) =>
      setNotice({ message: undoImport(pending) ? 'Import undone.' : 'Could not undo: that workspace no longer exists.' }),
    )
  }

  return (
    <div className="wio-menu">
      <div className="wio-menu-buttons">
        <button type="button" disabled={!workspace} onClick={() => workspace && setOpen({ kind: 'export', target: { kind: 'workspace', workspace } })}>
          Export workspace
        </button>
        <button
          type="button"
          disabled={!selected}
          title={selected ? `Export “${selected.name}” on its own` : 'Select a connection first'}
          onClick={() => selected && setOpen({ kind: 'export', target: { kind: 'connection', connection: selected } })}
        >
          Export connection
        </button>
        <ShareConnectionButton />
        <CopyAsCodeButton />
        <button type="button" onClick={() => setOpen({ kind: 'import', key: Date.now() })}>
          Import workspace
        </button>
      </div>
      {notice && (
        <div className="wio-notice" role="status">
          <span>{notice.message}</span>
          {notice.undo && (
            <button type="button" onClick={undo}>
              Undo import
            </button>
          )}
          <button type="button" className="wio-notice-dismiss" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {dragging && (
        <div className="wio-drop-overlay" aria-hidden="true">
          Drop a workspace file to import it
        </div>
      )}
      {open.kind === 'export' && (
        <LazyPart what="the export dialog" onClose={close}>
        <ExportDialog
          target={open.target}
          onClose={close}
          onExported={(fileName) => {
            close()
            setNotice({ message: `Exported ${fileName}.` })
          }}
        />
        </LazyPart>
      )}
      {open.kind === 'import' && (
        <LazyPart what="the import dialog" onClose={close}>
        <ImportDialog
          key={open.key}
          initialFile={open.file}
          onClose={close}
          onImported={(outcome) => {
            close()
            setNotice({ message: importMessage(outcome), undo: outcome.undo })
          }}
        />
        </LazyPart>
      )}
    </div>
  )
}
