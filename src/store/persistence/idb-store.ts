import { promisifyRequest, type UseStore } from 'idb-keyval'

export type StorageFailureKind = 'quota' | 'unavailable' | 'failed'

/**
 * Like idb-keyval's `createStore`, but with the IDBFactory passed in (tests give each "browser" its
 * own fake-indexeddb factory) and a connection that steps aside when another tab upgrades the
 * database. Every idb-keyval helper (`get`, `keys`, ...) accepts the result.
 */
export function createIdbStore(factory: IDBFactory, dbName: string, storeName: string): UseStore {
  let dbPromise: Promise<IDBDatabase> | undefined
  const getDb = (): Promise<IDBDatabase> => {
    if (dbPromise) return dbPromise
    const request = factory.open(dbName)
    request.onupgradeneeded = () => request.result.createObjectStore(storeName)
    const opening = promisifyRequest(request)
    dbPromise = opening
    opening.then(
      (db) => {
        db.onclose = () => (dbPromise = undefined)
        // A newer build upgrading the schema in another tab must not be blocked by this one.
        db.onversionchange = () => {
          db.close()
          dbPromise = undefined
        }
      },
      () => (dbPromise = undefined),
    )
    return opening
  }
  return (mode, callback) => getDb().then((db) => callback(db.transaction(storeName, mode).objectStore(storeName)))
}

/** The IndexedDB of this page, or null where it is missing or access throws (some private modes). */
export function browserIndexedDb(): IDBFactory | null {
  try {
    return typeof indexedDB === 'undefined' ? null : indexedDB
  } catch {
    return null
  }
}

/**
 * Sorts a storage error into what the user can do about it. Chromium reports a full disk as a
 * `QuotaExceededError` (a DOMException subclass since Chrome 138, so match the name, not the
 * class); near quota it may abort with `AbortError` instead. Blocked or disabled storage
 * (Firefox private windows, enterprise policy, sandboxed iframes) shows up as SecurityError,
 * InvalidStateError or UnknownError, or as IndexedDB missing altogether.
 */
export function classifyStorageError(error: unknown): StorageFailureKind {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : ''
  if (name === 'QuotaExceededError') return 'quota'
  if (['SecurityError', 'InvalidStateError', 'UnknownError', 'NotFoundError', 'TimeoutError', 'ReferenceError'].includes(name)) {
    return 'unavailable'
  }
  return 'failed'
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DOMException(`${what} did not answer within ${ms} ms`, 'TimeoutError')), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error || error instanceof DOMException ? error : new Error(String(error)))
      },
    )
  })
}

/**
 * One atomic read-modify-write: reads `key`, lets `decide` (synchronous, inside the transaction)
 * return the records to put, and resolves once the transaction has committed. If the transaction
 * aborts (quota, another failure) nothing of it is written, so the previous copy stays intact.
 */
export function readModifyWrite<T>(
  store: UseStore,
  key: string,
  decide: (current: unknown) => { puts: [string, unknown][]; result: T },
): Promise<T> {
  return store(
    'readwrite',
    (objectStore) =>
      new Promise<T>((resolve, reject) => {
        const request = objectStore.get(key)
        request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'))
        request.onsuccess = () => {
          let decision: { puts: [string, unknown][]; result: T }
          try {
            decision = decide(request.result)
          } catch (thrown) {
            objectStore.transaction.abort()
            reject(thrown instanceof Error ? thrown : new Error(String(thrown)))
            return
          }
          try {
            for (const [putKey, value] of decision.puts) objectStore.put(value, putKey)
          } catch (thrown) {
            objectStore.transaction.abort()
            reject(thrown instanceof Error || thrown instanceof DOMException ? thrown : new Error(String(thrown)))
            return
          }
          promisifyRequest(objectStore.transaction).then(
            () => resolve(decision.result),
            (error: unknown) => reject(error ?? objectStore.transaction.error ?? new Error('IndexedDB write aborted')),
          )
        }
      }),
  )
}
