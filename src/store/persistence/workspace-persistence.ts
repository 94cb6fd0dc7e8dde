import type { PersistStorage } from 'zustand/middleware'
import type { StoreApi } from 'zustand/vanilla'
import { describeError } from '../../lib/describe-error.ts'
import type { WorkspaceState } from '../workspace-state.ts'
import { readBackup } from './backups.ts'
import { writeJournalNow } from './journal-recovery.ts'
import { loadStoredState } from './load.ts'
import {
  clearWriteTimer,
  createPersistenceState,
  markUnavailable,
  setStatus,
  type PersistedStoreApi,
  type WorkspacePersistenceOptions,
} from './persistence-state.ts'
import type { PersistenceStatus } from './persistence-status.ts'
import { retry } from './retry.ts'
import { startTabSync } from './tab-sync.ts'
import { flush, noteChange } from './write.ts'

export type { WorkspacePersistenceOptions } from './persistence-state.ts'

export type WorkspacePersistence = {
  /** Goes to zustand `persist({ storage })`. Reads are guarded; writes never throw into `set()`. */
  storage: PersistStorage<WorkspaceState>
  status: StoreApi<PersistenceStatus>
  attach: (api: PersistedStoreApi, partialize: (state: WorkspaceState) => WorkspaceState) => void
  /** Hydrates the store from storage, then starts listening to other tabs. Never rejects. */
  start: () => Promise<void>
  /** Writes pending changes now (page hidden, tests). */
  flush: () => Promise<void>
  /**
   * If a write is pending or in flight, writes the state to the unsaved-edits journal at once,
   * synchronously (the page may be gone before IndexedDB commits). Called on pagehide and when the
   * page is hidden; exposed for tests. Returns whether a journal was written.
   */
  writeJournalNow: () => boolean
  /** The banner's Retry: reopen storage if needed, adopt what other tabs stored, write. */
  retry: () => Promise<void>
  readBackup: (key: string) => Promise<string | null>
  dismissNotices: () => void
  dispose: () => void
}

/**
 * The storage side of the workspace store: IndexedDB (through idb-keyval) behind zustand
 * `persist`, with the guarantees zustand does not give on its own (see docs/reliability.md §2.8):
 *
 * - Nothing is written until the stored record has been read (no defaults over stored data).
 * - An unreadable record (bad JSON, wrong shape, failed validation) is copied to a backup key
 *   that is never reused; the main key is only replaced after that copy is stored (at startup,
 *   or in the same transaction as the replacing write). (quarantine.ts)
 * - A record written by a newer build puts this tab in read-only mode: never overwritten.
 * - A failed write (quota, abort) keeps the previous record (the transaction is atomic), keeps the
 *   state in memory, and is reported; the next change or Retry tries again. (write.ts, retry.ts)
 * - A page left while a write is pending (a reload within the write delay, a closed tab) writes
 *   its state synchronously to a localStorage journal first; the next load applies it by the
 *   two-tab rules, writes it to IndexedDB, then deletes it. (journal-recovery.ts)
 * - Two tabs never silently overwrite each other's edits: a write re-reads the record in its
 *   transaction and merges three ways by entity when another tab wrote in between, keeping the
 *   other side of a conflict as a backup; other tabs hear of every write. (write.ts, tab-sync.ts)
 *
 * This module only wires the phases (load.ts, write.ts, tab-sync.ts, journal-recovery.ts,
 * quarantine.ts, retry.ts) to zustand; all their state is one record (persistence-state.ts).
 */
export function createWorkspacePersistence(options: WorkspacePersistenceOptions = {}): WorkspacePersistence {
  const s = createPersistenceState(options)

  const storage: PersistStorage<WorkspaceState> = {
    getItem: async () => {
      setStatus(s, { phase: 'loading' })
      try {
        return await loadStoredState(s)
      } catch (thrown) {
        markUnavailable(s, `Reading browser storage failed: ${describeError(thrown)}.`)
        return null
      } finally {
        s.hydrated = true
        setStatus(s, { hasUnsavedChanges: false })
      }
    },
    // zustand calls this synchronously from every set(); it must never throw, and it must not
    // write before the stored record has been read.
    setItem: () => noteChange(s),
    // persist.clearStorage() would delete the user's workspaces; nothing in the app may do that.
    removeItem: () => undefined,
  }

  async function start() {
    const api = s.api
    if (!api) throw new Error('attach() the workspace store before start()')
    try {
      await api.persist.rehydrate()
    } catch (thrown) {
      // `migrate` validated data that the load phase had already checked; this is a safety net.
      markUnavailable(s, `Loading the saved workspaces failed: ${describeError(thrown)}.`)
    }
    s.hydrated = true
    setStatus(s, { phase: 'ready' })
    if (s.journal.consumed.length > 0 && s.writeBlock === 'none') {
      // The state came (partly) from journals: store it now, then the journals can go.
      s.write.dirty = true
      setStatus(s, { hasUnsavedChanges: true })
      void flush(s)
    }
    startTabSync(s)
  }

  return {
    storage,
    status: s.status,
    attach: (store, pick) => {
      s.api = store
      s.partialize = pick
    },
    start,
    flush: () => flush(s),
    writeJournalNow: () => writeJournalNow(s),
    retry: () => retry(s),
    readBackup: (key) => readBackup(s, key),
    dismissNotices: () => setStatus(s, { recovered: null, conflict: null, journal: null }),
    dispose: () => {
      clearWriteTimer(s)
      for (const dispose of s.tabs.disposers.splice(0)) dispose()
      s.tabs.channel = null
    },
  }
}
