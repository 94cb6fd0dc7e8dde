import type { WorkspaceState } from '../workspace-state.ts'
import { keepConflictBackup, writeBackup } from './backups.ts'
import { journalStorage } from './browser-storage.ts'
import { decodeJournal, readJournals, removeJournal, writeJournal } from './journal.ts'
import { setStatus, type PersistenceState } from './persistence-state.ts'
import { mergeStates } from './state-merge.ts'
import { findUnstorable } from './write.ts'

/**
 * The unsaved-edits journal in use (its format is journal.ts). A page left while a write is pending
 * (a reload within the write delay, a closed tab) writes its state synchronously to localStorage
 * first: the IndexedDB transaction may not commit before the page is gone (a reload within the
 * write delay lost the last edit without it). The next load applies it by the two-tab rules below,
 * writes it to IndexedDB, then deletes it.
 */

/**
 * If a write is pending or in flight, writes the state to the journal at once, synchronously.
 * Called on pagehide and when the page is hidden. Returns whether a journal was written.
 */
export function writeJournalNow(s: PersistenceState): boolean {
  const api = s.api
  if (!api || !s.hydrated || s.writeBlock !== 'none' || (!s.write.dirty && !s.write.inFlight)) return false
  const state = s.partialize(api.getState())
  // What the next load would refuse is not journaled either; the banner already says why.
  if (findUnstorable(s, state)) return false
  const written = writeJournal(
    journalStorage(s),
    s.journal.key,
    { writerId: s.config.writerId, baseRev: s.base.rev, savedAt: s.config.now(), state },
    s.base.state,
  )
  if (written) {
    s.journal.written = true
    s.journal.generation += 1
  }
  return written
}

/**
 * Applies the journals earlier pages left (oldest first) on top of what IndexedDB holds, and
 * returns the state to start with, or undefined when none applied. Rules, per journal:
 * - IndexedDB has not moved since the journal's base revision (or only by that same page's own
 *   write that was in flight): the journal is newer; it is applied as is.
 * - The same page wrote again after the journal: the journal is superseded; it is dropped.
 * - Another tab saved in between: merged three ways (base = the journal's base) with the
 *   existing merge, conflicts kept as a backup; without a base to merge from, the journal is
 *   kept as a backup and the user is told.
 * A journal that fails validation is kept as a backup. Applied journals are deleted after the
 * first successful write (start() forces one); nothing is deleted before its content is safe.
 */
export async function applyJournals(
  s: PersistenceState,
  stored: { rev: number; writerId: string | null; state: WorkspaceState | undefined },
): Promise<WorkspaceState | undefined> {
  let current: WorkspaceState | undefined
  for (const { key, raw } of readJournals(journalStorage(s))) {
    const decoded = decodeJournal(raw)
    if (decoded.kind === 'newer') continue // A newer build's journal: left for it.
    if (decoded.kind === 'corrupt') {
      await keepJournalBackup(s, key, raw, decoded.reason)
      continue
    }
    const journal = decoded.journal
    if (journal.writerId === stored.writerId && stored.rev > journal.baseRev + 1) {
      s.journal.consumed.push(key)
      continue
    }
    const fastForward =
      current === undefined &&
      (stored.rev <= journal.baseRev || (stored.rev === journal.baseRev + 1 && stored.writerId === journal.writerId))
    const remote = current ?? stored.state
    if (fastForward || remote === undefined) {
      current = journal.state
    } else if (journal.base) {
      const merged = mergeStates(journal.base, journal.state, remote)
      if (merged.conflicts.length > 0) await keepConflictBackup(s, remote, merged.conflicts)
      current = merged.state
    } else {
      await keepJournalBackup(s, key, raw, 'another tab saved changes in the meantime, and these edits could not be merged with them')
      continue
    }
    s.journal.consumed.push(key)
  }
  return current
}

async function keepJournalBackup(s: PersistenceState, key: string, raw: string, reason: string): Promise<void> {
  try {
    const backupKey = await writeBackup(s, 'unsaved', raw, `Unsaved edits from before a reload: ${reason}`)
    removeJournal(journalStorage(s), key)
    setStatus(s, { journal: { reason, backupKey } })
  } catch {
    // The journal stays in localStorage for a later load; nothing is lost.
    setStatus(s, { journal: { reason, backupKey: null } })
  }
}
