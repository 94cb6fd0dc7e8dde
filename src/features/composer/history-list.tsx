import { useState } from 'react'
import { clearHistory, recallHistoryItem } from '../../store/saved-message-actions.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { ConnectionId, SentItem } from '../../workspace/model.ts'
import { formatSentAt, MODE_LABELS, previewPayload } from './payload-text.ts'

const NO_HISTORY: readonly SentItem[] = []

/** What this connection sent, newest first; a click puts an item back into the composer. */
export function HistoryList({ connectionId }: { connectionId: ConnectionId }) {
  const history = useWorkspaceStore((state) => selectConnection(state, connectionId)?.history ?? NO_HISTORY)
  const [confirmingClear, setConfirmingClear] = useState(false)

  if (history.length === 0) {
    return (
      <div className="composer-empty">
        <p>Nothing sent yet.</p>
        <p className="muted">
          Every payload you send from this connection lands here (the last 100), so you can pick one, edit it and send
          it again.
        </p>
      </div>
    )
  }

  return (
    <div className="composer-history">
      <div className="composer-library-bar">
        <span className="muted">Click an item to load it into the editor.</span>
        <span className="composer-toolbar-spacer" />
        {confirmingClear ? (
          <>
            <span>Clear {history.length === 1 ? '1 item' : `${history.length} items`}?</span>
            <button
              type="button"
              className="danger"
              onClick={() => {
                clearHistory(connectionId)
                setConfirmingClear(false)
              }}
            >
              Clear
            </button>
            <button type="button" onClick={() => setConfirmingClear(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmingClear(true)}>
            Clear history
          </button>
        )}
      </div>
      <ol className="composer-list" aria-label="Sent history">
        {history.map((item, index) => (
          <li key={`${item.at}-${index}`}>
            <button
              type="button"
              className="composer-history-item"
              title="Load into the editor"
              onClick={() => recallHistoryItem(connectionId, index)}
            >
              <span className="composer-history-time mono">{formatSentAt(item.at)}</span>
              <span className={`composer-badge ${item.mode}`}>{MODE_LABELS[item.mode]}</span>
              <span className="composer-preview mono">{previewPayload(item.text)}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  )
}
