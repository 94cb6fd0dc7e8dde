import { IDBFactory } from 'fake-indexeddb'
import { get, set, type UseStore } from 'idb-keyval'
import { createIdbStore } from '../../src/store/persistence/idb-store.ts'
import {
  createWorkspacePersistence,
  type WorkspacePersistenceOptions,
} from '../../src/store/persistence/workspace-persistence.ts'
import { MAIN_RECORD_KEY } from '../../src/store/persistence/stored-record.ts'
import { createWorkspaceStore } from '../../src/store/workspace-store.ts'

/** A browser profile: one fake IndexedDB that several "tabs" share, plus raw access to it. */
export function createProfile() {
  const factory = new IDBFactory()
  const raw = createIdbStore(factory, 'frameline', 'kv')
  // A channel name per profile, so tests running in parallel never hear each other.
  const channelName = `frameline-test-${Math.random().toString(36).slice(2)}`
  const tabs: Tab[] = []
  return {
    factory,
    channelName,
    readMain: () => get<unknown>(MAIN_RECORD_KEY, raw),
    writeMain: (value: unknown) => set(MAIN_RECORD_KEY, value, raw),
    read: (key: string) => get<unknown>(key, raw),
    raw,
    openTab(options: WorkspacePersistenceOptions = {}): Tab {
      const persistence = createWorkspacePersistence({
        indexedDb: () => factory,
        channelName,
        legacyStorage: () => null,
        writeDelayMs: 20,
        ...options,
      })
      const store = createWorkspaceStore(persistence)
      const tab = { persistence, store, status: () => persistence.status.getState() }
      tabs.push(tab)
      return tab
    },
    closeAll() {
      for (const tab of tabs.splice(0)) tab.persistence.dispose()
    },
  }
}

/**
 * A profile whose stored record both tabs start from (a seed tab renamed a connection and
 * stored it), then two tabs on it; `channelName: null` keeps them from hearing each other.
 */
export async function openSeededTabs(options: { channel?: boolean; writeDelayMs?: number } = {}) {
  const profile = createProfile()
  const seed = profile.openTab()
  await seed.persistence.start()
  renameFirstConnection(seed, 'Seed')
  await seed.persistence.flush()
  seed.persistence.dispose()
  const channelName = options.channel === false ? null : profile.channelName
  const a = profile.openTab({ channelName, writeDelayMs: options.writeDelayMs ?? 20 })
  const b = profile.openTab({ channelName, writeDelayMs: options.writeDelayMs ?? 20 })
  await a.persistence.start()
  await b.persistence.start()
  return { profile, a, b }
}

export type Tab = {
  persistence: ReturnType<typeof createWorkspacePersistence>
  store: ReturnType<typeof createWorkspaceStore>
  status: () => ReturnType<ReturnType<typeof createWorkspacePersistence>['status']['getState']>
}

/** Wraps a store so that, while `failing()` says so, every write transaction aborts with `error`. */
export function failingWrites(store: UseStore, failing: () => DOMException | null): UseStore {
  return (mode, callback) => {
    const error = failing()
    if (mode !== 'readwrite' || !error) return store(mode, callback)
    return store(mode, (objectStore) => {
      // Abort the real transaction first, as a full disk does, so nothing of it can land.
      objectStore.transaction.abort()
      throw error
    })
  }
}

export function renameFirstConnection(tab: Tab, name: string): string {
  const state = tab.store.getState()
  const workspace = state.workspaces.find((w) => w.id === state.currentWorkspaceId)
  const connection = workspace?.connections[0]
  if (!workspace || !connection) throw new Error('no connection to rename')
  tab.store.setState({
    workspaces: state.workspaces.map((w) =>
      w === workspace ? { ...w, connections: w.connections.map((c) => (c === connection ? { ...c, name } : c)) } : w,
    ),
  })
  return connection.id
}

export function editConnection(tab: Tab, id: string, change: (c: ConnectionLike) => ConnectionLike): void {
  const state = tab.store.getState()
  tab.store.setState({
    workspaces: state.workspaces.map((w) => ({
      ...w,
      connections: w.connections.map((c) => (c.id === id ? (change(c) as typeof c) : c)),
    })),
  })
}

type ConnectionLike = ReturnType<Tab['store']['getState']>['workspaces'][number]['connections'][number]

export function connectionById(tab: Tab, id: string): ConnectionLike | undefined {
  for (const w of tab.store.getState().workspaces) {
    const found = w.connections.find((c) => c.id === id)
    if (found) return found
  }
  return undefined
}
