import type { UseStore } from 'idb-keyval'
import type { StoreApi } from 'zustand/vanilla'
import { createId } from '../../lib/create-id.ts'
import { describeError } from '../../lib/describe-error.ts'
import type { WorkspaceState } from '../workspace-state.ts'
import { journalKey } from './journal.ts'
import { STORED_STATE_VERSION } from './persisted-state.ts'
import {
  createPersistenceStatus,
  type PersistenceStatus,
  type RecoveryOutcome,
  type StorageProblem,
} from './persistence-status.ts'

/**
 * The one record every phase of workspace persistence (load, write, tab sync, journal, quarantine,
 * retry) reads and changes. It is passed to each phase explicitly: no phase keeps state of its own,
 * so what a phase may change is visible in its signature, and a test can inspect it.
 */

export const WRITE_DELAY_MS = 300
/** After a failed write, wait longer before trying again on the next change. */
export const RETRY_AFTER_FAILURE_MS = 5_000
export const READ_TIMEOUT_MS = 8_000

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

export type PersistedStoreApi = StoreApi<WorkspaceState> & { persist: { rehydrate: () => Promise<void> | void } }

/**
 * Why this tab may not write. unavailable: no IndexedDB (retry reopens it); newer-version: a newer
 * build owns the stored data (read-only until a reload); backup-failed: an unreadable record could
 * not be backed up, so it must not be replaced (retry backs it up first).
 */
export type WriteBlock = 'none' | 'unavailable' | 'newer-version' | 'backup-failed'

export type PendingQuarantine = { raw: unknown; reason: string; outcome: RecoveryOutcome }

export type PersistenceState = {
  /** The options, resolved once. */
  readonly config: {
    readonly writerId: string
    readonly writeDelayMs: number
    readonly readTimeoutMs: number
    readonly now: () => number
    readonly channelName: string | null
    readonly options: WorkspacePersistenceOptions
  }
  readonly status: StoreApi<PersistenceStatus>

  /** The zustand store being persisted, and what of its state is stored (attach()). */
  api: PersistedStoreApi | null
  partialize: (state: WorkspaceState) => WorkspaceState
  /** The stored record has been read. Nothing is written before (no defaults over stored data). */
  hydrated: boolean
  /** Set while persistence itself puts state into the store, so setItem does not count it as an edit. */
  suppressWrites: boolean

  /** The open IndexedDB store; null until opened, and again after storage stopped working. */
  idb: UseStore | null
  writeBlock: WriteBlock

  /** What this tab last read from or wrote to IndexedDB: the base of every three-way merge. */
  base: {
    rev: number
    state: WorkspaceState | undefined
    /**
     * The record text this tab last read or wrote. If storage still holds exactly this, nobody else
     * wrote since, and the whole parse + validation of the stored state can be skipped: writes come
     * every few hundred milliseconds while the user types, and a workspace can hold megabytes.
     */
    text: string | null
  }

  write: {
    /** The state changed since the last write began. */
    dirty: boolean
    /** A write transaction has started and not yet finished. */
    inFlight: boolean
    lastFailed: boolean
    timer: ReturnType<typeof setTimeout> | undefined
    /** Storage operations run one at a time, so a read never interleaves with a write. */
    queue: Promise<void>
    /** Workspaces already validated; the store replaces a workspace object whenever it changes. */
    readonly checked: WeakSet<object>
  }

  quarantine: {
    /** The unreadable main record, as text, once it is safely backed up (it may then be replaced). */
    text: string | null
    /** An unreadable record whose backup failed; Retry backs it up before anything is written. */
    pending: PendingQuarantine | null
  }

  journal: {
    /** This tab's key in the journal storage. */
    readonly key: string
    /** This tab's journal is in storage. */
    written: boolean
    /** Goes up with every journal written, so a write can tell whether it covers the latest one. */
    generation: number
    /** Journals of earlier pages applied at startup: deleted once their state is in IndexedDB. */
    consumed: string[]
  }

  tabs: {
    channel: BroadcastChannel | null
    readonly disposers: (() => void)[]
  }
}

export function createPersistenceState(options: WorkspacePersistenceOptions): PersistenceState {
  const writerId = options.writerId ?? createId('tab_')
  return {
    config: {
      writerId,
      writeDelayMs: options.writeDelayMs ?? WRITE_DELAY_MS,
      readTimeoutMs: options.readTimeoutMs ?? READ_TIMEOUT_MS,
      now: options.now ?? Date.now,
      channelName: options.channelName === undefined ? 'frameline.workspaces' : options.channelName,
      options,
    },
    status: createPersistenceStatus(),
    api: null,
    partialize: (state) => state,
    hydrated: false,
    suppressWrites: false,
    idb: null,
    writeBlock: 'none',
    base: { rev: 0, state: undefined, text: null },
    write: { dirty: false, inFlight: false, lastFailed: false, timer: undefined, queue: Promise.resolve(), checked: new WeakSet() },
    quarantine: { text: null, pending: null },
    journal: { key: journalKey(writerId), written: false, generation: 0, consumed: [] },
    tabs: { channel: null, disposers: [] },
  }
}

export function setStatus(s: PersistenceState, patch: Partial<PersistenceStatus>): void {
  s.status.setState(patch)
}

export function setProblem(s: PersistenceState, problem: StorageProblem | null): void {
  setStatus(s, { problem })
}

/** Runs storage operations one at a time, so a read never interleaves with a write. */
export function enqueue(s: PersistenceState, task: () => Promise<void>): Promise<void> {
  const run = s.write.queue.then(task).catch((thrown: unknown) => {
    setProblem(s, { kind: 'write-failed', detail: describeError(thrown) })
  })
  s.write.queue = run
  return run
}

export function clearWriteTimer(s: PersistenceState): void {
  if (s.write.timer !== undefined) clearTimeout(s.write.timer)
  s.write.timer = undefined
}

export function markUnavailable(s: PersistenceState, detail: string): void {
  s.writeBlock = 'unavailable'
  s.idb = null
  clearWriteTimer(s)
  setProblem(s, { kind: 'unavailable', detail })
}

export function blockNewer(s: PersistenceState, storedVersion: number): void {
  s.writeBlock = 'newer-version'
  clearWriteTimer(s)
  setProblem(s, {
    kind: 'newer-version',
    storedVersion,
    detail: `The saved workspaces were written by a newer version of Frameline (storage version ${storedVersion}; this one understands ${STORED_STATE_VERSION}).`,
  })
}

/** Puts state read from storage (or merged with it) into the store without scheduling a write. */
export function applyToMemory(s: PersistenceState, next: WorkspaceState): void {
  if (!s.api) return
  s.suppressWrites = true
  try {
    s.api.setState(next)
  } finally {
    s.suppressWrites = false
  }
}
