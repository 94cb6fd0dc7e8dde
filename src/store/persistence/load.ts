import { get } from 'idb-keyval'
import type { StorageValue } from 'zustand/middleware'
import { describeError } from '../../lib/describe-error.ts'
import type { WorkspaceState } from '../workspace-state.ts'
import { refreshBackups } from './backups.ts'
import { openIdb, readLegacy } from './browser-storage.ts'
import { withTimeout } from './idb-store.ts'
import { applyJournals } from './journal-recovery.ts'
import { STORED_STATE_VERSION, validateStoredState } from './persisted-state.ts'
import { blockNewer, markUnavailable, type PersistenceState } from './persistence-state.ts'
import { droppedReason, quarantineAndList } from './quarantine.ts'
import { decodeLegacyRecord, decodeRecord, MAIN_RECORD_KEY, type DecodedRecord } from './stored-record.ts'

/**
 * The load phase: what the adapter's getItem hands to zustand `persist` at hydration. Reads the
 * main record (with a timeout: storage that never answers must not leave the app on "Loading"),
 * falls back to the core release's localStorage copy when IndexedDB holds nothing, applies the
 * journals earlier pages left, and quarantines what cannot be read. Returns null to keep the
 * first-run state. Sets the tab's base (what it read), and read-only mode on a newer record.
 */
export async function loadStoredState(s: PersistenceState): Promise<StorageValue<WorkspaceState> | null> {
  const store = openIdb(s)
  let decoded: DecodedRecord
  let raw: unknown
  let fromMainKey = true
  if (!store) {
    markUnavailable(s, 'This browser does not let the page use IndexedDB (a private window, or site storage is blocked).')
  } else {
    try {
      raw = await withTimeout(get(MAIN_RECORD_KEY, store), s.config.readTimeoutMs, 'Browser storage (IndexedDB)')
    } catch (thrown) {
      markUnavailable(s, `Browser storage could not be opened: ${describeError(thrown)}.`)
    }
  }
  if (s.writeBlock === 'unavailable') {
    // Still show the core release's localStorage copy if there is one; it is never written.
    const legacy = decodeLegacyRecord(readLegacy(s))
    return legacy.kind === 'ok' ? toStorageValue(legacy) : null
  }
  decoded = decodeRecord(raw)
  if (decoded.kind === 'missing') {
    raw = readLegacy(s)
    decoded = decodeLegacyRecord(raw as string | null)
    fromMainKey = false
  }
  const journaled =
    decoded.kind === 'newer'
      ? undefined
      : await applyJournals(s, {
          rev: decoded.kind === 'ok' && fromMainKey ? decoded.rev : 0,
          writerId: decoded.kind === 'ok' ? decoded.writerId : null,
          state: decoded.kind === 'ok' ? decoded.state : undefined,
        })
  await refreshBackups(s)
  switch (decoded.kind) {
    case 'missing':
      if (journaled) return { state: journaled, version: STORED_STATE_VERSION }
      startFromFirstRun(s)
      return null
    case 'corrupt':
      await quarantineAndList(s, raw, decoded.reason, fromMainKey, journaled ? 'journal' : 'fresh')
      if (journaled) return { state: journaled, version: STORED_STATE_VERSION }
      startFromFirstRun(s)
      return null
    case 'newer': {
      s.base.rev = decoded.rev
      blockNewer(s, decoded.version)
      // Show the newer data if it happens to fit this version's schema; either way, read-only.
      const readable = validateStoredState(decoded.state)
      return readable.ok ? { state: readable.value, version: STORED_STATE_VERSION } : null
    }
    case 'ok':
      s.base.rev = fromMainKey ? decoded.rev : 0
      s.base.state = decoded.state
      if (fromMainKey && typeof raw === 'string' && decoded.dropped.length === 0) s.base.text = raw
      if (decoded.dropped.length > 0) await quarantineAndList(s, raw, droppedReason(decoded.dropped), fromMainKey, 'partial')
      return journaled ? { state: journaled, version: STORED_STATE_VERSION } : toStorageValue(decoded)
  }
}

/**
 * Nothing readable was stored: the tab keeps the store's first-run state, and that state is its
 * base. It is the same in every tab (fixed ids, workspace-store.ts), so when another brand-new tab
 * stores its edits first, the three-way merge sees exactly what each tab changed and keeps both.
 * With no base every field the two tabs differ in would be a conflict, and one tab's edits would
 * end up only in a backup.
 */
function startFromFirstRun(s: PersistenceState): void {
  if (s.api) s.base.state = s.partialize(s.api.getInitialState())
}

/** An older stored version goes to zustand as stored, so `persist` runs `migrate` and writes once. */
function toStorageValue(decoded: Extract<DecodedRecord, { kind: 'ok' }>): StorageValue<WorkspaceState> {
  return decoded.version === STORED_STATE_VERSION
    ? { state: decoded.state, version: STORED_STATE_VERSION }
    : { state: decoded.storedState as WorkspaceState, version: decoded.version }
}
