import type { ConnectionId, Preferences, Workspace, WorkspaceId } from '../workspace/model.ts'

/**
 * The workspace store's state, in its own module so that the store (workspace-store.ts) and its
 * storage side (persistence/) can both import it without importing each other.
 */
export type WorkspaceState = {
  workspaces: Workspace[]
  currentWorkspaceId: WorkspaceId
  selectedConnectionId: ConnectionId | null
  preferences: Preferences
}
