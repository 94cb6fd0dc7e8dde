import { get } from 'idb-keyval'
import type { WorkspaceState } from '../workspace-state.ts'
import { keepConflictBackup } from './backups.ts'
import { openChannel, openIdb } from './browser-storage.ts'
import { writeJournalNow } from './journal-recovery.ts'
import { applyToMemory, blockNewer, enqueue, type PersistenceState } from './persistence-state.ts'
import { mergeStates, withSelectionOf } from './state-merge.ts'
import { decodeRecord, MAIN_RECORD_KEY } from './stored-record.ts'
import { flush, scheduleWrite } from './write.ts'

/**
 * Tab sync: every write bumps `rev` in the record and is announced on a BroadcastChannel. On an
 * announcement (or when the page becomes visible again) a tab with no unsaved changes adopts the
 * stored state; one with unsaved changes merges three ways (state-merge.ts) and writes later.
 * Which workspace and connection are selected stays per tab.
 */

/** Runs inside the storage queue (enqueue). */
export async function readNow(s: PersistenceState): Promise<void> {
  const api = s.api
  if (!api || !s.hydrated) return
  const store = openIdb(s)
  if (!store) return
  let raw: unknown
  try {
    raw = await get(MAIN_RECORD_KEY, store)
  } catch {
    return // A failed read loses nothing; the next write reports a real problem.
  }
  if (s.base.text !== null && raw === s.base.text) return
  const decoded = decodeRecord(raw)
  if (decoded.kind === 'newer') {
    blockNewer(s, decoded.version)
    return
  }
  if (decoded.kind !== 'ok' || decoded.rev === s.base.rev) return
  const current = s.partialize(api.getState())
  let next: WorkspaceState
  if (s.write.dirty) {
    const merged = mergeStates(s.base.state, current, decoded.state)
    next = merged.state
    if (merged.conflicts.length > 0) await keepConflictBackup(s, decoded.state, merged.conflicts)
  } else {
    next = withSelectionOf(current, decoded.state)
  }
  s.base = { rev: decoded.rev, state: decoded.state, text: typeof raw === 'string' ? raw : null }
  applyToMemory(s, next)
  if (s.write.dirty) scheduleWrite(s)
}

/** Listens to other tabs' writes, and to the page being hidden, closed or shown again. */
export function startTabSync(s: PersistenceState): void {
  openChannel(s, (message) => {
    if (message.rev !== s.base.rev) void enqueue(s, () => readNow(s))
  })
  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    // Debounced writes must not be lost when the tab is closed or backgrounded (mobile kills
    // hidden tabs without unload); a tab coming back catches up on what others stored.
    // The journal is written first and synchronously: the flush's transaction may not commit
    // before the page is gone (a reload within the write delay lost the last edit without it).
    const onVisibility = () => {
      if (document.visibilityState !== 'hidden') return void enqueue(s, () => readNow(s))
      writeJournalNow(s)
      void flush(s)
    }
    const onPageHide = () => {
      writeJournalNow(s)
      void flush(s)
    }
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', onPageHide)
    s.tabs.disposers.push(() => {
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('pagehide', onPageHide)
    })
  }
}
