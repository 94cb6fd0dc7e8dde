import { create } from 'zustand'
import { DEFAULT_PREFERENCES, type Workspace } from '../workspace/model.ts'
import { createFirstRunWorkspace, type FirstRunOptions } from './first-run-workspace.ts'
import { persistWorkspaces } from './persistence/persist-workspaces.ts'
import { createWorkspacePersistence, type WorkspacePersistence } from './persistence/workspace-persistence.ts'
import type { WorkspaceState } from './workspace-state.ts'

/** Re-exported for the actions, selectors and tests that already import it from here. */
export type { WorkspaceState } from './workspace-state.ts'

/**
 * The first-run workspace has fixed ids, the same in every tab. Two brand-new tabs that both edit
 * before either has stored anything then hold the same workspace, and the write-time merge
 * (persistence/write.ts, with this state as its base) combines their edits entity by entity.
 * With random ids the merge saw two different workspaces and kept both, each named
 * "My workspace", and after a reload one tab's edit was in the workspace not shown.
 */
export const FIRST_RUN_WORKSPACE_ID = 'w_first_run'

function withFirstRunIds(workspace: Workspace): Workspace {
  return {
    ...workspace,
    id: FIRST_RUN_WORKSPACE_ID,
    connections: workspace.connections.map((connection, c) => ({
      ...connection,
      id: `c_first_run_${c + 1}`,
      savedMessages: connection.savedMessages.map((message, m) => ({ ...message, id: `m_first_run_${c + 1}_${m + 1}` })),
    })),
  }
}

export function createInitialWorkspaceState(options: FirstRunOptions = {}): WorkspaceState {
  const workspace = withFirstRunIds(createFirstRunWorkspace(options))
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
 * before the stored record has been read. How it is stored is all in persistence/.
 */
export function createWorkspaceStore(persistence: WorkspacePersistence) {
  const store = create<WorkspaceState>()(persistWorkspaces(persistence, createInitialWorkspaceState, persistedWorkspaceState))
  persistence.attach(store, persistedWorkspaceState)
  return store
}

export const workspacePersistence = createWorkspacePersistence()

export const useWorkspaceStore = createWorkspaceStore(workspacePersistence)

/** Reads the stored workspaces into the store, then keeps them saved. Never rejects. */
export function startWorkspacePersistence(): Promise<void> {
  return workspacePersistence.start()
}
