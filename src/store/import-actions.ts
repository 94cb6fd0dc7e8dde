import { createId } from '../lib/create-id.ts'
import { LIMITS } from '../workspace/limits.ts'
import type { Connection, ConnectionId, Environment, Scenario, Variable, Workspace, WorkspaceId } from '../workspace/model.ts'
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
  /** Variables, environments and scenarios the workspace will hold after the import. */
  automation: Pick<Workspace, 'variables' | 'environments' | 'activeEnvironmentId' | 'scenarios' | 'filterPresets'>
  /** What the file adds: variables (workspace and environment ones), environments, scenarios. */
  added: { variables: number; environments: number; scenarios: number }
  /**
   * Merge only: names the workspace already had with another value (or scenario), which keep the
   * current one. "token", or "Staging / token" for an environment's variable.
   */
  kept: string[]
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
  // Scenarios refer to connections and saved messages by id: they follow the ids that changed.
  const connectionIds = new Map<string, string>()
  const messageIds = new Map<string, string>()
  const connections = parsed.workspace.connections.map((connection) => {
    const id = fresh(connection.id, taken.connections, 'c_')
    connectionIds.set(connection.id, id)
    return {
      ...connection,
      id,
      name: freeName(connection.name),
      savedMessages: connection.savedMessages.map((message) => {
        const messageId = fresh(message.id, taken.messages, 'm_')
        messageIds.set(message.id, messageId)
        return { ...message, id: messageId }
      }),
    }
  })
  const scenarios = (parsed.workspace.scenarios ?? []).map((scenario) => remapScenario(scenario, connectionIds, messageIds))
  const { automation, added, kept } =
    mode === 'merge' ? mergeAutomation(current, parsed.workspace, scenarios) : fileAutomation(current, parsed.workspace, scenarios, mode)
  return {
    mode,
    workspaceId: mode === 'new' ? createId('w_') : current.id,
    workspaceName: mode === 'new' ? uniqueName(fitName(parsed.workspace.name.trim() || 'Imported workspace'), state.workspaces) : current.name,
    connections,
    removed: mode === 'replace' ? current.connections : [],
    renamedIds,
    renamedConnections,
    savedMessages: connections.reduce((sum, c) => sum + c.savedMessages.length, 0),
    automation,
    added,
    kept,
  }
}

function remapScenario(scenario: Scenario, connections: ReadonlyMap<string, string>, messages: ReadonlyMap<string, string>): Scenario {
  const connection = (id: string) => connections.get(id) ?? id
  return {
    ...scenario,
    connection: connection(scenario.connection),
    steps: scenario.steps.map((step) => {
      let next = step
      if ('connection' in next && next.connection !== undefined) next = { ...next, connection: connection(next.connection) }
      if (next.type === 'send' && 'savedMessageId' in next) next = { ...next, savedMessageId: messages.get(next.savedMessageId) ?? next.savedMessageId }
      return next
    }),
  }
}

type AutomationPlan = Pick<ImportPlan, 'automation' | 'added' | 'kept'>

const countVariables = (variables: readonly Variable[] | undefined, environments: readonly Environment[] | undefined) =>
  (variables?.length ?? 0) + (environments ?? []).reduce((sum, e) => sum + e.variables.length, 0)

/** Replace and new: the file's variables, environments and scenarios, as they are. */
function fileAutomation(current: Workspace, file: ParsedWorkspaceFile['workspace'], scenarios: Scenario[], mode: ImportMode): AutomationPlan {
  const environments = file.environments ?? []
  // Files carry no active environment (a choice per browser): a replace keeps the one chosen
  // here when the file has an environment of that name.
  const activeName = mode === 'replace' ? current.environments?.find((e) => e.id === current.activeEnvironmentId)?.name : undefined
  const active = activeName === undefined ? undefined : environments.find((e) => e.name === activeName)
  return {
    automation: {
      ...(file.variables && file.variables.length > 0 ? { variables: file.variables } : {}),
      ...(environments.length > 0 ? { environments } : {}),
      ...(active ? { activeEnvironmentId: active.id } : {}),
      ...(scenarios.length > 0 ? { scenarios } : {}),
      ...(file.filterPresets && file.filterPresets.length > 0 ? { filterPresets: file.filterPresets } : {}),
    },
    added: { variables: countVariables(file.variables, file.environments), environments: environments.length, scenarios: scenarios.length },
    kept: [],
  }
}

