import { createId } from '../lib/create-id.ts'
import { LIMITS } from '../workspace/limits.ts'
import type { Connection, ConnectionId, Workspace, WorkspaceId } from '../workspace/model.ts'
import type { ParsedWorkspaceFile } from '../workspace/workspace-file.ts'
import { validateWorkspace } from '../workspace/workspace-schema.ts'
import { fitName } from './field-limits.ts'
import { disconnect, forgetConnection } from './session-actions.ts'
import { uniqueName } from './workspace-list-actions.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore, type WorkspaceState } from './workspace-store.ts'

/**
 * Applying a parsed workspace file: into the current workspace (merge, replace) or as a workspace
 * of its own (new). The file was fully validated by parseWorkspaceFile; here the only choices are
 * where it goes and which ids and names must change. Every mode is one atomic store update and
 * keeps what "Undo import" needs. Nothing here opens a connection.
 */
export type ImportMode = 'merge' | 'replace' | 'new'

export type ImportPlan = {
  mode: ImportMode
  workspaceId: WorkspaceId
  workspaceName: string
  /** The imported connections as they will be stored (ids already changed where needed). */
  connections: Connection[]
  /** Connections of the current workspace that a replace removes. */
  removed: Connection[]
  /** How many connection or saved-message ids had to change because they were already taken. */
  renamedIds: number
  /** Merged connections whose name was already in the workspace get a numbered suffix ("Echo 2"). */
  renamedConnections: { from: string; to: string }[]
  savedMessages: number
}

export type ImportUndo = {
  workspaceId: WorkspaceId
  /** The workspace before the import; null when the import created it, so Undo removes it. */
  previous: Workspace | null
  previousWorkspaceId: WorkspaceId | null
  previousSelection: ConnectionId | null
  importedIds: ConnectionId[]
}

export type ImportOutcome = { ok: true; plan: ImportPlan; undo: ImportUndo } | { ok: false; error: string; details: string[] }

function takenIds(state: WorkspaceState) {
  const connections = new Set<string>()
  const messages = new Set<string>()
  for (const workspace of state.workspaces) {
    for (const connection of workspace.connections) {
      connections.add(connection.id)
      for (const message of connection.savedMessages) messages.add(message.id)
    }
  }
  return { connections, messages }
}

/**
 * What an import would do, without doing it: the preview shows this and `applyImport` stores
 * exactly it. Any id already used anywhere in the app gets a fresh one, in both modes, so an
 * imported connection can never be confused with an existing one (or with its open socket); so
 * does an id that names an Object.prototype member.
 */
export function planImport(state: WorkspaceState, parsed: ParsedWorkspaceFile, mode: ImportMode): ImportPlan | null {
  const current = selectCurrentWorkspace(state)
  if (!current) return null
  const taken = takenIds(state)
  let renamedIds = 0
  const fresh = (id: string, used: Set<string>, prefix: string) => {
    // An id such as "constructor" or "__proto__" is valid text, but the runtime keeps per-connection
    // records in plain objects keyed by id, where it would read an inherited member (a crash at render).
    if (!used.has(id) && !(id in Object.prototype)) {
      used.add(id)
      return id
    }
    renamedIds += 1
    let next = createId(prefix)
    while (used.has(next)) next = createId(prefix)
    used.add(next)
    return next
  }
  // Two rows both called "Echo" cannot be told apart in the sidebar; only a merge mixes names.
  const names = new Set(mode === 'merge' ? current.connections.map((c) => c.name) : [])
  const renamedConnections: { from: string; to: string }[] = []
  const freeName = (name: string) => {
    if (mode !== 'merge') return name
    let next = name
    for (let n = 2; names.has(next); n++) next = fitName(name, ` ${n}`)
    names.add(next)
    if (next !== name) renamedConnections.push({ from: name, to: next })
    return next
  }
  const connections = parsed.workspace.connections.map((connection) => ({
    ...connection,
    id: fresh(connection.id, taken.connections, 'c_'),
    name: freeName(connection.name),
    savedMessages: connection.savedMessages.map((message) => ({ ...message, id: fresh(message.id, taken.messages, 'm_') })),
  }))
  return {
    mode,
    workspaceId: mode === 'new' ? createId('w_') : current.id,
    workspaceName: mode === 'new' ? uniqueName(fitName(parsed.workspace.name.trim() || 'Imported workspace'), state.workspaces) : current.name,
    connections,
    removed: mode === 'replace' ? current.connections : [],
    renamedIds,
    renamedConnections,
    savedMessages: connections.reduce((sum, c) => sum + c.savedMessages.length, 0),
  }
}

