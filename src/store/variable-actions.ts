import { VARIABLE_NAME, type Environment, type Variable } from '../engine/template/variables.ts'
import { createId } from '../lib/create-id.ts'
import { formatCount } from '../lib/format.ts'
import { AUTOMATION_LIMITS } from '../workspace/automation-schema.ts'
import { LIMITS } from '../workspace/limits.ts'
import type { Workspace } from '../workspace/model.ts'
import { checkName, fitName, OK, refuse, type ActionResult } from './field-limits.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

// The environment switcher's one action lives apart: the sidebar needs it at start, the variables editor loads later.
export { setActiveEnvironment } from './environment-choice.ts'

/*
 * Workspace variables and environments, edited in the current workspace. Every change is checked
 * against the limits and rules storage and the file format apply (a name `{{ }}` can refer to,
 * unique names, counts, value size), so nothing here creates a workspace storage would refuse.
 * The workspace is stored and synced between tabs as a whole, like its connections.
 */

/** Where a variable lives: the workspace's own list (null) or an environment, by id. */
export type VariableScope = string | null

export type EnvironmentResult = { ok: true; environment: Environment } | { ok: false; error: string }

function currentWorkspace(): Workspace | undefined {
  return selectCurrentWorkspace(useWorkspaceStore.getState())
}

function updateCurrent(change: (workspace: Workspace) => Workspace): void {
  useWorkspaceStore.setState((state) => {
    const current = selectCurrentWorkspace(state)
    if (!current) return {}
    const next = change(current)
    return next === current ? {} : { workspaces: state.workspaces.map((w) => (w === current ? next : w)) }
  })
}

function listOf(workspace: Workspace | undefined, scope: VariableScope): Variable[] | undefined {
  if (!workspace) return undefined
  if (scope === null) return workspace.variables ?? []
  return workspace.environments?.find((e) => e.id === scope)?.variables
}

/** Absent rather than empty: a workspace that never used variables stays as it was stored. */
function withList(workspace: Workspace, scope: VariableScope, variables: Variable[]): Workspace {
  if (scope === null) {
    if (variables.length > 0) return { ...workspace, variables }
    const { variables: _gone, ...rest } = workspace
    return rest
  }
  return { ...workspace, environments: (workspace.environments ?? []).map((e) => (e.id === scope ? { ...e, variables } : e)) }
}

function changeList(scope: VariableScope, change: (variables: Variable[]) => Variable[]): ActionResult {
  const list = listOf(currentWorkspace(), scope)
  if (!list) return refuse(scope === null ? 'There is no workspace.' : 'That environment no longer exists.')
  updateCurrent((workspace) => {
    const current = listOf(workspace, scope)
    return current ? withList(workspace, scope, change(current)) : workspace
  })
  return OK
}

/** Why `name` cannot name a variable, or null. */
export function checkVariableName(name: string): string | null {
  if (name === '') return 'A variable needs a name.'
  const long = checkName(name, 'Variable names')
  if (long) return long
  if (!VARIABLE_NAME.test(name)) return `“${name}” cannot be used in {{ }}: a name starts with a letter or _ and holds only letters, digits, _, - and .`
  return null
}

function checkValue(value: string): string | null {
  if (value.length <= LIMITS.payloadChars) return null
  return `A variable's value is at most ${formatCount(LIMITS.payloadChars)} characters (this one has ${formatCount(value.length)}).`
}

function whereLabel(scope: VariableScope): string {
  if (scope === null) return 'the workspace'
  const environment = currentWorkspace()?.environments?.find((e) => e.id === scope)
  return environment ? `environment “${environment.name}”` : 'this environment'
}

/** Adds a variable at the end of the list; a taken or invalid name is refused. */
export function addVariable(scope: VariableScope, name: string, value = '', secret = false): ActionResult {
  const trimmed = name.trim()
  const list = listOf(currentWorkspace(), scope)
  if (!list) return refuse('That environment no longer exists.')
  const error = checkVariableName(trimmed) ?? checkValue(value)
  if (error) return refuse(error)
  if (list.some((v) => v.name === trimmed)) return refuse(`A variable named “${trimmed}” already exists in ${whereLabel(scope)}.`)
  if (list.length >= AUTOMATION_LIMITS.variables) return refuse(`At most ${formatCount(AUTOMATION_LIMITS.variables)} variables fit in one list; delete some first.`)
  return changeList(scope, (variables) => [...variables, { name: trimmed, value, ...(secret ? { secret: true } : {}) }])
}

/** A name for a new variable that is not taken yet: "name", "name2", … */
export function freeVariableName(scope: VariableScope, base = 'name'): string {
  const taken = new Set((listOf(currentWorkspace(), scope) ?? []).map((v) => v.name))
  if (!taken.has(base)) return base
  let n = 2
  while (taken.has(`${base}${n}`)) n += 1
  return `${base}${n}`
}

export function renameVariable(scope: VariableScope, from: string, to: string): ActionResult {
  const trimmed = to.trim()
  if (trimmed === from) return OK
  const list = listOf(currentWorkspace(), scope)
  if (!list?.some((v) => v.name === from)) return refuse('That variable no longer exists.')
  const error = checkVariableName(trimmed)
  if (error) return refuse(error)
  if (list.some((v) => v.name === trimmed)) return refuse(`Another variable here is already named “${trimmed}”.`)
  return changeList(scope, (variables) => variables.map((v) => (v.name === from ? { ...v, name: trimmed } : v)))
}

