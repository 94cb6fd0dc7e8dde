import { del, entries, get, set, type UseStore } from 'idb-keyval'
import { browserIndexedDb, classifyStorageError, createIdbStore, type StorageFailureKind } from './idb-store.ts'

/**
 * Recordings kept across reloads: each as the NDJSON timeline file Frameline exports (the same
 * bytes a user could download), with the facts the recordings panel shows. A database of its own,
 * so a large recording can never get in the way of saving the workspace itself.
 */

export type StoredRecording = {
  key: string
  name: string
  url: string
  transport: string
  fileName: string
  format: string
  frames: number
  warnings: string[]
  workspaceId: string | null
  savedAt: number
  /** The NDJSON timeline. ArrayBuffer, not Blob: every IndexedDB (and fake-indexeddb in tests) clones it. */
  bytes: ArrayBuffer
}

export type SaveOutcome = { ok: true } | { ok: false; kind: StorageFailureKind; message: string }

export type RecordingStorage = {
  save(recording: StoredRecording): Promise<SaveOutcome>
  remove(key: string): Promise<void>
  list(): Promise<StoredRecording[]>
  /** Bytes held now, for the budget. */
  usage(): Promise<number>
}

const DB_NAME = 'frameline-recordings'
const STORE_NAME = 'recordings'

/** Realm-independent: a buffer cloned by IndexedDB may come from another global (a test's jsdom). */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]'
}

function isStoredRecording(value: unknown): value is StoredRecording {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.key === 'string' && typeof record.name === 'string' && typeof record.frames === 'number' && isArrayBuffer(record.bytes) && Array.isArray(record.warnings)
}

export function createRecordingStorage(factory: IDBFactory | null = browserIndexedDb()): RecordingStorage | null {
  if (!factory) return null
  const store: UseStore = createIdbStore(factory, DB_NAME, STORE_NAME)
  const list = async (): Promise<StoredRecording[]> => {
    const all = await entries(store)
    // A damaged entry is skipped, never fatal: the others still come back.
    return all.map(([, value]) => value).filter(isStoredRecording).sort((a, b) => a.savedAt - b.savedAt)
  }
  return {
    async save(recording) {
      try {
        await set(recording.key, recording, store)
        return { ok: true }
      } catch (error) {
        const kind = classifyStorageError(error)
        return { ok: false, kind, message: kind === 'quota' ? 'the browser has no room left for it' : `the browser refused to store it (${error instanceof Error ? error.message : String(error)})` }
      }
    },
    async remove(key) {
      try {
        await del(key, store)
      } catch {
        // Nothing to do: a recording that cannot be deleted is listed again next time, and can be closed again.
      }
    },
    list: () => list().catch(() => []),
    async usage() {
      const all = await list().catch(() => [])
      return all.reduce((sum, item) => sum + item.bytes.byteLength, 0)
    },
  }
}

/** For tests that look at one entry. */
export function readStoredRecording(factory: IDBFactory, key: string): Promise<unknown> {
  return get(key, createIdbStore(factory, DB_NAME, STORE_NAME))
}
