import { delMany, get, getMany, keys, setMany, type UseStore } from 'idb-keyval'
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

/** What the panel and the budget need, without the bytes: listing never reads the timelines themselves. */
export type StoredRecordingInfo = Omit<StoredRecording, 'bytes'> & { size: number }

export type SaveOutcome = { ok: true } | { ok: false; kind: StorageFailureKind; message: string }

export type RecordingStorage = {
  save(recording: StoredRecording): Promise<SaveOutcome>
  remove(key: string): Promise<void>
  list(): Promise<StoredRecordingInfo[]>
  /** The NDJSON of one kept recording, or undefined when it is gone or damaged. */
  read(key: string): Promise<ArrayBuffer | undefined>
  /** Bytes held now, for the budget (read from the facts, not the bytes). */
  usage(): Promise<number>
}

const DB_NAME = 'frameline-recordings'
const STORE_NAME = 'recordings'

/** Realm-independent: a buffer cloned by IndexedDB may come from another global (a test's jsdom). */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]'
}

function isStoredInfo(value: unknown): value is StoredRecordingInfo {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.key === 'string' && typeof record.name === 'string' && typeof record.frames === 'number' && typeof record.size === 'number' && Array.isArray(record.warnings)
}

// Facts and bytes under separate keys: the budget check and the listing read a few hundred bytes per
// recording instead of up to 128 MiB of timelines.
const INFO = 'info:'
const DATA = 'data:'

export function createRecordingStorage(factory: IDBFactory | null = browserIndexedDb()): RecordingStorage | null {
  if (!factory) return null
  const store: UseStore = createIdbStore(factory, DB_NAME, STORE_NAME)
  const list = async (): Promise<StoredRecordingInfo[]> => {
    const infoKeys = (await keys(store)).filter((key): key is string => typeof key === 'string' && key.startsWith(INFO))
    const values = await getMany(infoKeys, store)
    // A damaged entry is skipped, never fatal: the others still come back.
    return values.filter(isStoredInfo).sort((a, b) => a.savedAt - b.savedAt)
  }
  return {
    async save(recording) {
      const { bytes, ...facts } = recording
      try {
        // One transaction: the facts never exist without their bytes.
        await setMany(
          [
            [DATA + recording.key, bytes],
            [INFO + recording.key, { ...facts, size: bytes.byteLength }],
          ],
          store,
        )
        return { ok: true }
      } catch (error) {
        const kind = classifyStorageError(error)
        return { ok: false, kind, message: kind === 'quota' ? 'the browser has no room left for it' : `the browser refused to store it (${error instanceof Error ? error.message : String(error)})` }
      }
    },
    async remove(key) {
      try {
        await delMany([INFO + key, DATA + key], store)
      } catch {
        // Nothing to do: a recording that cannot be deleted is listed again next time, and can be closed again.
      }
    },
    list: () => list().catch(() => []),
    async read(key) {
      const value: unknown = await get(DATA + key, store).catch(() => undefined)
      return isArrayBuffer(value) ? value : undefined
    },
    async usage() {
      const all = await list().catch(() => [])
      return all.reduce((sum, item) => sum + item.size, 0)
    },
  }
}

/** For tests that look at one entry. */
export function readStoredRecording(factory: IDBFactory, key: string): Promise<unknown> {
  return get(INFO + key, createIdbStore(factory, DB_NAME, STORE_NAME))
}
