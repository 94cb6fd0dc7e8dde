import { createStore, type StoreApi } from 'zustand/vanilla'
import type { BackupInfo } from './stored-record.ts'

/** Why changes are not reaching browser storage right now. */
export type StorageProblem =
  | { kind: 'unavailable'; detail: string }
  | { kind: 'quota'; detail: string }
  | { kind: 'write-failed'; detail: string }
  /** The state has a value the stored-data schema refuses (e.g. over a size limit): not written. */
  | { kind: 'invalid'; detail: string }
  /** A newer Frameline build wrote the stored data; this tab must not overwrite it. */
  | { kind: 'newer-version'; storedVersion: number; detail: string }
  /** Stored data is unreadable and its backup could not be written, so it is left alone. */
  | { kind: 'backup-failed'; detail: string }

/**
 * fresh: nothing was readable, the app started with the first-run workspace; partial: the readable
 * workspaces were loaded; replaced: the record was damaged after startup and this tab saved over it;
 * journal: nothing was readable, but the unsaved-edits journal (journal.ts) was, and was loaded.
 */
export type RecoveryOutcome = 'fresh' | 'partial' | 'replaced' | 'journal'

export type PersistenceStatus = {
  /** idle: persistence not started (tests, or before main.tsx starts it). */
  phase: 'idle' | 'loading' | 'ready'
  problem: StorageProblem | null
  /** Stored data could not be read at startup; it was kept as a backup and the app started fresh. */
  recovered: { reason: string; backupKey: string | null; outcome: RecoveryOutcome } | null
  /** Another tab changed the same thing at the same moment; its version was kept as a backup. */
  conflict: { paths: string[]; backupKey: string | null } | null
  /** Edits saved by the unsaved-edits journal could not be applied; they were kept as a backup. */
  journal: { reason: string; backupKey: string | null } | null
  backups: BackupInfo[]
  hasUnsavedChanges: boolean
  lastSavedAt: number | null
}

export function createPersistenceStatus(): StoreApi<PersistenceStatus> {
  return createStore<PersistenceStatus>()(() => ({
    phase: 'idle',
    problem: null,
    recovered: null,
    conflict: null,
    journal: null,
    backups: [],
    hasUnsavedChanges: false,
    lastSavedAt: null,
  }))
}