/** Applies the import in one store update, or changes nothing and says why. */
export function applyImport(parsed: ParsedWorkspaceFile, mode: ImportMode): ImportOutcome {
  const state = useWorkspaceStore.getState()
  const plan = planImport(state, parsed, mode)
  if (plan && mode === 'new') return applyAsNewWorkspace(plan, state)
  const previous = plan && state.workspaces.find((w) => w.id === plan.workspaceId)
  if (!plan || !previous) return { ok: false, error: 'There is no workspace to import into.', details: [] }

  const connections = mode === 'merge' ? [...previous.connections, ...plan.connections] : plan.connections
  if (connections.length > LIMITS.connections) {
    return {
      ok: false,
      error: `Not imported: “${previous.name}” would hold ${connections.length} connections; a workspace holds at most ${LIMITS.connections}. Replace instead, or import into an empty workspace.`,
      details: [],
    }
  }
  // Belt and braces: what goes into the store must pass the same check storage applies on reload.
  const checked = validateWorkspace({ ...previous, connections })
  if (!checked.ok) return { ok: false, error: 'Not imported: the result would not be a valid workspace.', details: checked.errors }

  useWorkspaceStore.setState((current) => ({
    workspaces: current.workspaces.map((w) => (w.id === plan.workspaceId ? checked.value : w)),
    currentWorkspaceId: plan.workspaceId,
    selectedConnectionId: plan.connections[0]?.id ?? (mode === 'replace' ? null : current.selectedConnectionId),
  }))
  // A replaced connection's socket must not keep running unseen; its timeline stays for Undo.
  for (const removed of plan.removed) disconnect(removed.id)
  return {
    ok: true,
    plan,
    undo: {
      workspaceId: plan.workspaceId,
      previous,
      previousWorkspaceId: state.currentWorkspaceId,
      previousSelection: state.selectedConnectionId,
      importedIds: plan.connections.map((c) => c.id),
    },
  }
}

/** The file becomes a workspace of its own, next to the others; the current one is not touched. */
function applyAsNewWorkspace(plan: ImportPlan, state: WorkspaceState): ImportOutcome {
  const checked = validateWorkspace({ id: plan.workspaceId, name: plan.workspaceName, connections: plan.connections })
  if (!checked.ok) return { ok: false, error: 'Not imported: the result would not be a valid workspace.', details: checked.errors }
  useWorkspaceStore.setState((current) => ({
    workspaces: [...current.workspaces, checked.value],
    currentWorkspaceId: plan.workspaceId,
    selectedConnectionId: plan.connections[0]?.id ?? null,
  }))
  return {
    ok: true,
    plan,
    undo: {
      workspaceId: plan.workspaceId,
      previous: null,
      previousWorkspaceId: state.currentWorkspaceId,
      previousSelection: state.selectedConnectionId,
      importedIds: plan.connections.map((c) => c.id),
    },
  }
}

/**
 * Puts the workspace back as it was before the import. Edits made since then to that workspace
 * are undone too, which the Undo notice says. Returns false if the workspace no longer exists.
 */
export function undoImport(undo: ImportUndo): boolean {
  const state = useWorkspaceStore.getState()
  if (!state.workspaces.some((w) => w.id === undo.workspaceId)) return false
  // The imported connections are gone for good (their ids were fresh): close their sockets and
  // drop their timelines, as deleting a connection does.
  for (const id of undo.importedIds) forgetConnection(id)
  const previous = undo.previous
  if (previous === null) {
    // It was created by the import: remove it and go back to where the user was, if that still exists.
    useWorkspaceStore.setState((current) => {
      const workspaces = current.workspaces.filter((w) => w.id !== undo.workspaceId)
      const back = workspaces.find((w) => w.id === undo.previousWorkspaceId) ?? workspaces[0]
      return {
        workspaces,
        currentWorkspaceId: back?.id ?? current.currentWorkspaceId,
        selectedConnectionId: back?.id === undo.previousWorkspaceId ? undo.previousSelection : (back?.connections[0]?.id ?? null),
      }
    })
    return true
  }
  useWorkspaceStore.setState((current) => ({
    workspaces: current.workspaces.map((w) => (w.id === undo.workspaceId ? previous : w)),
    currentWorkspaceId: undo.workspaceId,
    selectedConnectionId: undo.previousSelection,
  }))
  return true
}
