import { useEffect, useId, useRef, useState } from 'react'
import {
  createWorkspace,
  DEFAULT_WORKSPACE_NAME,
  deleteWorkspace,
  duplicateWorkspace,
  renameWorkspace,
  switchWorkspace,
} from '../../store/workspace-list-actions.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { Workspace } from '../../workspace/model.ts'
import { InlineNameEditor } from './inline-name-editor.tsx'
import './connections.css'

type Mode = 'idle' | 'renaming' | 'confirming-delete'

/** Top of the sidebar: which workspace is shown, and create / rename / duplicate / delete. */
export function WorkspaceSwitcher() {
  const workspaces = useWorkspaceStore((state) => state.workspaces)
  const current = useWorkspaceStore(selectCurrentWorkspace)
  const [mode, setMode] = useState<Mode>('idle')
  const selectId = useId()
  const menuButtonsRef = useRef<HTMLDivElement>(null)

  if (!current) return null

  const focusSelect = () => document.getElementById(selectId)?.focus()

  return (
    <section className="workspace-switcher" aria-label="Workspaces">
      {mode === 'renaming' ? (
        <InlineNameEditor
          initialName={current.name}
          label="Workspace name"
          onCommit={(name) => {
            const result = renameWorkspace(current.id, name)
            return result.ok ? null : result.error
          }}
          onDone={() => {
            setMode('idle')
            requestFocus(focusSelect)
          }}
        />
      ) : (
        <div className="workspace-select-row">
          <label htmlFor={selectId} className="visually-hidden">
            Workspace
          </label>
          <select
            id={selectId}
            className="workspace-select"
            value={current.id}
            onChange={(event) => {
              setMode('idle')
              switchWorkspace(event.target.value)
            }}
          >
            {workspaces.map((workspace) => (
              <option key={workspace.id} value={workspace.id}>
                {workspace.name}
              </option>
            ))}
          </select>
        </div>
      )}

      <div className="workspace-actions" ref={menuButtonsRef}>
        <button
          type="button"
          aria-label="New workspace"
          title="New workspace"
          onClick={() => {
            createWorkspace()
            setMode('renaming')
          }}
        >
          New
        </button>
        <button
          type="button"
          aria-label="Rename workspace"
          title="Rename workspace"
          disabled={mode === 'renaming'}
          onClick={() => setMode('renaming')}
        >
          Rename
        </button>
        <button
          type="button"
          aria-label="Duplicate workspace"
          title="Duplicate workspace"
          onClick={() => {
            duplicateWorkspace(current.id)
            setMode('idle')
          }}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="danger"
          aria-label="Delete workspace"
          title="Delete workspace"
          onClick={() => setMode('confirming-delete')}
        >
          Delete
        </button>
      </div>

      {mode === 'confirming-delete' && (
        <DeleteConfirmation
          workspace={current}
          isLast={workspaces.length === 1}
          onConfirm={() => {
            deleteWorkspace(current.id)
            setMode('idle')
            requestFocus(focusSelect)
          }}
          onCancel={() => {
            setMode('idle')
            requestFocus(() => menuButtonsRef.current?.querySelector<HTMLButtonElement>('.danger')?.focus())
          }}
        />
      )}
    </section>
  )
}

function DeleteConfirmation({
  workspace,
  isLast,
  onConfirm,
  onCancel,
}: {
  workspace: Workspace
  isLast: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  const textId = useId()
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => confirmRef.current?.focus(), [])

  const count = workspace.connections.length
  const connections = count === 1 ? '1 connection' : `${count} connections`
  return (
    <div
      className="workspace-confirm"
      role="alertdialog"
      aria-labelledby={textId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault()
          onCancel()
        }
      }}
    >
      <p id={textId}>
        {`Delete workspace “${workspace.name}” with its ${connections} and their saved messages? Open connections in it are closed. This cannot be undone; export it first to keep a copy.`}
        {isLast && ` It is your only workspace, so an empty one named “${DEFAULT_WORKSPACE_NAME}” takes its place.`}
      </p>
      <div className="workspace-confirm-buttons">
        <button ref={confirmRef} type="button" className="danger" onClick={onConfirm}>
          Yes, delete
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  )
}

/** Focus after React has replaced the element that had it. */
function requestFocus(run: () => void): void {
  setTimeout(run, 0)
}
