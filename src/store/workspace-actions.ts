import { createId } from '../lib/create-id.ts'
import {
  MAX_HISTORY_ITEMS,
  type Connection,
  type KeyValue,
  type ConnectionId,
  type Draft,
  type Preferences,
  type SentItem,
  type Workspace,
} from '../workspace/model.ts'
import { validateWorkspace } from '../workspace/workspace-schema.ts'
import {
  checkConnectionCount,
  checkName,
  checkProtocols,
  checkUrl,
  DRAFT_TOO_LONG,
  fitName,
  historyItemTooLong,
  historySkipped,
  OK,
  payloadTooLong,
  refuse,
  type ActionResult,
} from './field-limits.ts'
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

/** Why no connection can be added to the current workspace now, or null. */
export function connectionCapacityError(): string | null {
  return checkConnectionCount(selectCurrentWorkspace(useWorkspaceStore.getState())?.connections.length ?? 0)
}

/**
 * Adds a connection to the current workspace and selects it. The UI checks
 * `connectionCapacityError()` first; fields that the stored-data schema would refuse (or a full
 * workspace) are a programming error here and throw, so such data never enters the store.
 */
export function addConnection(fields: Partial<Connection> = {}): Connection {
  const connection = createConnection(fields)
  const capacity = connectionCapacityError()
  if (capacity) throw new Error(capacity)
  const checked = validateWorkspace({ id: 'w_check', name: '', connections: [connection] })
  if (!checked.ok) throw new Error(`Not added: ${checked.errors.join('; ')}`)
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

/** Stored as given (the header trims on blur); a name over the limit is refused, not cut. */
export function renameConnection(id: ConnectionId, name: string): ActionResult {
  const error = checkName(name, 'Connection names')
  if (error) return refuse(error)
  updateConnection(id, (c) => (c.name === name ? c : { ...c, name }))
  return OK
}

/** Any text up to the URL limit, even half-typed (the header says what is wrong with it). */
export function setConnectionUrl(id: ConnectionId, url: string): ActionResult {
  const error = checkUrl(url)
  if (error) return refuse(error)
  updateConnection(id, (c) => (c.url === url ? c : { ...c, url }))
  return OK
}

export function setConnectionProtocols(id: ConnectionId, protocols: string[]): ActionResult {
  const error = checkProtocols(protocols)
  if (error) return refuse(error)
  updateConnection(id, (c) => ({ ...c, protocols }))
  return OK
}

/**
 * Turns automatic reconnect on or off. Off removes the key, since absent means off: the stored
 * workspace and its export then look exactly as before the option existed.
 */
export function setConnectionAutoReconnect(id: ConnectionId, on: boolean): void {
  updateConnection(id, (c) => {
    if ((c.autoReconnect === true) === on) return c
    if (on) return { ...c, autoReconnect: true }
    const { autoReconnect: _off, ...rest } = c
    return rest
  })
}

/**
 * Handshake headers for the headless runner (a browser cannot send them). An empty list removes
 * the key, so a connection that never used them stores and exports as before.
 */
export function setConnectionHeaders(id: ConnectionId, headers: KeyValue[]): void {
  updateConnection(id, (c) => {
    if (headers.length > 0) return { ...c, headers }
    const { headers: _none, ...rest } = c
    return rest
  })
}

/** How the timeline decodes a connection's frames. 'auto' removes the key: absent means detected. */
export function setConnectionDecoder(id: ConnectionId, choice: 'auto' | NonNullable<Connection['decoder']>): void {
  updateConnection(id, (c) => {
    if ((c.decoder ?? 'auto') === choice) return c
    if (choice !== 'auto') return { ...c, decoder: choice }
    const { decoder: _detected, ...rest } = c
    return rest
  })
}

/**
 * Stores the composer's draft. A draft over the payload limit is refused and the stored draft
 * stays as it was; the composer keeps the long text in memory (composer-store.ts) and says so.
 */
export function setDraft(id: ConnectionId, draft: Draft): ActionResult {
  if (payloadTooLong(draft.text)) return refuse(DRAFT_TOO_LONG)
  updateConnection(id, (c) => (c.draft.text === draft.text && c.draft.mode === draft.mode ? c : { ...c, draft }))
  return OK
}

/**
 * Puts a sent payload at the top of the connection's history (the oldest beyond
 * MAX_HISTORY_ITEMS goes, as designed). A payload over the limit is not recorded at all, and the
 * result says so: cutting it would recall a payload that was never sent.
 */
export function recordSent(id: ConnectionId, item: SentItem): ActionResult {
  if (historyItemTooLong(item.text)) return refuse(historySkipped(item.text))
  updateConnection(id, (c) => {
    const sameEmit = (h: SentItem) => JSON.stringify(h.emit) === JSON.stringify(item.emit)
    const withoutRepeat = c.history.filter((h) => !(h.text === item.text && h.mode === item.mode && sameEmit(h)))
    return { ...c, history: [item, ...withoutRepeat].slice(0, MAX_HISTORY_ITEMS) }
  })
  return OK
}

export type DuplicateResult = { ok: true; connection: Connection } | { ok: false; error: string }

export function duplicateConnection(id: ConnectionId): DuplicateResult {
  const original = getConnection(id)
  if (!original) return { ok: false, error: 'That connection no longer exists.' }
  const holder = useWorkspaceStore.getState().workspaces.find((w) => w.connections.some((c) => c.id === id))
  const capacity = checkConnectionCount(holder?.connections.length ?? 0)
  if (capacity) return { ok: false, error: `Not duplicated: ${capacity}` }
  const copy: Connection = {
    ...structuredClone(original),
    id: createId('c_'),
    name: fitName(original.name, ' (copy)'),
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
  return { ok: true, connection: copy }
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

/** Undoes a delete; refused when the workspace has filled up to its limit since. */
export function restoreConnection(removed: RemovedConnection): ActionResult {
  const target = useWorkspaceStore.getState().workspaces.find((w) => w.id === removed.workspaceId)
  const alreadyBack = target?.connections.some((c) => c.id === removed.connection.id) ?? false
  const capacity = target && !alreadyBack ? checkConnectionCount(target.connections.length) : null
  if (capacity) return refuse(`Not restored: ${capacity}`)
  useWorkspaceStore.setState((state) => ({
    workspaces: state.workspaces.map((w) => {
      if (w.id !== removed.workspaceId || w.connections.some((c) => c.id === removed.connection.id)) return w
      const connections = [...w.connections]
      connections.splice(Math.min(removed.index, connections.length), 0, removed.connection)
      return { ...w, connections }
    }),
    selectedConnectionId: removed.connection.id,
  }))
  return OK
}

export function setPreferences(patch: Partial<Preferences>): void {
  useWorkspaceStore.setState((state) => ({ preferences: { ...state.preferences, ...patch } }))
}