/**
 * Merge: what is not there yet is added; a name already there keeps its current value (the
 * preview and the notice list those whose value differs). An environment of a name already there
 * gets the variables it lacks.
 */
function mergeAutomation(current: Workspace, file: ParsedWorkspaceFile['workspace'], scenarios: Scenario[]): AutomationPlan {
  const kept: string[] = []
  let addedVariables = 0
  const mergeList = (mine: readonly Variable[], theirs: readonly Variable[], label: (name: string) => string): Variable[] => {
    const out = [...mine]
    for (const variable of theirs) {
      const existing = out.find((v) => v.name === variable.name)
      if (!existing) {
        out.push(variable)
        addedVariables += 1
      } else if (existing.value !== variable.value || (existing.secret === true) !== (variable.secret === true)) {
        kept.push(label(variable.name))
      }
    }
    return out
  }
  const variables = mergeList(current.variables ?? [], file.variables ?? [], (name) => name)
  const environments = [...(current.environments ?? [])]
  const envIds = new Set(environments.map((e) => e.id))
  let addedEnvironments = 0
  for (const environment of file.environments ?? []) {
    const index = environments.findIndex((e) => e.name === environment.name)
    const existing = environments[index]
    if (existing) {
      environments[index] = { ...existing, variables: mergeList(existing.variables, environment.variables, (name) => `${environment.name} / ${name}`) }
      continue
    }
    let id = environment.id
    while (envIds.has(id) || id in Object.prototype) id = createId('e_')
    envIds.add(id)
    environments.push({ ...environment, id })
    addedEnvironments += 1
    addedVariables += environment.variables.length
  }
  const mergedScenarios = [...(current.scenarios ?? [])]
  let addedScenarios = 0
  for (const scenario of scenarios) {
    if (mergedScenarios.some((s) => s.name === scenario.name)) {
      kept.push(`scenario “${scenario.name}”`)
      continue
    }
    let id = scenario.id
    while (mergedScenarios.some((s) => s.id === id)) id = createId('s_')
    mergedScenarios.push({ ...scenario, id })
    addedScenarios += 1
  }
  // Filter presets like scenarios: a name already there keeps its own filter.
  const presets = [...(current.filterPresets ?? [])]
  for (const preset of file.filterPresets ?? []) {
    if (presets.some((p) => p.name === preset.name)) {
      kept.push(`filter preset “${preset.name}”`)
      continue
    }
    let id = preset.id
    while (presets.some((p) => p.id === id)) id = createId('f_')
    presets.push({ ...preset, id })
  }
  return {
    automation: {
      ...(variables.length > 0 ? { variables } : {}),
      ...(environments.length > 0 ? { environments } : {}),
      ...(current.activeEnvironmentId !== undefined ? { activeEnvironmentId: current.activeEnvironmentId } : {}),
      ...(mergedScenarios.length > 0 ? { scenarios: mergedScenarios } : {}),
      ...(presets.length > 0 ? { filterPresets: presets } : {}),
    },
    added: { variables: addedVariables, environments: addedEnvironments, scenarios: addedScenarios },
    kept,
  }
}

/** The workspace with the plan's variables, environments and scenarios in place of its own. */
function withAutomation(workspace: Workspace, automation: ImportPlan['automation']): Workspace {
  const { variables: _v, environments: _e, activeEnvironmentId: _a, scenarios: _s, filterPresets: _f, ...rest } = workspace
  return { ...rest, ...automation }
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
  const checked = validateWorkspace({ ...withAutomation(previous, plan.automation), connections })
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
  const checked = validateWorkspace({ id: plan.workspaceId, name: plan.workspaceName, connections: plan.connections, ...plan.automation })
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
