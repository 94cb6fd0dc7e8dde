import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import {
  DEFAULT_PREFERENCES,
  type ConnectionId,
  type Preferences,
  type Workspace,
  type WorkspaceId,
} from '../workspace/model.ts'
import { createFirstRunWorkspace } from './first-run-workspace.ts'

export type WorkspaceState = {
  workspaces: Workspace[]
  currentWorkspaceId: WorkspaceId
  selectedConnectionId: ConnectionId | null
  preferences: Preferences
}

export const WORKSPACE_STORE_VERSION = 1
export const WORKSPACE_STORE_KEY = 'frameline.workspaces'

export function createInitialWorkspaceState(): WorkspaceState {
  const workspace = createFirstRunWorkspace()
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

export const useWorkspaceStore = create<WorkspaceState>()(
  persist(() => createInitialWorkspaceState(), {
    name: WORKSPACE_STORE_KEY,
    version: WORKSPACE_STORE_VERSION,
    storage: createJSONStorage(() => localStorage),
    partialize: persistedWorkspaceState,
  }),
)