export function setVariableValue(scope: VariableScope, name: string, value: string): ActionResult {
  const error = checkValue(value)
  if (error) return refuse(error)
  if (!listOf(currentWorkspace(), scope)?.some((v) => v.name === name)) return refuse('That variable no longer exists.')
  return changeList(scope, (variables) => variables.map((v) => (v.name === name && v.value !== value ? { ...v, value } : v)))
}

/** Secret: masked on screen, left out of exports and share links unless secrets are included. */
export function setVariableSecret(scope: VariableScope, name: string, secret: boolean): ActionResult {
  if (!listOf(currentWorkspace(), scope)?.some((v) => v.name === name)) return refuse('That variable no longer exists.')
  return changeList(scope, (variables) =>
    variables.map((v) => {
      if (v.name !== name || (v.secret === true) === secret) return v
      if (secret) return { ...v, secret: true }
      const { secret: _off, ...rest } = v
      return rest
    }),
  )
}

export type RemovedVariable = { scope: VariableScope; variable: Variable; index: number }

export function deleteVariable(scope: VariableScope, name: string): RemovedVariable | undefined {
  const list = listOf(currentWorkspace(), scope)
  const index = list?.findIndex((v) => v.name === name) ?? -1
  const variable = list?.[index]
  if (!variable) return undefined
  changeList(scope, (variables) => variables.filter((v) => v.name !== name))
  return { scope, variable, index }
}

/** Undoes a delete, unless the name was taken again meanwhile. */
export function restoreVariable(removed: RemovedVariable): ActionResult {
  const list = listOf(currentWorkspace(), removed.scope)
  if (!list) return refuse('Not restored: that environment no longer exists.')
  if (list.some((v) => v.name === removed.variable.name)) return refuse(`Not restored: a variable named “${removed.variable.name}” exists again.`)
  return changeList(removed.scope, (variables) => {
    const next = [...variables]
    next.splice(Math.min(removed.index, next.length), 0, removed.variable)
    return next
  })
}

function checkEnvironmentName(name: string, exceptId?: string): string | null {
  if (name === '') return 'An environment needs a name.'
  const long = checkName(name, 'Environment names')
  if (long) return long
  if (currentWorkspace()?.environments?.some((e) => e.name === name && e.id !== exceptId)) return `Another environment is already named “${name}”.`
  return null
}

/** A name not taken yet: "Staging", "Staging 2", … */
export function freeEnvironmentName(base = 'Environment'): string {
  const taken = new Set((currentWorkspace()?.environments ?? []).map((e) => e.name))
  if (!taken.has(base)) return base
  let n = 2
  while (taken.has(fitName(base, ` ${n}`))) n += 1
  return fitName(base, ` ${n}`)
}

/** Adds an environment; it holds no variables yet (the workspace's own apply until it overrides them). */
export function addEnvironment(name: string): EnvironmentResult {
  const workspace = currentWorkspace()
  if (!workspace) return { ok: false, error: 'There is no workspace.' }
  const trimmed = name.trim()
  const error = checkEnvironmentName(trimmed)
  if (error) return { ok: false, error }
  if ((workspace.environments?.length ?? 0) >= AUTOMATION_LIMITS.environments) {
    return { ok: false, error: `A workspace holds at most ${AUTOMATION_LIMITS.environments} environments; delete one first.` }
  }
  const environment: Environment = { id: createId('e_'), name: trimmed, variables: [] }
  updateCurrent((w) => ({ ...w, environments: [...(w.environments ?? []), environment] }))
  return { ok: true, environment }
}

export function renameEnvironment(id: string, name: string): ActionResult {
  const trimmed = name.trim()
  if (!currentWorkspace()?.environments?.some((e) => e.id === id)) return refuse('That environment no longer exists.')
  const error = checkEnvironmentName(trimmed, id)
  if (error) return refuse(error)
  updateCurrent((w) => ({ ...w, environments: (w.environments ?? []).map((e) => (e.id === id && e.name !== trimmed ? { ...e, name: trimmed } : e)) }))
  return OK
}

export type RemovedEnvironment = { environment: Environment; index: number; wasActive: boolean }

/** Deletes an environment; when it was the active one, the workspace's own variables apply again. */
export function deleteEnvironment(id: string): RemovedEnvironment | undefined {
  const workspace = currentWorkspace()
  const index = workspace?.environments?.findIndex((e) => e.id === id) ?? -1
  const environment = workspace?.environments?.[index]
  if (!workspace || !environment) return undefined
  const wasActive = workspace.activeEnvironmentId === id
  updateCurrent((w) => {
    const environments = (w.environments ?? []).filter((e) => e.id !== id)
    const { environments: _list, activeEnvironmentId, ...rest } = w
    return {
      ...rest,
      ...(environments.length > 0 ? { environments } : {}),
      ...(activeEnvironmentId !== undefined && activeEnvironmentId !== id ? { activeEnvironmentId } : {}),
    }
  })
  return { environment, index, wasActive }
}

export function restoreEnvironment(removed: RemovedEnvironment): ActionResult {
  const workspace = currentWorkspace()
  if (!workspace) return refuse('There is no workspace.')
  if (workspace.environments?.some((e) => e.id === removed.environment.id)) return OK
  const error = checkEnvironmentName(removed.environment.name)
  if (error) return refuse(`Not restored: ${error}`)
  updateCurrent((w) => {
    const environments = [...(w.environments ?? [])]
    environments.splice(Math.min(removed.index, environments.length), 0, removed.environment)
    return { ...w, environments, ...(removed.wasActive ? { activeEnvironmentId: removed.environment.id } : {}) }
  })
  return OK
}

