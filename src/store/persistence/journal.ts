import type { WorkspaceState } from '../workspace-state.ts'
import { migrateStoredState, STORED_STATE_VERSION } from './persisted-state.ts'
import { summarize } from './stored-record.ts'
import { isCount, isRecord } from './guards.ts'

/**
 * The unsaved-edits journal: IndexedDB writes are asynchronous, so an edit made just before a
 * reload or tab close can still be in the debounce timer or in an uncommitted transaction when the
 * page goes away. On `pagehide` / `visibilitychange: hidden` a tab with such a write pending also
 * writes its state SYNCHRONOUSLY to localStorage under its own key (two tabs hidden at once must
 * not overwrite each other's journal). The next load applies it (journal-recovery.ts).
 *
 * A journal records the IndexedDB revision its state was based on (`baseRev`) and the tab that
 * wrote it, so the loader can tell "nothing happened since" from "another tab saved in between";
 * `base`, the state at that revision, is included when there is room so the loader can merge three
 * ways instead of only keeping the journal as a backup.
 */
export const JOURNAL_FORMAT = 'frameline.journal'
export const JOURNAL_KEY_PREFIX = 'frameline.journal:'

export type Journal = {
  writerId: string
  baseRev: number
  savedAt: number
  state: WorkspaceState
  base: WorkspaceState | undefined
}

export type StoredJournal = { key: string; raw: string }

export type DecodedJournal =
  | { kind: 'ok'; journal: Journal }
  /** Written by a newer build: left alone for it. */
  | { kind: 'newer'; version: number }
  | { kind: 'corrupt'; reason: string }

export function journalKey(writerId: string): string {
  return `${JOURNAL_KEY_PREFIX}${writerId}`
}

export function encodeJournal(journal: Omit<Journal, 'base'>, base?: WorkspaceState): string {
  const { writerId, baseRev, savedAt, state } = journal
  return JSON.stringify({ format: JOURNAL_FORMAT, version: STORED_STATE_VERSION, writerId, baseRev, savedAt, state, base })
}

/** Never throws: localStorage is as untrusted as any other storage. */
export function decodeJournal(raw: string): DecodedJournal {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { kind: 'corrupt', reason: 'the unsaved-edits journal is not valid JSON' }
  }
  if (!isRecord(value) || value.format !== JOURNAL_FORMAT) return { kind: 'corrupt', reason: 'the unsaved-edits journal has an unknown format' }
  const { version, writerId, baseRev, savedAt } = value
  if (!isCount(version) || version < 1 || typeof writerId !== 'string' || !isCount(baseRev) || !isCount(savedAt)) {
    return { kind: 'corrupt', reason: 'the unsaved-edits journal has no valid version, tab or revision' }
  }
  if (version > STORED_STATE_VERSION) return { kind: 'newer', version }
  // The same validation as the IndexedDB record; a journal that would lose a workspace is not applied.
  const state = migrateStoredState(value.state, version)
  if (!state.ok) return { kind: 'corrupt', reason: `the unsaved-edits journal failed validation: ${summarize(state.errors)}` }
  if (state.dropped.length > 0) {
    return { kind: 'corrupt', reason: `the unsaved-edits journal failed validation: ${summarize(state.dropped)}` }
  }
  const base = value.base === undefined ? undefined : migrateStoredState(value.base, version)
  return {
    kind: 'ok',
    journal: { writerId, baseRev, savedAt, state: state.value, base: base?.ok && base.dropped.length === 0 ? base.value : undefined },
  }
}

/** Every journal in `storage`, oldest first. Never throws (storage access can throw SecurityError). */
export function readJournals(storage: Storage | null): StoredJournal[] {
  if (!storage) return []
  try {
    const found: { key: string; raw: string; savedAt: number }[] = []
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)
      if (key === null || !key.startsWith(JOURNAL_KEY_PREFIX)) continue
      const raw = storage.getItem(key)
      if (raw !== null) found.push({ key, raw, savedAt: peekSavedAt(raw) })
    }
    return found.sort((a, b) => a.savedAt - b.savedAt).map(({ key, raw }) => ({ key, raw }))
  } catch {
    return []
  }
}

/**
 * Writes the journal; returns false instead of throwing when storage is full or blocked. With
 * `base` the journal is about twice the size, so a full storage gets a second try without it.
 */
export function writeJournal(storage: Storage | null, key: string, journal: Omit<Journal, 'base'>, base?: WorkspaceState): boolean {
  if (!storage) return false
  const attempts = base === undefined ? [undefined] : [base, undefined]
  for (const withBase of attempts) {
    try {
      storage.setItem(key, encodeJournal(journal, withBase))
      return true
    } catch {
      // QuotaExceededError or SecurityError: try smaller, then give up quietly.
    }
  }
  return false
}

export function removeJournal(storage: Storage | null, key: string): void {
  try {
    storage?.removeItem(key)
  } catch {
    // Blocked storage: the journal stays, and the next load applies it again (idempotent).
  }
}

function peekSavedAt(raw: string): number {
  const match = /"savedAt":(\d+)/.exec(raw)
  return match ? Number(match[1]) : 0
}
