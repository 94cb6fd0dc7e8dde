import { createId } from '../lib/create-id.ts'
import type { Connection, Workspace, WorkspaceId } from '../workspace/model.ts'
import { checkName as checkNameLength, fitName } from './field-limits.ts'
import { forgetConnection } from './session-actions.ts'
import { useWorkspaceStore } from './workspace-store.ts'

export type WorkspaceResult = { ok: true; workspace: Workspace } | { ok: false; error: string }

export const DEFAULT_WORKSPACE_NAME = 'My workspace'
function checkName(name: string): { ok: true; name: string } | { ok: false; error: string } {
  const trimmed = name.trim()
  if (trimmed === '') return { ok: false, error: 'A workspace needs a name.' }
  const tooLong = checkNameLength(trimmed, 'Workspace names')
  if (tooLong) return { ok: false, error: tooLong }
  return { ok: true, name: trimmed }
}

/**
 * "Name", "Name 2", "Name 3"…: two workspaces with one name would be indistinguishable in the menu.
 * The base is shortened if a suffix would push the name past the name limit.
 */
export function uniqueName(base: string, taken: readonly Workspace[]): string {
  const names = new Set(taken.map((w) => w.name))
  const first = fitName(base)
  if (!names.has(first)) return first
  for (let n = 2; ; n++) {
    const candidate = fitName(base, ` ${n}`)
    if (!names.has(candidate)) return candidate
  }
}

function emptyWorkspace(name: string): Workspace {
  return { id: createId('w_'), name, connections: [] }
}

export function getWorkspace(id: WorkspaceId): Workspace | undefined {
  return useWorkspaceStore.getState().workspaces.find((w) => w.id === id)
}

/** Shows another workspace. Its sockets, and those of the one left, keep running. */
export function switchWorkspace(id: WorkspaceId): void {
  const target = getWorkspace(id)
  if (!target) return
  useWorkspaceStore.setState({
    currentWorkspaceId: target.id,
    selectedConnectionId: target.connections[0]?.id ?? null,
  })
}

export function createWorkspace(name?: string): WorkspaceResult {
  const { workspaces } = useWorkspaceStore.getState()
  let finalName = uniqueName('New workspace', workspaces)
  if (name !== undefined) {
    const check = checkName(name)
    if (!check.ok) return check
    finalName = check.name
  }
  const workspace = emptyWorkspace(finalName)
  useWorkspaceStore.setState((state) => ({
    workspaces: [...state.workspaces, workspace],
    currentWorkspaceId: workspace.id,
    selectedConnectionId: null,
  }))
  return { ok: true, workspace }
}

export function renameWorkspace(id: WorkspaceId, name: string): WorkspaceResult {
  const check = checkName(name)
  if (!check.ok) return check
  const existing = getWorkspace(id)
  if (!existing) return { ok: false, error: 'That workspace no longer exists.' }
  const renamed = { ...existing, name: check.name }
  useWorkspaceStore.setState((state) => ({
    workspaces: state.workspaces.map((w) => (w.id === id ? renamed : w)),
  }))
  return { ok: true, workspace: renamed }
}

function copyConnection(connection: Connection): Connection {
  const copy = structuredClone(connection)
  return {
    ...copy,
    id: createId('c_'),
    savedMessages: copy.savedMessages.map((m) => ({ ...m, id: createId('m_') })),
  }
}

/** Copies a workspace with fresh ids throughout, so the copy and the original never share a session. */
export function duplicateWorkspace(id: WorkspaceId): WorkspaceResult {
  const { workspaces } = useWorkspaceStore.getState()
  const index = workspaces.findIndex((w) => w.id === id)
  const original = workspaces[index]
  if (!original) return { ok: false, error: 'That workspace no longer exists.' }
  const copy: Workspace = {
    ...structuredClone(original),
    id: createId('w_'),
    name: uniqueName(fitName(original.name, ' (copy)'), workspaces),
    connections: original.connections.map(copyConnection),
  }
  const next = [...workspaces]
  next.splice(index + 1, 0, copy)
  useWorkspaceStore.setState({
    workspaces: next,
    currentWorkspaceId: copy.id,
    selectedConnectionId: copy.connections[0]?.id ?? null,
  })
  return { ok: true, workspace: copy }
}

export type DeletedWorkspace = {
  deleted: Workspace
  /** Set when the last workspace was deleted and an empty one took its place. */
  replacement: Workspace | undefined
}

/**
 * Deletes a workspace (the UI confirms first) and closes its connections' sockets. The last
 * workspace is replaced by an empty one: the app always has one to show.
 */
export function deleteWorkspace(id: WorkspaceId): DeletedWorkspace | undefined {
  const { workspaces, currentWorkspaceId } = useWorkspaceStore.getState()
  const index = workspaces.findIndex((w) => w.id === id)
  const deleted = workspaces[index]
  if (!deleted) return undefined
  const remaining = workspaces.filter((w) => w.id !== id)
  const replacement = remaining.length === 0 ? emptyWorkspace(DEFAULT_WORKSPACE_NAME) : undefined
  if (replacement) remaining.push(replacement)
  const wasCurrent = currentWorkspaceId === id || !workspaces.some((w) => w.id === currentWorkspaceId)
  const shown = wasCurrent ? remaining[Math.min(index, remaining.length - 1)] : undefined
  useWorkspaceStore.setState({
    workspaces: remaining,
    ...(shown ? { currentWorkspaceId: shown.id, selectedConnectionId: shown.connections[0]?.id ?? null } : {}),
  })
  for (const connection of deleted.connections) forgetConnection(connection.id)
  return { deleted, replacement }
}
