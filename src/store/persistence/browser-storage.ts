import type { UseStore } from 'idb-keyval'
import { browserIndexedDb, createIdbStore } from './idb-store.ts'
import type { PersistenceState } from './persistence-state.ts'

/**
 * Where persistence reaches the browser's storage: IndexedDB for the record and backups,
 * localStorage for the unsaved-edits journal and the core release's copy, a BroadcastChannel to
 * tell other tabs about a write. Each can be missing or throw (private windows, blocked site
 * storage, sandboxed iframes), and tests replace each through the options.
 */

/**
 * The localStorage key the core release persisted to (its zustand persist name, still the persist
 * name: persist-workspaces.ts); read once if IndexedDB is empty. Never change it: old data lives there.
 */
export const LEGACY_STORAGE_KEY = 'frameline.workspaces'

/** The open IndexedDB store, opened on first use; null where the browser gives none. */
export function openIdb(s: PersistenceState): UseStore | null {
  if (s.idb) return s.idb
  const { options } = s.config
  const factory = (options.indexedDb ?? browserIndexedDb)()
  if (!factory) return null
  try {
    s.idb = (options.openStore ?? ((f) => createIdbStore(f, options.dbName ?? 'frameline', 'kv')))(factory)
  } catch {
    s.idb = null
  }
  return s.idb
}

/** Forgets the open store, so the next openIdb() opens it again (Retry). */
export function reopenIdb(s: PersistenceState): UseStore | null {
  s.idb = null
  return openIdb(s)
}

export function journalStorage(s: PersistenceState): Storage | null {
  try {
    return (s.config.options.journalStorage ?? browserLocalStorage)()
  } catch {
    return null // Reading `localStorage` itself throws SecurityError where storage is blocked.
  }
}

export function readLegacy(s: PersistenceState): string | null {
  try {
    const storage = (s.config.options.legacyStorage ?? browserLocalStorage)()
    return storage?.getItem(LEGACY_STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

function browserLocalStorage(): Storage | null {
  return globalThis.localStorage ?? null
}

/** What a tab announces after every write. */
export type SavedMessage = { type: 'saved'; rev: number; writerId: string }

/**
 * Opens the cross-tab channel (IndexedDB has no change event of its own) and calls `onSaved` for
 * every write another tab announces. Closed by dispose().
 */
export function openChannel(s: PersistenceState, onSaved: (message: SavedMessage) => void): void {
  const name = s.config.channelName
  if (!name || typeof BroadcastChannel !== 'function') return
  const channel = new BroadcastChannel(name)
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data
    if (isSavedMessage(message) && message.writerId !== s.config.writerId) onSaved(message)
  }
  s.tabs.channel = channel
  s.tabs.disposers.push(() => channel.close())
}

export function announceSaved(s: PersistenceState, rev: number): void {
  s.tabs.channel?.postMessage({ type: 'saved', rev, writerId: s.config.writerId } satisfies SavedMessage)
}

function isSavedMessage(value: unknown): value is SavedMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'saved' &&
    typeof (value as { rev?: unknown }).rev === 'number' &&
    typeof (value as { writerId?: unknown }).writerId === 'string'
  )
}
