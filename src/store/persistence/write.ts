import { describeError } from '../../lib/describe-error.ts'
import { validateWorkspace } from '../../workspace/workspace-schema.ts'
import type { WorkspaceState } from '../workspace-state.ts'
import { backupPut, conflictReason, refreshBackups } from './backups.ts'
import { announceSaved, journalStorage, openIdb } from './browser-storage.ts'
import { classifyStorageError, readModifyWrite } from './idb-store.ts'
import { removeJournal } from './journal.ts'
import { STORED_STATE_VERSION } from './persisted-state.ts'
import {
  applyToMemory,
  blockNewer,
  clearWriteTimer,
  enqueue,
  markUnavailable,
  RETRY_AFTER_FAILURE_MS,
  setProblem,
  setStatus,
  type PersistenceState,
} from './persistence-state.ts'
import { droppedReason } from './quarantine.ts'
import { mergeStates, withSelectionOf } from './state-merge.ts'
import { decodeRecord, encodeRecord, MAIN_RECORD_KEY, rawToText, summarize } from './stored-record.ts'
import { jsonEqual, type MergeConflict } from './three-way-merge.ts'

/**
 * The write phase. zustand calls the adapter's setItem synchronously from every set(); that only
 * marks the state dirty (noteChange) and a timer batches a burst of edits into one write.
 *
 * A write is one atomic IndexedDB transaction (idb-store.ts readModifyWrite) that re-reads the
 * record first. If `rev` is still the one this tab last read, it writes its state. If another tab
 * advanced it, it merges three ways by entity (base = what it last read, local = its state,
 * remote = what is stored): entities this tab did not change since take the other tab's version,
 * entities only this tab changed keep this tab's. The same field changed in both is a conflict:
 * this tab's value is written, the other tab's whole state is kept as a backup record in the same
 * transaction and the banner says so. Never a silent last-writer-wins. The selection written is
 * the writer's own (state-merge.ts: selection stays per tab).
 *
 * A failed write (quota, abort) keeps the previous record (the transaction is atomic), keeps the
 * state in memory, and is reported; the next change or Retry tries again.
 */

type WriteOutcome = {
  rev: number
  written: WorkspaceState
  conflicts: MergeConflict[]
  conflictBackupKey: string | null
  quarantine: { key: string; reason: string } | null
  record: string
}

class NewerVersionStored extends Error {
  readonly storedVersion: number
  constructor(storedVersion: number) {
    super(`stored version ${storedVersion} is newer than this app`)
    this.storedVersion = storedVersion
  }
}

/** The adapter's setItem: must never throw, and must not write before the stored record has been read. */
export function noteChange(s: PersistenceState): void {
  if (s.suppressWrites || !s.hydrated) return
  s.write.dirty = true
  if (!s.status.getState().hasUnsavedChanges) setStatus(s, { hasUnsavedChanges: true })
  scheduleWrite(s)
}

export function scheduleWrite(s: PersistenceState): void {
  if (s.write.timer !== undefined || s.writeBlock !== 'none') return
  s.write.timer = setTimeout(
    () => {
      s.write.timer = undefined
      void flush(s)
    },
    s.write.lastFailed ? Math.max(s.config.writeDelayMs, RETRY_AFTER_FAILURE_MS) : s.config.writeDelayMs,
  )
}

/** Writes pending changes now (page hidden, tests). */
export function flush(s: PersistenceState): Promise<void> {
  clearWriteTimer(s)
  return enqueue(s, () => writeNow(s))
}

