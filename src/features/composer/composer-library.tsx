import { memo, useId } from 'react'
import { setComposerLibraryOpen, showComposerLibrary, useComposerStore } from '../../store/composer-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { ConnectionId } from '../../workspace/model.ts'
import { HistoryList } from './history-list.tsx'
import { SavedMessages } from './saved-messages.tsx'

/**
 * The collapsible "Saved messages" / "History" panel under the editor. Memoized: the composer
 * re-renders on every keystroke, and a long list has no reason to.
 */
export const ComposerLibrary = memo(function ComposerLibrary({
  connectionId,
  canSend,
}: {
  connectionId: ConnectionId
  canSend: boolean
}) {
  const tab = useComposerStore((state) => state.libraryTab)
  const open = useComposerStore((state) => state.libraryOpen)
  const savedCount = useWorkspaceStore((state) => selectConnection(state, connectionId)?.savedMessages.length ?? 0)
  const historyCount = useWorkspaceStore((state) => selectConnection(state, connectionId)?.history.length ?? 0)
  const panelId = useId()

  const tabButton = (value: typeof tab, label: string, count: number) => (
    <button
      type="button"
      role="tab"
      id={`${panelId}-${value}`}
      aria-selected={open && tab === value}
      aria-controls={panelId}
      className={open && tab === value ? 'composer-tab selected' : 'composer-tab'}
      onClick={() => showComposerLibrary(value)}
    >
      {label} <span className="composer-tab-count">{count}</span>
    </button>
  )

  return (
    <div className={open ? 'composer-library open' : 'composer-library'}>
      <div className="composer-library-tabs">
        <div role="tablist" aria-label="Saved messages and history">
          {tabButton('saved', 'Saved messages', savedCount)}
          {tabButton('history', 'History', historyCount)}
        </div>
        <button
          type="button"
          className="composer-library-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setComposerLibraryOpen(!open)}
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      {open && (
        <div className="composer-library-body" id={panelId} role="tabpanel" aria-labelledby={`${panelId}-${tab}`}>
          {tab === 'saved' ? (
            <SavedMessages connectionId={connectionId} canSend={canSend} />
          ) : (
            <HistoryList connectionId={connectionId} />
          )}
        </div>
      )}
    </div>
  )
})
