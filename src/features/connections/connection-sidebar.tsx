import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { forgetConnection } from '../../store/session-actions.ts'
import {
  addConnection,
  connectionCapacityError,
  deleteConnection,
  duplicateConnection,
  renameConnection,
  restoreConnection,
  selectConnectionById,
  type RemovedConnection,
} from '../../store/workspace-actions.ts'
import { newConnectionFields, type TransportKind } from '../../store/transport-actions.ts'
import { switchWorkspace } from '../../store/workspace-list-actions.ts'
import { selectConnections, selectSelectedConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { Connection } from '../../workspace/model.ts'
import { AddKindMenu } from './add-kind-menu.tsx'
import { ConnectionRow } from './connection-row.tsx'
import { UndoBar } from '../../components/undo-bar.tsx'
import './connections.css'
import { requestUrlFocus } from './focus-request.ts'

function nextFreeName(base: string, connections: readonly Connection[]): string {
  const names = new Set(connections.map((c) => c.name))
  if (!names.has(base)) return base
  for (let n = 2; ; n++) if (!names.has(`${base} ${n}`)) return `${base} ${n}`
}

/** Renames a connection; returns a message instead when the name cannot be used. */
function commitConnectionName(id: string, name: string): string | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'A connection needs a name.'
  const renamed = renameConnection(id, trimmed)
  return renamed.ok ? null : renamed.error
}

/** The current workspace's saved connections: select, add, rename, duplicate, delete with undo. */
export function ConnectionSidebar() {
  const connections = useWorkspaceStore(selectConnections)
  const selected = useWorkspaceStore(selectSelectedConnection)
  const selectedId = selected?.id ?? null
  const [renamingId, setRenamingId] = useState<string | null>(null)
  const [undo, setUndo] = useState<RemovedConnection | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const listRef = useRef<HTMLUListElement>(null)

  // Focus moves after React has rendered the row: a rename or delete just replaced the focused element.
  const [focusRequest, setFocusRequest] = useState<{ id: string | null } | null>(null)
  useEffect(() => {
    if (!focusRequest) return
    const { id } = focusRequest
    const target =
      id != null
        ? listRef.current?.querySelector<HTMLButtonElement>(`[data-connection-id="${CSS.escape(id)}"]`)
        : addButtonRef.current
    target?.focus()
  }, [focusRequest])
  const addButtonRef = useRef<HTMLButtonElement>(null)
  const focusRow = useCallback((id: string | null | undefined) => setFocusRequest({ id: id ?? null }), [])

  const add = (kind: TransportKind = 'websocket') => {
    const full = connectionCapacityError()
    setActionError(full)
    // The next thing to do with a new connection is to give it a URL: go there.
    if (!full) requestUrlFocus(addConnection({ name: nextFreeName('New connection', connections), ...newConnectionFields(kind) }).id)
  }

  const remove = useCallback((id: string) => {
    const removed = deleteConnection(id)
    // A deleted connection must not keep a socket open that no list shows any more.
    forgetConnection(id)
    if (!removed) return
    setUndo(removed)
    setRenamingId(null)
    const nextSelected = useWorkspaceStore.getState().selectedConnectionId
    focusRow(nextSelected)
  }, [focusRow])

  const undoDelete = () => {
    if (!undo) return
    if (useWorkspaceStore.getState().currentWorkspaceId !== undo.workspaceId) switchWorkspace(undo.workspaceId)
    const restored = restoreConnection(undo)
    setActionError(restored.ok ? null : restored.error)
    if (restored.ok) focusRow(undo.connection.id)
    setUndo(null)
  }

  const dismissUndo = useCallback(() => setUndo(null), [])

  const startRename = useCallback((id: string) => {
    selectConnectionById(id)
    setRenamingId(id)
  }, [])

  const renameDone = useCallback(
    (id: string) => {
      setRenamingId(null)
      focusRow(id)
    },
    [focusRow],
  )

  const onRowKeyDown = useCallback(
    (event: KeyboardEvent<HTMLButtonElement>, id: string) => {
      const ids = selectConnections(useWorkspaceStore.getState()).map((c) => c.id)
      const index = ids.indexOf(id)
      let target: string | undefined
      switch (event.key) {
        case 'ArrowDown':
          target = ids[Math.min(index + 1, ids.length - 1)]
          break
        case 'ArrowUp':
          target = ids[Math.max(index - 1, 0)]
          break
        case 'Home':
          target = ids[0]
          break
        case 'End':
          target = ids.at(-1)
          break
        case 'F2':
          event.preventDefault()
          startRename(id)
          return
        case 'Delete':
          event.preventDefault()
          remove(id)
          return
        default:
          return
      }
      event.preventDefault()
      if (target) {
        selectConnectionById(target)
        focusRow(target)
      }
    },
    [focusRow, remove, startRename],
  )

  return (
    <section className="connection-sidebar" aria-labelledby="connection-sidebar-heading">
      <div className="connection-sidebar-head">
        <h2 id="connection-sidebar-heading">Connections</h2>
        <button ref={addButtonRef} type="button" className="connection-add" aria-label="Add connection" title="Add a WebSocket connection" onClick={() => add()}>
          + Add
        </button>
        <AddKindMenu onAdd={add} />
      </div>

      {connections.length === 0 ? (
        <div className="connection-empty">
          <p>No connections in this workspace yet.</p>
          <p>Add a connection with “+ Add”, give it a ws:// or wss:// URL, then press Connect.</p>
        </div>
      ) : (
        <>
          <ul className="connection-list" aria-label="Connections" ref={listRef}>
            {connections.map((connection) => (
              <ConnectionRow
                key={connection.id}
                connection={connection}
                selected={connection.id === selectedId}
                renaming={connection.id === renamingId}
                onSelect={selectConnectionById}
                onStartRename={startRename}
                onRename={commitConnectionName}
                onRenameDone={renameDone}
                onKeyDown={onRowKeyDown}
              />
            ))}
          </ul>
          {selected && (
            <div className="connection-actions" role="group" aria-label={`Actions for ${selected.name}`}>
              <button type="button" aria-label="Rename connection" title="Rename (F2)" onClick={() => startRename(selected.id)}>
                Rename
              </button>
              <button
                type="button"
                aria-label="Duplicate connection"
                onClick={() => {
                  const copy = duplicateConnection(selected.id)
                  setActionError(copy.ok ? null : copy.error)
                  if (copy.ok) focusRow(copy.connection.id)
                }}
              >
                Duplicate
              </button>
              <button
                type="button"
                className="danger"
                aria-label="Delete connection"
                title="Delete (Del)"
                onClick={() => remove(selected.id)}
              >
                Delete
              </button>
            </div>
          )}
        </>
      )}

      {actionError && (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      )}
      {undo && <UndoBar message={`Deleted “${undo.connection.name}”.`} onUndo={undoDelete} onDismiss={dismissUndo} />}
    </section>
  )
}
