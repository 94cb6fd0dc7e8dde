import type { WorkspaceState } from '../workspace-state.ts'
import { migrateStoredState, STORED_STATE_VERSION } from './persisted-state.ts'
import { isCount, isRecord } from './guards.ts'

/**
 * The one record that holds every workspace in IndexedDB, as JSON text:
 * `{ format, version, rev, writerId, savedAt, state }`. Text rather than a structured clone so
 * that what is read back goes through the same guarded parse as a file, and a damaged record can
 * be kept byte for byte. `rev` goes up by one on every write, from any tab; a tab compares it
 * with the rev it last read to notice that another tab wrote in between.
 */
export const STORED_RECORD_FORMAT = 'frameline.store'
export const MAIN_RECORD_KEY = 'workspaces'
export const BACKUP_KEY_PREFIX = 'backup:'

export type StoredEnvelope = {
  format: typeof STORED_RECORD_FORMAT
  version: number
  rev: number
  writerId: string
  savedAt: number
  state: WorkspaceState
}

export type DecodedRecord =
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'newer'; version: number; rev: number; state: unknown }
  /**
   * `dropped`: workspaces that failed validation and were left out (the raw record needs a backup).
   * `writerId`: the tab that wrote the record (null for the core release's localStorage copy).
   */
  | { kind: 'ok'; version: number; rev: number; writerId: string | null; state: WorkspaceState; storedState: unknown; dropped: string[] }

export function encodeRecord(envelope: Omit<StoredEnvelope, 'format'>): string {
  const { version, rev, writerId, savedAt, state } = envelope
  return JSON.stringify({ format: STORED_RECORD_FORMAT, version, rev, writerId, savedAt, state })
}

/** Never throws: whatever is in storage is untrusted (another build, a crash mid-write, a user). */
export function decodeRecord(raw: unknown): DecodedRecord {
  if (raw === undefined || raw === null) return { kind: 'missing' }
  if (typeof raw !== 'string') return { kind: 'corrupt', reason: `the stored record is ${withArticle(typeof raw)}, not text` }
  const parsed = parseJson(raw)
  if (!parsed.ok) return { kind: 'corrupt', reason: `the stored record is not valid JSON (${parsed.error})` }
  const value = parsed.value
  if (!isRecord(value) || value.format !== STORED_RECORD_FORMAT) {
    return { kind: 'corrupt', reason: `the stored record is not a ${STORED_RECORD_FORMAT} record` }
  }
  if (!isCount(value.version) || value.version < 1 || !isCount(value.rev)) {
    return { kind: 'corrupt', reason: 'the stored record has no valid version or revision' }
  }
  return decodeState(value.state, value.version, value.rev, typeof value.writerId === 'string' ? value.writerId : null)
}

/**
 * The core release kept the workspace in localStorage through zustand's JSON storage
 * (`{ state, version }`); it is read once when IndexedDB holds nothing yet, and left in place.
 */
export function decodeLegacyRecord(raw: string | null): DecodedRecord {
  if (raw === null) return { kind: 'missing' }
  const parsed = parseJson(raw)
  if (!parsed.ok) return { kind: 'corrupt', reason: `the saved workspace in localStorage is not valid JSON (${parsed.error})` }
  const value = parsed.value
  if (!isRecord(value) || !isCount(value.version)) {
    return { kind: 'corrupt', reason: 'the saved workspace in localStorage has no version' }
  }
  return decodeState(value.state, value.version, 0, null)
}

function decodeState(state: unknown, version: number, rev: number, writerId: string | null): DecodedRecord {
  if (version > STORED_STATE_VERSION) return { kind: 'newer', version, rev, state }
  const migrated = migrateStoredState(state, version)
  if (!migrated.ok) return { kind: 'corrupt', reason: `the stored workspaces failed validation: ${summarize(migrated.errors)}` }
  return { kind: 'ok', version, rev, writerId, state: migrated.value, storedState: state, dropped: migrated.dropped }
}

/** The first few validation errors, for a banner or a backup's reason. */
export function summarize(errors: readonly string[]): string {
  const shown = errors.slice(0, 3).join('; ')
  return errors.length > 3 ? `${shown} (and ${errors.length - 3} more)` : shown
}

/** unsaved: an unsaved-edits journal (journal.ts) that could not be applied. */
export type BackupKind = 'unreadable' | 'conflict' | 'unsaved'

export type BackupInfo = { key: string; kind: BackupKind; createdAt: number }

export type BackupRecord = { kind: BackupKind; createdAt: number; reason: string; raw: string }

/** Backup keys are unique and never reused, so a backup is never overwritten. */
export function createBackupKey(kind: BackupKind, createdAt: number, suffix: string): string {
  return `${BACKUP_KEY_PREFIX}${new Date(createdAt).toISOString()}:${kind}:${suffix}`
}

export function parseBackupKey(key: unknown): BackupInfo | null {
  if (typeof key !== 'string' || !key.startsWith(BACKUP_KEY_PREFIX)) return null
  const match = /^backup:(.+Z):(unreadable|conflict|unsaved):[^:]+$/.exec(key)
  if (!match) return null
  const createdAt = Date.parse(match[1] ?? '')
  if (Number.isNaN(createdAt)) return null
  return { key, kind: match[2] as BackupKind, createdAt }
}

export function isBackupRecord(value: unknown): value is BackupRecord {
  return isRecord(value) && typeof value.raw === 'string' && typeof value.reason === 'string'
}

/** Keeps whatever was stored as text, byte for byte when it was text. */
export function rawToText(raw: unknown): string {
  if (typeof raw === 'string') return raw
  try {
    return JSON.stringify(raw) ?? String(raw)
  } catch {
    return String(raw)
  }
}

/** "an object", "a number": the article goes by the sound of the word, which here is its first letter. */
function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (thrown) {
    return { ok: false, error: thrown instanceof Error ? thrown.message : String(thrown) }
  }
}
