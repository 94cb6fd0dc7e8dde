import type { Page } from 'playwright-core'

/**
 * Where the app keeps its workspaces (src/store/persistence: createIdbStore(indexedDB, 'frameline',
 * 'kv'), MAIN_RECORD_KEY, BACKUP_KEY_PREFIX). Spelled out here rather than imported: the e2e specs
 * check the built app from outside, and a renamed key should fail them, not follow silently.
 */
export const APP_DB = { name: 'frameline', store: 'kv', mainKey: 'workspaces', backupPrefix: 'backup:' } as const

type StoredConnection = {
  id: string
  name: string
  url: string
  draft: { text: string; mode: string }
  savedMessages: { id: string; name: string; text: string; mode: string }[]
}
export type StoredWorkspaceState = {
  workspaces: { id: string; name: string; connections: StoredConnection[] }[]
  currentWorkspaceId: string
  selectedConnectionId: string | null
}
export type StoredRecord = { format: string; version: number; rev: number; state: StoredWorkspaceState }

/**
 * Reads keys of the app's object store from inside `page` (any page on the app's origin). Returns
 * null when the database does not exist yet: opening it here would create it without the object
 * store, and the app would then fail to open its own.
 */
export async function readStoredValues(page: Page, keys: 'all' | string[]): Promise<Record<string, unknown> | null> {
  return page.evaluate(
    async ({ db: where, keys: wanted }) => {
      const known = await indexedDB.databases()
      if (!known.some((info) => info.name === where.name)) return null
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(where.name)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error ?? new Error('open failed'))
      })
      try {
        if (!db.objectStoreNames.contains(where.store)) return null
        const store = db.transaction(where.store, 'readonly').objectStore(where.store)
        const request = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result)
            r.onerror = () => reject(r.error ?? new Error('request failed'))
          })
        const names = wanted === 'all' ? ((await request(store.getAllKeys())) as string[]) : wanted
        const values = await Promise.all(names.map((key) => request(store.get(key))))
        return Object.fromEntries(names.map((key, index) => [key, values[index] as unknown]))
      } finally {
        db.close()
      }
    },
    { db: APP_DB, keys },
  )
}

/** The main record, parsed; null while the app has not written it. */
export async function readStoredRecord(page: Page): Promise<StoredRecord | null> {
  const values = await readStoredValues(page, [APP_DB.mainKey])
  const raw = values?.[APP_DB.mainKey]
  return typeof raw === 'string' ? (JSON.parse(raw) as StoredRecord) : null
}

/**
 * Overwrites the main record with `value` from inside `page`, creating the database and store as
 * the app would if they are missing. Use it on a same-origin page where the app is not running
 * (e.g. the favicon), so nothing writes over it before the app loads.
 */
export async function writeStoredRecord(page: Page, value: unknown): Promise<void> {
  await page.evaluate(
    async ({ db: where, value: next }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(where.name)
        request.onupgradeneeded = () => request.result.createObjectStore(where.store)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error ?? new Error('open failed'))
      })
      try {
        const tx = db.transaction(where.store, 'readwrite')
        tx.objectStore(where.store).put(next, where.mainKey)
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve()
          tx.onerror = () => reject(tx.error ?? new Error('write failed'))
          tx.onabort = () => reject(tx.error ?? new Error('write aborted'))
        })
      } finally {
        db.close()
      }
    },
    { db: APP_DB, value },
  )
}
