import { persist } from 'zustand/middleware'
import type { WorkspaceState } from '../workspace-state.ts'
import { LEGACY_STORAGE_KEY } from './browser-storage.ts'
import { migrateStoredState, STORED_STATE_VERSION } from './persisted-state.ts'
import type { WorkspacePersistence } from './workspace-persistence.ts'

/**
 * zustand `persist` set up for the workspace store, with `persistence.storage` as its storage.
 * It is set up here, not in workspace-store.ts, because `persist` reaches for
 * `window.localStorage` whenever it is applied: it builds its default JSON storage before the
 * options replace it (zustand's middleware/persist.ts), and the storage globals are used only in
 * src/store/persistence/. Hydration waits for `persistence.start()` (`skipHydration`), so
 * nothing touches storage before the stored record has been read.
 */
export function persistWorkspaces(
  persistence: WorkspacePersistence,
  initializer: () => WorkspaceState,
  partialize: (state: WorkspaceState) => WorkspaceState,
) {
  return persist<WorkspaceState>(initializer, {
    // The IndexedDB adapter ignores the name; it is the localStorage key the core release
    // persisted under, because that release used this same name as its key.
    name: LEGACY_STORAGE_KEY,
    version: STORED_STATE_VERSION,
    storage: persistence.storage,
    partialize,
    skipHydration: true,
    migrate: (stored, version) => {
      const migrated = migrateStoredState(stored, version)
      // The storage adapter ran the same checks before handing the record over, so this only
      // throws on a bug; persist then keeps the in-memory state and the adapter writes nothing.
      if (!migrated.ok) throw new Error(migrated.errors.join('; '))
      return migrated.value
    },
    // What reaches merge was validated (allow-listed fields only), so a shallow spread is safe.
    merge: (stored, current) => (stored ? { ...current, ...(stored as WorkspaceState) } : current),
  })
}
