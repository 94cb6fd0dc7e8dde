import { createId } from '../lib/create-id.ts'
import {
  MAX_HISTORY_ITEMS,
  type Connection,
  type ConnectionId,
  type Draft,
  type Preferences,
  type SentItem,
  type Workspace,
} from '../workspace/model.ts'
import { createConnection } from './first-run-workspace.ts'
import { selectConnection, selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore, type WorkspaceState } from './workspace-store.ts'

/** Applies `change` to the workspace that holds `connectionId` (or the current one). */
function updateWorkspaceOf(
  state: WorkspaceState,
  connectionId: ConnectionId | null,
  change: (workspace: Workspace) => Workspace,
): Partial<WorkspaceState> {
  const target =
    connectionId == null
      ? selectCurrentWorkspace(state)
      : state.workspaces.find((w) => w.connections.some((c) => c.id === connectionId))
  if (!target) return {}
  return { workspaces: state.workspaces.map((w) => (w === target ? change(w) : w)) }
}

export function updateConnection(id: ConnectionId, change: (connection: Connection) => Connection): void {
  useWorkspaceStore.setState((state) =>
    updateWorkspaceOf(state, id, (workspace) => ({
      ...workspace,
      connections: workspace.connections.map((c) => (c.id === id ? change(c) : c)),
    })),
  )
}

export function getConnection(id: ConnectionId): Connection | undefined {
  return selectConnection(useWorkspaceStore.getState(), id)
}

export function addConnection(fields: Partial<Connection> = {}): Connection {
  const connection = createConnection(fields)
  useWorkspaceStore.setState((state) => ({
    ...updateWorkspaceOf(state, null, (workspace) => ({
      ...workspace,
      connections: [...workspace.connections, connection],
    })),
    selectedConnectionId: connection.id,
  }))
  return connection
}

export function selectConnectionById(id: ConnectionId): void {
  useWorkspaceStore.setState({ selectedConnectionId: id })
}

export function renameConnection(id: ConnectionId, name: string): void {
  updateConnection(id, (c) => ({ ...c, name }))
}

export function setConnectionUrl(id: ConnectionId, url: string): void {
  updateConnection(id, (c) => ({ ...c, url }))
}

export function setConnectionProtocols(id: ConnectionId, protocols: string[]): void {
  updateConnection(id, (c) => ({ ...c, protocols }))
}

export function setDraft(id: ConnectionId, draft: Draft): void {
  updateConnection(id, (c) => (c.draft.text === draft.text && c.draft.mode === draft.mode ? c : { ...c, draft }))
}

export function recordSent(id: ConnectionId, item: SentItem): void {
  updateConnection(id, (c) => {
    const withoutRepeat = c.history.filter((h) => !(h.text === item.text && h.mode === item.mode))
    return { ...c, history: [item, ...withoutRepeat].slice(0, MAX_HISTORY_ITEMS) }
  })
}

export function duplicateConnection(id: ConnectionId): Connection | undefined {
  const original = getConnection(id)
  if (!original) return undefined
  const copy: Connection = {
    ...structuredClone(original),
    id: createId('c_'),
    name: `${original.name} (copy)`,
    savedMessages: original.savedMessages.map((m) => ({ ...m, id: createId('m_') })),
  }
  useWorkspaceStore.setState((state) => ({
    ...updateWorkspaceOf(state, id, (workspace) => {
      const index = workspace.connections.findIndex((c) => c.id === id)
      const connections = [...workspace.connections]
      connections.splice(index + 1, 0, copy)
      return { ...workspace, connections }
    }),
    selectedConnectionId: copy.id,
  }))
  return copy
}

export type RemovedConnection = { connection: Connection; index: number; workspaceId: string }

/** Removes a connection and returns what `restoreConnection` needs to undo it. */
export function deleteConnection(id: ConnectionId): RemovedConnection | undefined {
  const state = useWorkspaceStore.getState()
  const workspace = state.workspaces.find((w) => w.connections.some((c) => c.id === id))
  if (!workspace) return undefined
  const index = workspace.connections.findIndex((c) => c.id === id)
  const connection = workspace.connections[index]
  if (!connection) return undefined
  const remaining = workspace.connections.filter((c) => c.id !== id)
  useWorkspaceStore.setState({
    workspaces: state.workspaces.map((w) => (w === workspace ? { ...w, connections: remaining } : w)),
    selectedConnectionId:
      state.selectedConnectionId === id
        ? (remaining[Math.min(index, remaining.length - 1)]?.id ?? null)
        : state.selectedConnectionId,
  })
  return { connection, index, workspaceId: workspace.id }
}

export function restoreConnection(removed: RemovedConnection): void {
  useWorkspaceStore.setState((state) => ({
    workspaces: state.workspaces.map((w) => {
      if (w.id !== removed.workspaceId || w.connections.some((c) => c.id === removed.connection.id)) return w
      const connections = [...w.connections]
      connections.splice(Math.min(removed.index, connections.length), 0, removed.connection)
      return { ...w, connections }
    }),
    selectedConnectionId: removed.connection.id,
  }))
}

export function setPreferences(patch: Partial<Preferences>): void {
  useWorkspaceStore.setState((state) => ({ preferences: { ...state.preferences, ...patch } }))
}

