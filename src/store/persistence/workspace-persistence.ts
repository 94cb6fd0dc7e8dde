import { get, keys, set, type UseStore } from 'idb-keyval'
import type { PersistStorage, StorageValue } from 'zustand/middleware'
import type { StoreApi } from 'zustand/vanilla'
import { createId } from '../../lib/create-id.ts'
import { describeError } from '../../lib/describe-error.ts'
import type { WorkspaceState } from '../workspace-state.ts'
import { browserIndexedDb, classifyStorageError, createIdbStore, readModifyWrite, withTimeout } from './idb-store.ts'
import { decodeJournal, journalKey, readJournals, removeJournal, writeJournal } from './journal.ts'
import { validateWorkspace } from '../../workspace/workspace-schema.ts'
import { STORED_STATE_VERSION, validateStoredState } from './persisted-state.ts'
import {
  createPersistenceStatus,
  type PersistenceStatus,
  type RecoveryOutcome,
  type StorageProblem,
} from './persistence-status.ts'
import {
  createBackupKey,
  decodeLegacyRecord,
  decodeRecord,
  encodeRecord,
  isBackupRecord,
  MAIN_RECORD_KEY,
  parseBackupKey,
  rawToText,
  summarize,
  type BackupKind,
  type BackupRecord,
  type DecodedRecord,
} from './stored-record.ts'
import { jsonEqual, mergeThreeWay, type MergeConflict } from './three-way-merge.ts'

export const WRITE_DELAY_MS = 300
/** After a failed write, wait longer before trying again on the next change. */
export const RETRY_AFTER_FAILURE_MS = 5_000
export const READ_TIMEOUT_MS = 8_000
/**
 * The localStorage key the core release persisted to (its zustand persist name, still used as
 * WORKSPACE_STORE_KEY); read once if IndexedDB is empty. Never change it: old data lives there.
 */
export const LEGACY_STORAGE_KEY = 'frameline.workspaces'

export type WorkspacePersistenceOptions = {
  indexedDb?: () => IDBFactory | null
  /** Tests wrap the store to inject failures (quota, aborts). */
  openStore?: (factory: IDBFactory) => UseStore
  dbName?: string
  /** null: no cross-tab channel. */
  channelName?: string | null
  legacyStorage?: () => Storage | null
  /** Where the unsaved-edits journal goes (journal.ts); null: no journal. Default: localStorage. */
  journalStorage?: () => Storage | null
  writeDelayMs?: number
  readTimeoutMs?: number
  now?: () => number
  writerId?: string
}

type PersistedStoreApi = StoreApi<WorkspaceState> & { persist: { rehydrate: () => Promise<void> | void } }

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

/**
 * The storage side of the workspace store: IndexedDB (through idb-keyval) behind zustand
 * `persist`, with the guarantees zustand does not give on its own (see docs/reliability.md §2.8):
 *
 * - Nothing is written until the stored record has been read (no defaults over stored data).
 * - An unreadable record (bad JSON, wrong shape, failed validation) is copied to a backup key
 *   that is never reused; the main key is only replaced after that copy is stored (at startup,
 *   or in the same transaction as the replacing write).
 * - A record written by a newer build puts this tab in read-only mode: never overwritten.
 * - A failed write (quota, abort) keeps the previous record (the transaction is atomic), keeps the
 *   state in memory, and is reported; the next change or Retry tries again.
 * - A page left while a write is pending (a reload within the write delay, a closed tab) writes
 *   its state synchronously to a localStorage journal first (journal.ts); the next load applies
 *   it by the two-tab rules below, writes it to IndexedDB, then deletes it.
 *
 * Two tabs: every write bumps `rev` in the record and is announced on a BroadcastChannel. The
 * rule that keeps one tab from overwriting another's newer edit:
 * - Before writing, a tab re-reads the record inside the write transaction. If `rev` is still the
 *   one it last read, it writes its state. If another tab advanced it, it merges three ways by
 *   entity (base = what it last read, local = its state, remote = what is stored): entities this
 *   tab did not change since take the other tab's version, entities only this tab changed keep
 *   this tab's. The same field changed in both is a conflict: this tab's value is written, the
 *   other tab's whole state is kept as a backup record and the banner says so. Never a silent
 *   last-writer-wins.
 * - On an announcement (or when the page becomes visible again) a tab with no unsaved changes
 *   adopts the stored state; one with unsaved changes merges the same way and writes later.
 * - Which workspace and connection are selected stays per tab; a write records the writer's.
 */
