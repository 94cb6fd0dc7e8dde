import { get, keys, set } from 'idb-keyval'
import { createId } from '../../lib/create-id.ts'
import type { WorkspaceState } from '../workspace-state.ts'
import { openIdb } from './browser-storage.ts'
import { setStatus, type PersistenceState } from './persistence-state.ts'
import {
  createBackupKey,
  isBackupRecord,
  parseBackupKey,
  rawToText,
  type BackupKind,
  type BackupRecord,
} from './stored-record.ts'
import type { MergeConflict } from './three-way-merge.ts'

/**
 * Backup records in IndexedDB: an unreadable record, the other tab's side of a conflict, a journal
 * that could not be applied. Each goes under a key that is never reused, so a backup is never
 * overwritten; the banner lists them and offers each as a download.
 */

export async function writeBackup(s: PersistenceState, kind: BackupKind, raw: unknown, reason: string): Promise<string> {
  const store = openIdb(s)
  if (!store) throw new DOMException('IndexedDB is not available', 'InvalidStateError')
  const createdAt = s.config.now()
  const key = createBackupKey(kind, createdAt, createId())
  const record: BackupRecord = { kind, createdAt, reason, raw: rawToText(raw) }
  await set(key, record, store)
  return key
}

/** A backup to write in the same transaction as the main record (see write.ts). */
export function backupPut(s: PersistenceState, kind: BackupKind, content: unknown, reason: string): { key: string; put: [string, unknown] } {
  const createdAt = s.config.now()
  const key = createBackupKey(kind, createdAt, createId())
  return { key, put: [key, { kind, createdAt, reason, raw: rawToText(content) } satisfies BackupRecord] }
}

export async function refreshBackups(s: PersistenceState): Promise<void> {
  const store = openIdb(s)
  if (!store) return
  try {
    const found = (await keys(store)).map(parseBackupKey).filter((info) => info !== null)
    setStatus(s, { backups: found.sort((a, b) => b.createdAt - a.createdAt) })
  } catch {
    // Listing backups is a courtesy; failing to list loses nothing.
  }
}

export async function readBackup(s: PersistenceState, key: string): Promise<string | null> {
  const store = openIdb(s)
  if (!store) return null
  const value: unknown = await get(key, store)
  if (value === undefined) return null
  return isBackupRecord(value) ? value.raw : rawToText(value)
}

export function conflictReason(conflicts: readonly MergeConflict[]): string {
  return `Changed in two tabs at once: ${conflicts.map((c) => c.path).join(', ')}`
}

/** Keeps the other tab's whole state when a merge found the same field changed in both. */
export async function keepConflictBackup(s: PersistenceState, remote: WorkspaceState, conflicts: MergeConflict[]): Promise<string | null> {
  const paths = conflicts.map((c) => c.path)
  try {
    const key = await writeBackup(s, 'conflict', JSON.stringify(remote, null, 2), conflictReason(conflicts))
    await refreshBackups(s)
    setStatus(s, { conflict: { paths, backupKey: key } })
    return key
  } catch {
    setStatus(s, { conflict: { paths, backupKey: null } })
    return null
  }
}
