import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import {
  DEFAULT_PREFERENCES,
  type ConnectionId,
  type Preferences,
  type Workspace,
  type WorkspaceId,
} from '../workspace/model.ts'
import { createFirstRunWorkspace, type FirstRunOptions } from './first-run-workspace.ts'
import { migrateStoredState, STORED_STATE_VERSION } from './persistence/persisted-state.ts'
import {
  createWorkspacePersistence,
  LEGACY_STORAGE_KEY,
  type WorkspacePersistence,
} from './persistence/workspace-persistence.ts'

export type WorkspaceState = {
  workspaces: Workspace[]
  currentWorkspaceId: WorkspaceId
  selectedConnectionId: ConnectionId | null
  preferences: Preferences
}

export const WORKSPACE_STORE_VERSION = STORED_STATE_VERSION
/**
 * zustand's persist name. The IndexedDB adapter ignores it; it is the localStorage key the core
 * release persisted under, because that release used this same name as its key.
 */
export const WORKSPACE_STORE_KEY = LEGACY_STORAGE_KEY

export function createInitialWorkspaceState(options: FirstRunOptions = {}): WorkspaceState {
  const workspace = createFirstRunWorkspace(options)
  return {
    workspaces: [workspace],
    currentWorkspaceId: workspace.id,
    selectedConnectionId: workspace.connections[0]?.id ?? null,
    preferences: { ...DEFAULT_PREFERENCES },
  }
}

/** Persisted fields, listed on purpose: a new field is not stored until someone adds it here. */
export function persistedWorkspaceState(state: WorkspaceState): WorkspaceState {
  return {
    workspaces: state.workspaces,
    currentWorkspaceId: state.currentWorkspaceId,
    selectedConnectionId: state.selectedConnectionId,
    preferences: state.preferences,
  }
}

/**
 * A persisted workspace store. The app has one (`useWorkspaceStore`); tests create several over
 * one fake IndexedDB to play two tabs. Hydration waits for `persistence.start()` (main.tsx calls
 * it before rendering), so component tests run purely in memory and nothing touches storage
 * before the stored record has been read.
 */
export function createWorkspaceStore(persistence: WorkspacePersistence) {
  const store = create<WorkspaceState>()(
    persist(() => createInitialWorkspaceState(), {
      name: WORKSPACE_STORE_KEY,
      version: WORKSPACE_STORE_VERSION,
      storage: persistence.storage,
      partialize: persistedWorkspaceState,
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
    }),
  )
  persistence.attach(store, persistedWorkspaceState)
  return store
}

export const workspacePersistence = createWorkspacePersistence()

export const useWorkspaceStore = createWorkspaceStore(workspacePersistence)

/** Reads the stored workspaces into the store, then keeps them saved. Never rejects. */
export function startWorkspacePersistence(): Promise<void> {
  return workspacePersistence.start()
}