export function createWorkspacePersistence(options: WorkspacePersistenceOptions = {}): WorkspacePersistence {
  const status = createPersistenceStatus()
  const writerId = options.writerId ?? createId('tab_')
  const writeDelayMs = options.writeDelayMs ?? WRITE_DELAY_MS
  const readTimeoutMs = options.readTimeoutMs ?? READ_TIMEOUT_MS
  const now = options.now ?? Date.now
  const channelName = options.channelName === undefined ? 'frameline.workspaces' : options.channelName

  let idb: UseStore | null = null
  let api: PersistedStoreApi | null = null
  let partialize: (state: WorkspaceState) => WorkspaceState = (state) => state
  let hydrated = false
  let writeBlock: 'none' | 'unavailable' | 'newer-version' | 'backup-failed' = 'none'
  let baseRev = 0
  let baseState: WorkspaceState | undefined
  let dirty = false
  let lastWriteFailed = false
  /** The unreadable main record, as text, once it is safely backed up (it may then be replaced). */
  let quarantinedText: string | null = null
  /**
   * The record text this tab last read or wrote. If storage still holds exactly this, nobody else
   * wrote since, and the whole parse + validation of the stored state can be skipped: writes come
   * every few hundred milliseconds while the user types, and a workspace can hold megabytes.
   */
  let lastSeenText: string | null = null
  let pendingQuarantine: { raw: unknown; reason: string; outcome: RecoveryOutcome } | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let queue: Promise<void> = Promise.resolve()
  let suppressWrites = false
  let channel: BroadcastChannel | null = null
  const disposers: (() => void)[] = []
  /** A write transaction has started and not yet finished. */
  let writing = false
  const ownJournalKey = journalKey(writerId)
  /** This tab's journal is in storage. `journalGeneration` goes up with every journal written. */
  let ownJournal = false
  let journalGeneration = 0
  /** Journals of earlier pages applied at startup: deleted once their state is in IndexedDB. */
  const consumedJournals: string[] = []

  const setStatus = (patch: Partial<PersistenceStatus>) => status.setState(patch)

  /** Storage operations run one at a time, so a read never interleaves with a write. */
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task).catch((thrown: unknown) => {
      setStatus({ problem: { kind: 'write-failed', detail: describeError(thrown) } })
    })
    queue = run
    return run
  }

  function openIdb(): UseStore | null {
    if (idb) return idb
    const factory = (options.indexedDb ?? browserIndexedDb)()
    if (!factory) return null
    try {
      idb = (options.openStore ?? ((f) => createIdbStore(f, options.dbName ?? 'frameline', 'kv')))(factory)
    } catch {
      idb = null
    }
    return idb
  }

  function setProblem(problem: StorageProblem | null) {
    setStatus({ problem })
  }

  function markUnavailable(detail: string) {
    writeBlock = 'unavailable'
    idb = null
    clearTimer()
    setProblem({ kind: 'unavailable', detail })
  }

  function blockNewer(storedVersion: number) {
    writeBlock = 'newer-version'
    clearTimer()
    setProblem({
      kind: 'newer-version',
      storedVersion,
      detail: `The saved workspaces were written by a newer version of Frameline (storage version ${storedVersion}; this one understands ${STORED_STATE_VERSION}).`,
    })
  }

  function clearTimer() {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  function scheduleWrite() {
    if (timer !== undefined || writeBlock !== 'none') return
    timer = setTimeout(
      () => {
        timer = undefined
        void flush()
      },
      lastWriteFailed ? Math.max(writeDelayMs, RETRY_AFTER_FAILURE_MS) : writeDelayMs,
    )
  }

  function journalStorage(): Storage | null {
    try {
      return (options.journalStorage ?? (() => globalThis.localStorage ?? null))()
    } catch {
      return null // Reading `localStorage` itself throws SecurityError where storage is blocked.
    }
  }

  function writeJournalNow(): boolean {
    if (!api || !hydrated || writeBlock !== 'none' || (!dirty && !writing)) return false
    const state = partialize(api.getState())
    // What the next load would refuse is not journaled either; the banner already says why.
    if (findUnstorable(state)) return false
    const written = writeJournal(journalStorage(), ownJournalKey, { writerId, baseRev, savedAt: now(), state }, baseState)
    if (written) {
      ownJournal = true
      journalGeneration += 1
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
  async function applyJournals(stored: { rev: number; writerId: string | null; state: WorkspaceState | undefined }) {
    let current: WorkspaceState | undefined
    for (const { key, raw } of readJournals(journalStorage())) {
      const decoded = decodeJournal(raw)
      if (decoded.kind === 'newer') continue // A newer build's journal: left for it.
      if (decoded.kind === 'corrupt') {
        await keepJournalBackup(key, raw, decoded.reason)
        continue
      }
      const journal = decoded.journal
      if (journal.writerId === stored.writerId && stored.rev > journal.baseRev + 1) {
        consumedJournals.push(key)
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
        if (merged.conflicts.length > 0) await keepConflictBackup(remote, merged.conflicts)
        current = merged.state
      } else {
        await keepJournalBackup(key, raw, 'another tab saved changes in the meantime, and these edits could not be merged with them')
        continue
      }
      consumedJournals.push(key)
    }
    return current
  }

  async function keepJournalBackup(key: string, raw: string, reason: string) {
    try {
      const backupKey = await writeBackup('unsaved', raw, `Unsaved edits from before a reload: ${reason}`)
      removeJournal(journalStorage(), key)
      setStatus({ journal: { reason, backupKey } })
    } catch {
      // The journal stays in localStorage for a later load; nothing is lost.
      setStatus({ journal: { reason, backupKey: null } })
    }
  }

  function readLegacy(): string | null {
    try {
      const storage = (options.legacyStorage ?? (() => globalThis.localStorage ?? null))()
      return storage?.getItem(LEGACY_STORAGE_KEY) ?? null
    } catch {
      return null
    }
  }

  async function writeBackup(kind: BackupKind, raw: unknown, reason: string): Promise<string> {
    const store = openIdb()
    if (!store) throw new DOMException('IndexedDB is not available', 'InvalidStateError')
    const createdAt = now()
    const key = createBackupKey(kind, createdAt, createId())
    const record: BackupRecord = { kind, createdAt, reason, raw: rawToText(raw) }
    await set(key, record, store)
    return key
  }

  async function refreshBackups() {
    const store = openIdb()
    if (!store) return
    try {
      const found = (await keys(store)).map(parseBackupKey).filter((info) => info !== null)
      setStatus({ backups: found.sort((a, b) => b.createdAt - a.createdAt) })
    } catch {
      // Listing backups is a courtesy; failing to list loses nothing.
    }
  }

  /** Merges workspaces and preferences by entity; the selection is this tab's own. */
  function mergeStates(base: WorkspaceState | undefined, local: WorkspaceState, remote: WorkspaceState) {
    const data = (state: WorkspaceState) => ({ workspaces: state.workspaces, preferences: state.preferences })
    const merged = mergeThreeWay(base && data(base), data(local), data(remote))
    return { state: withSelectionOf(local, { ...remote, ...merged.value }), conflicts: merged.conflicts }
  }

  function applyToMemory(next: WorkspaceState) {
    if (!api) return
    suppressWrites = true
    try {
      api.setState(next)
    } finally {
      suppressWrites = false
    }
  }

  async function keepConflictBackup(remote: WorkspaceState, conflicts: MergeConflict[]): Promise<string | null> {
    const paths = conflicts.map((c) => c.path)
    try {
      const key = await writeBackup('conflict', JSON.stringify(remote, null, 2), `Changed in two tabs at once: ${paths.join(', ')}`)
      await refreshBackups()
      setStatus({ conflict: { paths, backupKey: key } })
      return key
    } catch {
      setStatus({ conflict: { paths, backupKey: null } })
      return null
    }
  }

  async function quarantineAtStartup(raw: unknown, reason: string, fromMainKey: boolean, outcome: RecoveryOutcome) {
    try {
      const key = await writeBackup('unreadable', raw, reason)
      if (fromMainKey) quarantinedText = rawToText(raw)
      setStatus({ recovered: { reason, backupKey: key, outcome } })
    } catch (thrown) {
      if (!fromMainKey) {
        // The core release's localStorage copy is never written by this version: it stays as is.
        setStatus({ recovered: { reason, backupKey: null, outcome } })
        return
      }
      writeBlock = 'backup-failed'
      pendingQuarantine = { raw, reason, outcome }
      setStatus({ recovered: { reason, backupKey: null, outcome } })
      setProblem({
        kind: 'backup-failed',
        detail: `The saved workspaces could not be read (${reason}), and keeping a backup of them failed (${describeError(thrown)}). They are left untouched in storage.`,
      })
    }
  }

  async function loadInitial(): Promise<StorageValue<WorkspaceState> | null> {
    const store = openIdb()
    let decoded: DecodedRecord
    let raw: unknown
    let fromMainKey = true
    if (!store) {
      markUnavailable('This browser does not let the page use IndexedDB (a private window, or site storage is blocked).')
    } else {
      try {
        raw = await withTimeout(get(MAIN_RECORD_KEY, store), readTimeoutMs, 'Browser storage (IndexedDB)')
      } catch (thrown) {
        markUnavailable(`Browser storage could not be opened: ${describeError(thrown)}.`)
      }
    }
    if (writeBlock === 'unavailable') {
      // Still show the core release's localStorage copy if there is one; it is never written.
      const legacy = decodeLegacyRecord(readLegacy())
      return legacy.kind === 'ok' ? toStorageValue(legacy) : null
    }
    decoded = decodeRecord(raw)
    if (decoded.kind === 'missing') {
      raw = readLegacy()
      decoded = decodeLegacyRecord(raw as string | null)
      fromMainKey = false
    }
    const journaled =
      decoded.kind === 'newer'
        ? undefined
        : await applyJournals({
            rev: decoded.kind === 'ok' && fromMainKey ? decoded.rev : 0,
            writerId: decoded.kind === 'ok' ? decoded.writerId : null,
            state: decoded.kind === 'ok' ? decoded.state : undefined,
          })
    await refreshBackups()
    switch (decoded.kind) {
      case 'missing':
        return journaled ? { state: journaled, version: STORED_STATE_VERSION } : null
      case 'corrupt':
        await quarantineAtStartup(raw, decoded.reason, fromMainKey, journaled ? 'journal' : 'fresh')
        await refreshBackups()
        return journaled ? { state: journaled, version: STORED_STATE_VERSION } : null
      case 'newer': {
        baseRev = decoded.rev
        blockNewer(decoded.version)
        // Show the newer data if it happens to fit this version's schema; either way, read-only.
        const readable = validateStoredState(decoded.state)
        return readable.ok ? { state: readable.value, version: STORED_STATE_VERSION } : null
      }
      case 'ok':
        baseRev = fromMainKey ? decoded.rev : 0
        baseState = decoded.state
        if (fromMainKey && typeof raw === 'string' && decoded.dropped.length === 0) lastSeenText = raw
        if (decoded.dropped.length > 0) {
          await quarantineAtStartup(raw, droppedReason(decoded.dropped), fromMainKey, 'partial')
          await refreshBackups()
        }
        return journaled ? { state: journaled, version: STORED_STATE_VERSION } : toStorageValue(decoded)
    }
  }

  /** An older stored version goes to zustand as stored, so `persist` runs `migrate` and writes once. */
  function toStorageValue(decoded: Extract<DecodedRecord, { kind: 'ok' }>): StorageValue<WorkspaceState> {
    return decoded.version === STORED_STATE_VERSION
      ? { state: decoded.state, version: STORED_STATE_VERSION }
      : { state: decoded.storedState as WorkspaceState, version: decoded.version }
  }

  function decideWrite(raw: unknown, snapshot: WorkspaceState, base: WorkspaceState | undefined) {
    const puts: [string, unknown][] = []
    let written = snapshot
    let conflicts: MergeConflict[] = []
    let conflictBackupKey: string | null = null
    let quarantine: WriteOutcome['quarantine'] = null
    let rev = baseRev + 1
    const backup = (kind: BackupKind, content: unknown, reason: string) => {
      const createdAt = now()
      const key = createBackupKey(kind, createdAt, createId())
      puts.push([key, { kind, createdAt, reason, raw: rawToText(content) } satisfies BackupRecord])
      return key
    }
    // Still exactly what this tab last read or wrote: nobody else wrote since.
    const unchanged = lastSeenText !== null && raw === lastSeenText
    if (!unchanged) {
      const decoded = decodeRecord(raw)
      switch (decoded.kind) {
        case 'newer':
          throw new NewerVersionStored(decoded.version)
        case 'missing':
          // Someone cleared site data after we read it: this tab's copy is all there is; restore it.
          break
        case 'corrupt':
          if (rawToText(raw) !== quarantinedText) {
            quarantine = { key: backup('unreadable', raw, decoded.reason), reason: decoded.reason }
          }
          break
        case 'ok':
          rev = Math.max(decoded.rev, baseRev) + 1
          if (decoded.dropped.length > 0 && rawToText(raw) !== quarantinedText) {
            const reason = droppedReason(decoded.dropped)
            quarantine = { key: backup('unreadable', raw, reason), reason }
          }
          if (decoded.rev !== baseRev) {
            const merged = mergeStates(base, snapshot, decoded.state)
            written = merged.state
            conflicts = merged.conflicts
            if (conflicts.length > 0) {
              const paths = conflicts.map((c) => c.path).join(', ')
              conflictBackupKey = backup('conflict', JSON.stringify(decoded.state, null, 2), `Changed in two tabs at once: ${paths}`)
            }
          }
          break
      }
    }
    const record = encodeRecord({ version: STORED_STATE_VERSION, rev, writerId, savedAt: now(), state: written })
    puts.push([MAIN_RECORD_KEY, record])
    const result: WriteOutcome = { rev, written, conflicts, conflictBackupKey, quarantine, record }
    return { puts, result }
  }

  async function writeNow() {
    clearTimer()
    if (!dirty || writeBlock !== 'none' || !api || !hydrated) return
    const store = openIdb()
    if (!store) {
      markUnavailable('Browser storage is not available.')
      return
    }
    const snapshot = partialize(api.getState())
    const unstorable = findUnstorable(snapshot)
    if (unstorable) {
      // Writing what the next load would refuse would turn a save into a quarantine; keep the
      // last good copy and say which field is at fault.
      setProblem({ kind: 'invalid', detail: unstorable })
      return
    }
    const base = baseState
    const journalCovered = journalGeneration
    dirty = false
    writing = true
    let outcome: WriteOutcome
    try {
      outcome = await readModifyWrite(store, MAIN_RECORD_KEY, (raw) => decideWrite(raw, snapshot, base))
    } catch (thrown) {
      writing = false
      dirty = true
      if (thrown instanceof NewerVersionStored) {
        blockNewer(thrown.storedVersion)
        return
      }
      lastWriteFailed = true
      reportWriteFailure(thrown)
      scheduleWrite()
      return
    }
    writing = false
    lastWriteFailed = false
    baseRev = outcome.rev
    baseState = outcome.written
    lastSeenText = outcome.record
    // A journal written before this snapshot holds nothing this write did not store; one written
    // while the write was in flight may hold later edits, and stays until a write covers it.
    if (ownJournal && journalGeneration === journalCovered) {
      removeJournal(journalStorage(), ownJournalKey)
      ownJournal = false
    }
    for (const key of consumedJournals.splice(0)) removeJournal(journalStorage(), key)
    quarantinedText = null
    pendingQuarantine = null
    const problem = status.getState().problem
    setStatus({
      problem: problem && problem.kind !== 'newer-version' ? null : problem,
      hasUnsavedChanges: dirty,
      lastSavedAt: now(),
      ...(outcome.quarantine ? { recovered: { reason: outcome.quarantine.reason, backupKey: outcome.quarantine.key, outcome: 'replaced' as const } } : {}),
      ...(outcome.conflicts.length > 0
        ? { conflict: { paths: outcome.conflicts.map((c) => c.path), backupKey: outcome.conflictBackupKey } }
        : {}),
    })
    if (outcome.quarantine || outcome.conflictBackupKey) await refreshBackups()
    channel?.postMessage({ type: 'saved', rev: outcome.rev, writerId })
    if (outcome.written !== snapshot) {
      // Another tab's changes were merged in; bring them into memory without losing edits made
      // while the write was in flight (those count as this tab's changes since `snapshot`).
      const current = partialize(api.getState())
      const next = jsonEqual(current, snapshot) ? withSelectionOf(current, outcome.written) : mergeStates(snapshot, current, outcome.written).state
      applyToMemory(next)
    }
  }

  /** Workspaces already checked; the store replaces a workspace object whenever it changes. */
  const checked = new WeakSet<object>()
  function findUnstorable(state: WorkspaceState): string | null {
    const ids = new Set<string>()
    for (const workspace of state.workspaces) {
      if (ids.has(workspace.id)) return `Two workspaces share the id "${workspace.id}".`
      ids.add(workspace.id)
      if (checked.has(workspace)) continue
      const result = validateWorkspace(workspace)
      if (!result.ok) return `Workspace "${workspace.name}": ${summarize(result.errors)}.`
      checked.add(workspace)
    }
    return null
  }

  function reportWriteFailure(thrown: unknown) {
    const kind = classifyStorageError(thrown)
    const detail = describeError(thrown)
    if (kind === 'quota') setProblem({ kind: 'quota', detail: `Browser storage is full (${detail}).` })
    else if (kind === 'unavailable') markUnavailable(`Browser storage stopped working (${detail}).`)
    else setProblem({ kind: 'write-failed', detail: `Saving failed (${detail}).` })
  }

  async function readNow() {
    if (!api || !hydrated) return
    const store = openIdb()
    if (!store) return
    let raw: unknown
    try {
      raw = await get(MAIN_RECORD_KEY, store)
    } catch {
      return // A failed read loses nothing; the next write reports a real problem.
    }
    if (lastSeenText !== null && raw === lastSeenText) return
    const decoded = decodeRecord(raw)
    if (decoded.kind === 'newer') {
      blockNewer(decoded.version)
      return
    }
    if (decoded.kind !== 'ok' || decoded.rev === baseRev) return
    const current = partialize(api.getState())
    let next: WorkspaceState
    if (dirty) {
      const merged = mergeStates(baseState, current, decoded.state)
      next = merged.state
      if (merged.conflicts.length > 0) await keepConflictBackup(decoded.state, merged.conflicts)
    } else {
      next = withSelectionOf(current, decoded.state)
    }
    baseRev = decoded.rev
    baseState = decoded.state
    lastSeenText = typeof raw === 'string' ? raw : null
    applyToMemory(next)
    if (dirty) scheduleWrite()
  }

  function flush(): Promise<void> {
    clearTimer()
    return enqueue(writeNow)
  }

  function retry(): Promise<void> {
    return enqueue(async () => {
      if (!hydrated) return
      if (writeBlock === 'newer-version') {
        await readNow()
        return
      }
      if (writeBlock === 'unavailable' || !idb) {
        idb = null
        const store = openIdb()
        if (!store) {
          markUnavailable('This browser still does not let the page use IndexedDB.')
          return
        }
        try {
          await withTimeout(get(MAIN_RECORD_KEY, store), readTimeoutMs, 'Browser storage (IndexedDB)')
        } catch (thrown) {
          markUnavailable(`Browser storage still cannot be opened: ${describeError(thrown)}.`)
          return
        }
      }
      writeBlock = 'none'
      setProblem(null)
      if (pendingQuarantine) {
        const { raw, reason, outcome } = pendingQuarantine
        pendingQuarantine = null
        await quarantineAtStartup(raw, reason, true, outcome)
        if (writeBlock !== 'none') return
      }
      await refreshBackups()
      await readNow()
      lastWriteFailed = false
      await writeNow()
    })
  }

  const storage: PersistStorage<WorkspaceState> = {
    getItem: async () => {
      setStatus({ phase: 'loading' })
      try {
        return await loadInitial()
      } catch (thrown) {
        markUnavailable(`Reading browser storage failed: ${describeError(thrown)}.`)
        return null
      } finally {
        hydrated = true
        setStatus({ hasUnsavedChanges: false })
      }
    },
    setItem: () => {
      // zustand calls this synchronously from every set(); it must never throw, and it must not
      // write before the stored record has been read.
      if (suppressWrites || !hydrated) return
      dirty = true
      if (!status.getState().hasUnsavedChanges) setStatus({ hasUnsavedChanges: true })
      scheduleWrite()
    },
    // persist.clearStorage() would delete the user's workspaces; nothing in the app may do that.
    removeItem: () => undefined,
  }

  async function start() {
    if (!api) throw new Error('attach() the workspace store before start()')
    try {
      await api.persist.rehydrate()
    } catch (thrown) {
      // `migrate` validated data that loadInitial had already checked; this is a safety net.
      markUnavailable(`Loading the saved workspaces failed: ${describeError(thrown)}.`)
    }
    hydrated = true
    setStatus({ phase: 'ready' })
    if (consumedJournals.length > 0 && writeBlock === 'none') {
      // The state came (partly) from journals: store it now, then the journals can go.
      dirty = true
      setStatus({ hasUnsavedChanges: true })
      void flush()
    }
    if (channelName && typeof BroadcastChannel === 'function') {
      channel = new BroadcastChannel(channelName)
      channel.onmessage = (event: MessageEvent<unknown>) => {
        const message = event.data
        if (isSavedMessage(message) && message.writerId !== writerId && message.rev !== baseRev) void enqueue(readNow)
      }
      disposers.push(() => channel?.close())
    }
    if (typeof document !== 'undefined' && typeof window !== 'undefined') {
      // Debounced writes must not be lost when the tab is closed or backgrounded (mobile kills
      // hidden tabs without unload); a tab coming back catches up on what others stored.
      // The journal is written first and synchronously: the flush's transaction may not commit
      // before the page is gone (a reload within the write delay lost the last edit without it).
      const onVisibility = () => {
        if (document.visibilityState !== 'hidden') return void enqueue(readNow)
        writeJournalNow()
        void flush()
      }
      const onPageHide = () => {
        writeJournalNow()
        void flush()
      }
      document.addEventListener('visibilitychange', onVisibility)
      window.addEventListener('pagehide', onPageHide)
      disposers.push(() => {
        document.removeEventListener('visibilitychange', onVisibility)
        window.removeEventListener('pagehide', onPageHide)
      })
    }
  }

  return {
    storage,
    status,
    attach: (store, pick) => {
      api = store
      partialize = pick
    },
    start,
    flush,
    writeJournalNow,
    retry,
    readBackup: async (key) => {
      const store = openIdb()
      if (!store) return null
      const value: unknown = await get(key, store)
      if (value === undefined) return null
      return isBackupRecord(value) ? value.raw : rawToText(value)
    },
    dismissNotices: () => setStatus({ recovered: null, conflict: null, journal: null }),
    dispose: () => {
      clearTimer()
      for (const dispose of disposers.splice(0)) dispose()
      channel = null
    },
  }
}

function droppedReason(dropped: readonly string[]): string {
  return `some saved workspaces could not be read and were left out: ${summarize(dropped)}`
}

/** Keeps this tab's selection where it still exists in `next`. */
function withSelectionOf(local: WorkspaceState, next: WorkspaceState): WorkspaceState {
  const hasWorkspace = next.workspaces.some((w) => w.id === local.currentWorkspaceId)
  const currentWorkspaceId = hasWorkspace ? local.currentWorkspaceId : (next.workspaces[0]?.id ?? next.currentWorkspaceId)
  const selected = local.selectedConnectionId
  const hasConnection = selected != null && next.workspaces.some((w) => w.connections.some((c) => c.id === selected))
  return { ...next, currentWorkspaceId, selectedConnectionId: hasConnection ? selected : null }
}

function isSavedMessage(value: unknown): value is { type: 'saved'; rev: number; writerId: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'saved' &&
    typeof (value as { rev?: unknown }).rev === 'number' &&
    typeof (value as { writerId?: unknown }).writerId === 'string'
  )
}
