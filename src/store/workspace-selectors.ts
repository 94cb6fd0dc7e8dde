import type { Connection, ConnectionId, Workspace } from '../workspace/model.ts'
import type { WorkspaceState } from './workspace-store.ts'

const NO_CONNECTIONS: readonly Connection[] = []

export function selectCurrentWorkspace(state: WorkspaceState): Workspace | undefined {
  return state.workspaces.find((w) => w.id === state.currentWorkspaceId) ?? state.workspaces[0]
}

export function selectConnections(state: WorkspaceState): readonly Connection[] {
  return selectCurrentWorkspace(state)?.connections ?? NO_CONNECTIONS
}

export function selectConnection(state: WorkspaceState, id: ConnectionId | null): Connection | undefined {
  if (id == null) return undefined
  for (const workspace of state.workspaces) {
    const found = workspace.connections.find((c) => c.id === id)
    if (found) return found
  }
  return undefined
}

export function selectSelectedConnection(state: WorkspaceState): Connection | undefined {
  const connections = selectConnections(state)
  return connections.find((c) => c.id === state.selectedConnectionId) ?? connections[0]
}
