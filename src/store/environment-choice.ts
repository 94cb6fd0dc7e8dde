import type { Workspace } from '../workspace/model.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

function updateCurrent(change: (workspace: Workspace) => Workspace): void {
  useWorkspaceStore.setState((state) => {
    const current = selectCurrentWorkspace(state)
    if (!current) return {}
    const next = change(current)
    return next === current ? {} : { workspaces: state.workspaces.map((w) => (w === current ? next : w)) }
  })
}

/**
 * Chooses the active environment (null: none, only the workspace's variables). Stored with the
 * workspace, so it survives a reload and follows to other tabs; the next connect and send use it.
 */
export function setActiveEnvironment(id: string | null): ActionResult {
  const workspace = selectCurrentWorkspace(useWorkspaceStore.getState())
  if (!workspace) return refuse('There is no workspace.')
  if (id !== null && !workspace.environments?.some((e) => e.id === id)) return refuse('That environment no longer exists.')
  updateCurrent((w) => {
    if ((w.activeEnvironmentId ?? null) === id) return w
    if (id !== null) return { ...w, activeEnvironmentId: id }
    const { activeEnvironmentId: _none, ...rest } = w
    return rest
  })
  return OK
}
