import { useEffect, useState, type FormEvent } from 'react'
import {
  deleteSavedMessage,
  filterSavedMessages,
  loadSavedMessage,
  moveSavedMessage,
  renameSavedMessage,
  restoreSavedMessage,
  saveMessage,
  sendSavedMessage,
  type RemovedSavedMessage,
} from '../../store/saved-message-actions.ts'
import { getComposerDraft } from '../../store/composer-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { LIMITS } from '../../workspace/limits.ts'
import type { ConnectionId, SavedMessage } from '../../workspace/model.ts'
import { SavedMessageRow } from './saved-message-row.tsx'

const NO_MESSAGES: readonly SavedMessage[] = []

/** How long "Deleted … Undo" stays on screen. */
const UNDO_WINDOW_MS = 10_000

type Notice = { kind: 'error' | 'ok'; text: string }

export function SavedMessages({ connectionId, canSend }: { connectionId: ConnectionId; canSend: boolean }) {
  const messages = useWorkspaceStore((state) => selectConnection(state, connectionId)?.savedMessages ?? NO_MESSAGES)
  const [name, setName] = useState('')
  const [query, setQuery] = useState('')
  const [notice, setNotice] = useState<Notice | null>(null)
  const [removed, setRemoved] = useState<RemovedSavedMessage | null>(null)

  useEffect(() => {
    if (!removed) return undefined
    const timer = setTimeout(() => setRemoved(null), UNDO_WINDOW_MS)
    return () => clearTimeout(timer)
  }, [removed])

  const visible = filterSavedMessages(messages, query)
  const filtering = query.trim() !== ''

  const save = (event: FormEvent) => {
    event.preventDefault()
    // The editor's text, even when it is too long to be kept as the draft: saving then says why not.
    const draft = getComposerDraft(connectionId)
    if (!draft) return
    const saved = saveMessage(connectionId, name, draft)
    if (!saved.ok) {
      setNotice({ kind: 'error', text: saved.error })
      return
    }
    setName('')
    setQuery('')
    setNotice({ kind: 'ok', text: `Saved “${saved.message.name}”.` })
  }

  const send = async (message: SavedMessage) => {
    const result = await sendSavedMessage(connectionId, message.id)
    setNotice(result.ok ? { kind: 'ok', text: `Sent “${message.name}”.` } : { kind: 'error', text: result.error })
  }

  const remove = (message: SavedMessage) => {
    const result = deleteSavedMessage(connectionId, message.id)
    if (result) setRemoved(result)
    setNotice(null)
  }

  const undo = () => {
    if (!removed) return
    const restored = restoreSavedMessage(removed)
    setNotice(restored.ok ? null : { kind: 'error', text: restored.error })
    setRemoved(null)
  }

  return (
    <div className="composer-saved">
      <form className="composer-library-bar" onSubmit={save}>
        <input
          type="text"
          aria-label="Name for the saved message"
          placeholder="Name this payload"
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={LIMITS.nameChars}
        />
        <button type="submit" title="Save the editor's payload (and its mode) under this name">
          Save current
        </button>
        {messages.length > 1 && (
          <input
            type="search"
            className="composer-search"
            aria-label="Search saved messages"
            placeholder="Search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        )}
      </form>
      {removed && (
        <p className="composer-message hint" role="status">
          Deleted “{removed.message.name}”.{' '}
          <button type="button" className="link-button" onClick={undo}>
            Undo
          </button>
        </p>
      )}
      {notice && (
        <p className={`composer-message ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {messages.length === 0 ? (
        <div className="composer-empty">
          <p>No saved messages yet.</p>
          <p className="muted">
            Write a payload in the editor, give it a name above and press Save current. Saved messages keep their mode
            and can be sent again with one click.
          </p>
        </div>
      ) : visible.length === 0 ? (
        <div className="composer-empty">
          <p>No saved message matches “{query.trim()}”.</p>
          <button type="button" onClick={() => setQuery('')}>
            Clear search
          </button>
        </div>
      ) : (
        <ol className="composer-list" aria-label="Saved messages">
          {visible.map((message) => {
            const index = messages.indexOf(message)
            return (
              <SavedMessageRow
                key={message.id}
                message={message}
                canSend={canSend}
                canMoveUp={!filtering && index > 0}
                canMoveDown={!filtering && index < messages.length - 1}
                reorderHint={filtering ? 'Clear the search to reorder' : undefined}
                onLoad={() => {
                  loadSavedMessage(connectionId, message.id)
                  setNotice({ kind: 'ok', text: `Loaded “${message.name}” into the editor.` })
                }}
                onSend={() => send(message)}
                onRename={(next) => {
                  const renamed = renameSavedMessage(connectionId, message.id, next)
                  return renamed.ok ? null : renamed.error
                }}
                onMove={(delta) => moveSavedMessage(connectionId, message.id, index + delta)}
                onDelete={() => remove(message)}
              />
            )
          })}
        </ol>
      )}
    </div>
  )
}