/** Runs inside the storage queue (enqueue): never concurrently with a read or another write. */
export async function writeNow(s: PersistenceState): Promise<void> {
  clearWriteTimer(s)
  const api = s.api
  if (!s.write.dirty || s.writeBlock !== 'none' || !api || !s.hydrated) return
  const store = openIdb(s)
  if (!store) {
    markUnavailable(s, 'Browser storage is not available.')
    return
  }
  const snapshot = s.partialize(api.getState())
  const unstorable = findUnstorable(s, snapshot)
  if (unstorable) {
    // Writing what the next load would refuse would turn a save into a quarantine; keep the
    // last good copy and say which field is at fault.
    setProblem(s, { kind: 'invalid', detail: unstorable })
    return
  }
  const base = s.base.state
  const journalCovered = s.journal.generation
  s.write.dirty = false
  s.write.inFlight = true
  let outcome: WriteOutcome
  try {
    outcome = await readModifyWrite(store, MAIN_RECORD_KEY, (raw) => decideWrite(s, raw, snapshot, base))
  } catch (thrown) {
    s.write.inFlight = false
    s.write.dirty = true
    if (thrown instanceof NewerVersionStored) {
      blockNewer(s, thrown.storedVersion)
      return
    }
    s.write.lastFailed = true
    reportWriteFailure(s, thrown)
    scheduleWrite(s)
    return
  }
  s.write.inFlight = false
  s.write.lastFailed = false
  s.base = { rev: outcome.rev, state: outcome.written, text: outcome.record }
  // A journal written before this snapshot holds nothing this write did not store; one written
  // while the write was in flight may hold later edits, and stays until a write covers it.
  if (s.journal.written && s.journal.generation === journalCovered) {
    removeJournal(journalStorage(s), s.journal.key)
    s.journal.written = false
  }
  for (const key of s.journal.consumed.splice(0)) removeJournal(journalStorage(s), key)
  s.quarantine.text = null
  s.quarantine.pending = null
  const problem = s.status.getState().problem
  setStatus(s, {
    problem: problem && problem.kind !== 'newer-version' ? null : problem,
    hasUnsavedChanges: s.write.dirty,
    lastSavedAt: s.config.now(),
    ...(outcome.quarantine ? { recovered: { reason: outcome.quarantine.reason, backupKey: outcome.quarantine.key, outcome: 'replaced' as const } } : {}),
    ...(outcome.conflicts.length > 0
      ? { conflict: { paths: outcome.conflicts.map((c) => c.path), backupKey: outcome.conflictBackupKey } }
      : {}),
  })
  if (outcome.quarantine || outcome.conflictBackupKey) await refreshBackups(s)
  announceSaved(s, outcome.rev)
  if (outcome.written !== snapshot) {
    // Another tab's changes were merged in; bring them into memory without losing edits made
    // while the write was in flight (those count as this tab's changes since `snapshot`).
    const current = s.partialize(api.getState())
    const next = jsonEqual(current, snapshot) ? withSelectionOf(current, outcome.written) : mergeStates(snapshot, current, outcome.written).state
    applyToMemory(s, next)
  }
}

/**
 * Synchronous, inside the write transaction: decides what to put given what is stored now. Reads
 * `s` but changes nothing in it; the caller applies the outcome once the transaction committed.
 */
function decideWrite(s: PersistenceState, raw: unknown, snapshot: WorkspaceState, base: WorkspaceState | undefined) {
  const puts: [string, unknown][] = []
  let written = snapshot
  let conflicts: MergeConflict[] = []
  let conflictBackupKey: string | null = null
  let quarantine: WriteOutcome['quarantine'] = null
  let rev = s.base.rev + 1
  const backup = (kind: 'unreadable' | 'conflict', content: unknown, reason: string) => {
    const { key, put } = backupPut(s, kind, content, reason)
    puts.push(put)
    return key
  }
  // Still exactly what this tab last read or wrote: nobody else wrote since.
  const unchanged = s.base.text !== null && raw === s.base.text
  if (!unchanged) {
    const decoded = decodeRecord(raw)
    switch (decoded.kind) {
      case 'newer':
        throw new NewerVersionStored(decoded.version)
      case 'missing':
        // Someone cleared site data after we read it: this tab's copy is all there is; restore it.
        break
      case 'corrupt':
        if (rawToText(raw) !== s.quarantine.text) {
          quarantine = { key: backup('unreadable', raw, decoded.reason), reason: decoded.reason }
        }
        break
      case 'ok':
        rev = Math.max(decoded.rev, s.base.rev) + 1
        if (decoded.dropped.length > 0 && rawToText(raw) !== s.quarantine.text) {
          const reason = droppedReason(decoded.dropped)
          quarantine = { key: backup('unreadable', raw, reason), reason }
        }
        if (decoded.rev !== s.base.rev) {
          const merged = mergeStates(base, snapshot, decoded.state)
          written = merged.state
          conflicts = merged.conflicts
          if (conflicts.length > 0) {
            conflictBackupKey = backup('conflict', JSON.stringify(decoded.state, null, 2), conflictReason(conflicts))
          }
        }
        break
    }
  }
  const record = encodeRecord({ version: STORED_STATE_VERSION, rev, writerId: s.config.writerId, savedAt: s.config.now(), state: written })
  puts.push([MAIN_RECORD_KEY, record])
  const result: WriteOutcome = { rev, written, conflicts, conflictBackupKey, quarantine, record }
  return { puts, result }
}

/** What the next load would refuse, said for the banner; null when `state` can be stored. */
export function findUnstorable(s: PersistenceState, state: WorkspaceState): string | null {
  const ids = new Set<string>()
  for (const workspace of state.workspaces) {
    if (ids.has(workspace.id)) return `Two workspaces share the id "${workspace.id}".`
    ids.add(workspace.id)
    if (s.write.checked.has(workspace)) continue
    const result = validateWorkspace(workspace)
    if (!result.ok) return `Workspace "${workspace.name}": ${summarize(result.errors)}.`
    s.write.checked.add(workspace)
  }
  return null
}

function reportWriteFailure(s: PersistenceState, thrown: unknown): void {
  const kind = classifyStorageError(thrown)
  const detail = describeError(thrown)
  if (kind === 'quota') setProblem(s, { kind: 'quota', detail: `Browser storage is full (${detail}).` })
  else if (kind === 'unavailable') markUnavailable(s, `Browser storage stopped working (${detail}).`)
  else setProblem(s, { kind: 'write-failed', detail: `Saving failed (${detail}).` })
}
