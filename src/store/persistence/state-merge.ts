import type { WorkspaceState } from '../workspace-state.ts'
import { mergeThreeWay, type MergeConflict } from './three-way-merge.ts'

/**
 * Merges workspaces and preferences by entity (three-way-merge.ts); the selection is this tab's own:
 * which workspace and connection are selected stays per tab.
 */
export function mergeStates(
  base: WorkspaceState | undefined,
  local: WorkspaceState,
  remote: WorkspaceState,
): { state: WorkspaceState; conflicts: MergeConflict[] } {
  const data = (state: WorkspaceState) => ({ workspaces: state.workspaces, preferences: state.preferences })
  const merged = mergeThreeWay(base && data(base), data(local), data(remote))
  return { state: withSelectionOf(local, { ...remote, ...merged.value }), conflicts: merged.conflicts }
}

/** Keeps this tab's selection where it still exists in `next`. */
export function withSelectionOf(local: WorkspaceState, next: WorkspaceState): WorkspaceState {
  const hasWorkspace = next.workspaces.some((w) => w.id === local.currentWorkspaceId)
  const currentWorkspaceId = hasWorkspace ? local.currentWorkspaceId : (next.workspaces[0]?.id ?? next.currentWorkspaceId)
  const selected = local.selectedConnectionId
  const hasConnection = selected != null && next.workspaces.some((w) => w.connections.some((c) => c.id === selected))
  return { ...next, currentWorkspaceId, selectedConnectionId: hasConnection ? selected : null }
}
