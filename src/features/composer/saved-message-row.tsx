import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { LIMITS } from '../../workspace/limits.ts'
import type { SavedMessage } from '../../workspace/model.ts'
import { MODE_LABELS, previewPayload } from './payload-text.ts'

type Props = {
  message: SavedMessage
  canSend: boolean
  canMoveUp: boolean
  canMoveDown: boolean
  reorderHint: string | undefined
  onLoad: () => void
  onSend: () => void
  /** Returns why the name was refused (blank, too long), or null once it is saved. */
  onRename: (name: string) => string | null
  onMove: (delta: -1 | 1) => void
  onDelete: () => void
}

export function SavedMessageRow(props: Props) {
  const { message, canSend, canMoveUp, canMoveDown, reorderHint, onLoad, onSend, onRename, onMove, onDelete } = props
  const [editing, setEditing] = useState(false)
  const [draftName, setDraftName] = useState(message.name)
  const [renameError, setRenameError] = useState<string | null>(null)

  const startRename = () => {
    setDraftName(message.name)
    setRenameError(null)
    setEditing(true)
  }

  const commitRename = (event: FormEvent) => {
    event.preventDefault()
    const refused = onRename(draftName)
    setRenameError(refused)
    if (refused === null) setEditing(false)
  }

  const cancelOnEscape = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      setEditing(false)
    }
  }

  return (
    <li className="composer-saved-item">
      <div className="composer-saved-main">
        {editing ? (
          <form className="composer-rename" onSubmit={commitRename}>
            <input
              type="text"
              aria-label={`New name for ${message.name}`}
              aria-invalid={renameError ? true : undefined}
              value={draftName}
              maxLength={LIMITS.nameChars}
              autoFocus
              onChange={(event) => setDraftName(event.target.value)}
              onKeyDown={cancelOnEscape}
            />
            <button type="submit">Save name</button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
            {renameError && <span className="field-error">{renameError}</span>}
          </form>
        ) : (
          <button type="button" className="composer-saved-name" title="Load into the editor" onClick={onLoad}>
            <span className="composer-saved-heading">
              <span className={`composer-badge ${message.mode}`}>{MODE_LABELS[message.mode]}</span>
              <span className="composer-saved-title">{message.name}</span>
            </span>
            <span className="composer-preview mono">{previewPayload(message.text)}</span>
          </button>
        )}
      </div>
      {!editing && (
        <div className="composer-saved-actions">
          <button
            type="button"
            className="composer-send-now"
            aria-label={`Send ${message.name}`}
            title={canSend ? 'Send now, without touching the editor' : 'Connect first to send'}
            disabled={!canSend}
            onClick={onSend}
          >
            Send
          </button>
          <button type="button" aria-label={`Load ${message.name}`} title="Load into the editor" onClick={onLoad}>
            Load
          </button>
          <button type="button" aria-label={`Rename ${message.name}`} title="Rename" onClick={startRename}>
            ✎
          </button>
          <button
            type="button"
            aria-label={`Move ${message.name} up`}
            title={reorderHint ?? 'Move up'}
            disabled={!canMoveUp}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            aria-label={`Move ${message.name} down`}
            title={reorderHint ?? 'Move down'}
            disabled={!canMoveDown}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
          <button type="button" className="danger" aria-label={`Delete ${message.name}`} title="Delete" onClick={onDelete}>
            ✕
          </button>
        </div>
      )}
    </li>
  )
}
