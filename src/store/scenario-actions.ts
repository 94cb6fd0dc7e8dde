import type { ScenarioRunHandle } from '../engine/host/runtime-client.ts'
import type { ScenarioRunRequest } from '../engine/host/scenario-protocol.ts'
import { DEFAULT_CONNECT_TIMEOUT_MS, MAX_STEP_WAIT_MS, SCENARIO_STEP_TYPES, type Scenario, type ScenarioStep, type ScenarioStepType } from '../engine/scenario/model.ts'
import type { ScenarioReport } from '../engine/scenario/report.ts'
import { describeStep } from '../engine/scenario/describe-step.ts'
import type { SendableMessage } from '../engine/scenario/run-scenario.ts'
import { resolveVariables, secretValues } from '../engine/template/variables.ts'
import { createId } from '../lib/create-id.ts'
import { AUTOMATION_LIMITS } from '../workspace/automation-schema.ts'
import type { Workspace } from '../workspace/model.ts'
import { validateWorkspace } from '../workspace/workspace-schema.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { runtimeClient } from './runtime-binding.ts'
import { useScenarioRunsStore } from './scenario-runs-store.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

export type { ScenarioRun } from './scenario-runs-store.ts'
// Opening and closing the section live on their own: the sidebar's button needs them at start, the rest loads with the section.
export { closeScenarios, openScenarios } from './scenario-section.ts'

/*
 * Scenarios of the current workspace: built here step by step, stored in the workspace (so the
 * export carries them to the headless runner unchanged), and run next to the runtime in the
 * Worker on the very connections the sidebar shows. Every change is checked with the schema and
 * checks persistence and the file format apply, so nothing is stored that storage would refuse.
 */

function currentWorkspace(): Workspace | undefined {
  return selectCurrentWorkspace(useWorkspaceStore.getState())
}

export function listScenarios(): readonly Scenario[] {
  return currentWorkspace()?.scenarios ?? []
}

export function getScenario(id: string): Scenario | undefined {
  return listScenarios().find((scenario) => scenario.id === id)
}

/** Replaces the current workspace's scenarios when the result is valid, else says why (nothing changes). */
function commitScenarios(next: Scenario[]): ActionResult {
  const workspace = currentWorkspace()
  if (!workspace) return refuse('There is no workspace to keep scenarios in.')
  const candidate: Workspace = { ...workspace, scenarios: next }
  const checked = validateWorkspace(candidate)
  if (!checked.ok) return refuse(readableError(checked.errors[0] ?? 'The change is not valid.'))
  useWorkspaceStore.setState((state) => ({ workspaces: state.workspaces.map((w) => (w.id === workspace.id ? candidate : w)) }))
  return OK
}

/** "scenarios[0].steps[2].match: Not a regular expression: …" → "Not a regular expression: …" (the UI shows it next to the field). */
function readableError(error: string): string {
  return error.replace(/^scenarios\[\d+\](\.steps\[\d+\])?(\.[\w.[\]]+)?:\s*/, '')
}

function changeScenario(id: string, change: (scenario: Scenario) => Scenario): ActionResult {
  const all = listScenarios()
  if (!all.some((scenario) => scenario.id === id)) return refuse('That scenario no longer exists.')
  return commitScenarios(all.map((scenario) => (scenario.id === id ? change(scenario) : scenario)))
}

/** A name no other scenario has: "Scenario 1", "Scenario 2", … */
function freeName(base: string, taken: readonly Scenario[]): string {
  const names = new Set(taken.map((scenario) => scenario.name))
  if (!names.has(base)) return base
  for (let n = 2; ; n++) if (!names.has(`${base} ${n}`)) return `${base} ${n}`
}

export type AddScenarioResult = { ok: true; scenario: Scenario } | { ok: false; error: string }

/** A new scenario on `connectionId` (default: the selected connection, else the first) and opens it. */
export function addScenario(connectionId?: string, name?: string): AddScenarioResult {
  const workspace = currentWorkspace()
  const all = listScenarios()
  if (all.length >= AUTOMATION_LIMITS.scenarios) return { ok: false, error: `A workspace holds at most ${AUTOMATION_LIMITS.scenarios} scenarios.` }
  const connection = connectionId ?? workspace?.connections[0]?.id
  if (!connection) return { ok: false, error: 'Add a connection first: a scenario runs against one.' }
  const scenario: Scenario = { id: createId('s_'), name: name ?? freeName('Scenario', all), connection, steps: [{ type: 'connect' }] }
  const result = commitScenarios([...all, scenario])
  if (!result.ok) return result
  useScenarioRunsStore.setState({ selectedScenarioId: scenario.id })
  return { ok: true, scenario }
}

export function renameScenario(id: string, name: string): ActionResult {
  if (name.trim() === '') return refuse('A scenario needs a name: the runner selects it with --scenario "<name>".')
  if (listScenarios().some((scenario) => scenario.id !== id && scenario.name === name)) return refuse(`Another scenario is already named "${name}".`)
  return changeScenario(id, (scenario) => ({ ...scenario, name }))
}

export function setScenarioConnection(id: string, connection: string): ActionResult {
  return changeScenario(id, (scenario) => ({ ...scenario, connection }))
}

export type RemovedScenario = { scenario: Scenario; index: number }

export function deleteScenario(id: string): RemovedScenario | undefined {
  const all = listScenarios()
  const index = all.findIndex((scenario) => scenario.id === id)
  const scenario = all[index]
  if (!scenario) return undefined
  cancelScenarioRun(id)
  commitScenarios(all.filter((item) => item.id !== id))
  useScenarioRunsStore.setState((state) => {
    const runs = { ...state.runs }
    delete runs[id]
    return { runs, selectedScenarioId: state.selectedScenarioId === id ? null : state.selectedScenarioId }
  })
  return { scenario, index }
}

/** A step of `type` with fields that are valid as they stand, for the builder to fill in. */
export function defaultStep(type: ScenarioStepType, workspace: Workspace | undefined = currentWorkspace(), scenario?: Scenario): ScenarioStep {
  const connection = workspace?.connections.find((c) => c.id === scenario?.connection) ?? workspace?.connections[0]
  switch (type) {
    case 'connect':
      return { type: 'connect' }
    case 'send': {
      const saved = connection?.savedMessages[0]
      return saved ? { type: 'send', savedMessageId: saved.id } : { type: 'send', text: '', mode: 'text' }
    }
    case 'wait':
      return { type: 'wait', ms: 500 }
    case 'expect':
      return { type: 'expect', match: { direction: 'in' }, withinMs: 2000 }
    case 'capture':
      return { type: 'capture', variable: 'captured', path: '$.id' }
    case 'expectClose':
      return { type: 'expectClose', withinMs: 2000 }
    case 'close':
      return { type: 'close' }
  }
}

export function addStep(scenarioId: string, type: ScenarioStepType, at?: number): ActionResult {
  const scenario = getScenario(scenarioId)
  if (!scenario) return refuse('That scenario no longer exists.')
  if (scenario.steps.length >= AUTOMATION_LIMITS.stepsPerScenario) return refuse(`A scenario has at most ${AUTOMATION_LIMITS.stepsPerScenario} steps.`)
  const step = defaultStep(type, currentWorkspace(), scenario)
  const index = at === undefined ? scenario.steps.length : Math.max(0, Math.min(at, scenario.steps.length))
  return changeScenario(scenarioId, (s) => ({ ...s, steps: [...s.steps.slice(0, index), step, ...s.steps.slice(index)] }))
}

/** Replaces step `index`; refused (and nothing changes) when the step would not be valid. */
export function updateStep(scenarioId: string, index: number, step: ScenarioStep): ActionResult {
  const scenario = getScenario(scenarioId)
  if (!scenario || index < 0 || index >= scenario.steps.length) return refuse('That step no longer exists.')
  return changeScenario(scenarioId, (s) => ({ ...s, steps: s.steps.map((old, i) => (i === index ? step : old)) }))
}

/** Changes a step's type, keeping its connection where both types have one. */
export function changeStepType(scenarioId: string, index: number, type: ScenarioStepType): ActionResult {
  const scenario = getScenario(scenarioId)
  const old = scenario?.steps[index]
  if (!scenario || !old) return refuse('That step no longer exists.')
  if (old.type === type) return OK
  const step = defaultStep(type, currentWorkspace(), scenario)
  const connection = 'connection' in old ? old.connection : undefined
  const next = connection !== undefined && type !== 'wait' && type !== 'capture' ? ({ ...step, connection } as ScenarioStep) : step
  return updateStep(scenarioId, index, next)
}

export function removeStep(scenarioId: string, index: number): ActionResult {
  const scenario = getScenario(scenarioId)
  if (!scenario || !scenario.steps[index]) return refuse('That step no longer exists.')
  return changeScenario(scenarioId, (s) => ({ ...s, steps: s.steps.filter((_, i) => i !== index) }))
}

export function moveStep(scenarioId: string, from: number, to: number): ActionResult {
  const scenario = getScenario(scenarioId)
  if (!scenario || !scenario.steps[from]) return refuse('That step no longer exists.')
  const target = Math.max(0, Math.min(to, scenario.steps.length - 1))
  if (target === from) return OK
  return changeScenario(scenarioId, (s) => {
    const steps = [...s.steps]
    const [step] = steps.splice(from, 1)
    if (step) steps.splice(target, 0, step)
    return { ...s, steps }
  })
}

// --- Panel ---

export function selectScenario(id: string | null): void {
  useScenarioRunsStore.setState({ selectedScenarioId: id })
}

// --- Runs ---

const handles = new Map<string, ScenarioRunHandle>()

/** What a run needs from the workspace, resolved as the headless runner resolves it from the file. */
export function buildRunRequest(workspace: Workspace, scenario: Scenario): ScenarioRunRequest {
  const sources = { variables: workspace.variables ?? [], environments: workspace.environments ?? [], ...(workspace.activeEnvironmentId ? { activeEnvironmentId: workspace.activeEnvironmentId } : {}) }
  const savedMessages: [string, SendableMessage][] = []
  for (const connection of workspace.connections) {
    for (const message of connection.savedMessages) savedMessages.push([message.id, { text: message.text, mode: message.mode, ...(message.emit ? { emit: message.emit } : {}) }])
  }
  return {
    scenario,
    variables: [...resolveVariables(sources)],
    secrets: secretValues(sources),
    connectionNames: workspace.connections.map((connection) => [connection.id, connection.name]),
    savedMessages,
  }
}

function setRun(id: string, report: ScenarioReport, running: boolean): void {
  useScenarioRunsStore.setState((state) => ({ runs: { ...state.runs, [id]: { report, running } } }))
}

/**
 * Runs a scenario in the Worker on the sidebar's connections (their timelines show the traffic).
 * Resolves with the final report; the live one is in useScenarioRunsStore while it runs.
 */
export function runScenario(id: string): Promise<ScenarioReport | { ok: false; error: string }> {
  const workspace = currentWorkspace()
  const scenario = getScenario(id)
  if (!workspace || !scenario) return Promise.resolve({ ok: false, error: 'That scenario no longer exists.' })
  if (handles.has(id)) return Promise.resolve({ ok: false, error: 'This scenario is already running.' })
  if (scenario.steps.length === 0) return Promise.resolve({ ok: false, error: 'Add a step first.' })
  const request = buildRunRequest(workspace, scenario)
  const started = Date.now()
  // Shown at once as pending, before the Worker's first report arrives.
  setRun(id, {
    id,
    name: scenario.name,
    status: 'running',
    startedAt: started,
    durationMs: 0,
    steps: scenario.steps.map((step, index) => ({ index, type: step.type, label: stepLabel(workspace, scenario, step), status: 'pending' })),
    captured: {},
  }, true)
  const handle = runtimeClient().runScenario(request, (report) => {
    if (handles.get(id) === handle) setRun(id, report, true)
  })
  handles.set(id, handle)
  return handle.done.then((report) => {
    if (handles.get(id) === handle) {
      handles.delete(id)
      setRun(id, { ...report, id, name: report.name || scenario.name }, false)
    }
    return report
  })
}

export function cancelScenarioRun(id: string): void {
  handles.get(id)?.cancel()
}

export function isScenarioRunning(id: string): boolean {
  return handles.has(id)
}

// Values the builder needs; features take engine values through the store only.
export { DEFAULT_CONNECT_TIMEOUT_MS, MAX_STEP_WAIT_MS, SCENARIO_STEP_TYPES }

/** A step in words, as the report and the runner name it. */
export function stepLabel(workspace: Workspace, scenario: Scenario, step: ScenarioStep): string {
  return describeStep(step, (id) => {
    const target = id ?? scenario.connection
    return workspace.connections.find((connection) => connection.id === target)?.name ?? target
  })
}

/** The exact command that runs this scenario from an exported workspace file. */
export function runnerCommand(fileName: string, scenarioName: string): string {
  const quote = (text: string) => (/^[\w./-]+$/.test(text) ? text : `"${text.replace(/(["\\$`])/g, '\\$1')}"`)
  return `npx frameline run ${quote(fileName)} --scenario "${scenarioName.replace(/(["\\$`])/g, "\\$1")}"`
}

// --- References kept valid ---

/**
 * A scenario names connections and saved messages by id. When one is deleted (the sidebar, the
 * composer library, an import), the stored workspace would no longer validate and nothing more
 * would be saved ("Not saved" banner). So the scenarios follow: a step on a deleted connection
 * falls back to the scenario's own; a send of a deleted saved message keeps its text inline (so it
 * still sends the same thing); a scenario whose connection went moves to the first one left, or
 * goes when none is left.
 */
export function repairScenarios(workspace: Workspace, previous: Workspace | undefined): Workspace {
  const scenarios = workspace.scenarios
  if (!scenarios || scenarios.length === 0) return workspace
  const connections = new Set(workspace.connections.map((c) => c.id))
  const messages = new Set(workspace.connections.flatMap((c) => c.savedMessages.map((m) => m.id)))
  const before = new Map((previous?.connections ?? []).flatMap((c) => c.savedMessages.map((m) => [m.id, m] as const)))
  const fallback = workspace.connections[0]?.id
  let changed = false
  const next: Scenario[] = []
  for (const scenario of scenarios) {
    let connection = scenario.connection
    if (!connections.has(connection)) {
      changed = true
      if (fallback === undefined) continue
      connection = fallback
    }
    const steps = scenario.steps.map((step): ScenarioStep => {
      let fixed = step
      if ('connection' in fixed && fixed.connection !== undefined && !connections.has(fixed.connection)) {
        const copy = { ...fixed }
        delete copy.connection
        fixed = copy
      }
      if (fixed.type === 'send' && 'savedMessageId' in fixed && !messages.has(fixed.savedMessageId)) {
        const gone = before.get(fixed.savedMessageId)
        fixed = { type: 'send', ...(fixed.connection === undefined ? {} : { connection: fixed.connection }), text: gone?.text ?? '', mode: gone?.mode ?? 'text' }
      }
      if (fixed !== step) changed = true
      return fixed
    })
    next.push(connection === scenario.connection && steps.every((s, i) => s === scenario.steps[i]) ? scenario : { ...scenario, connection, steps })
  }
  return changed ? { ...workspace, scenarios: next } : workspace
}

useWorkspaceStore.subscribe((state, previous) => {
  if (state.workspaces === previous.workspaces) return
  const repaired = state.workspaces.map((workspace) => {
    const before = previous.workspaces.find((w) => w.id === workspace.id)
    return before && before.connections === workspace.connections ? workspace : repairScenarios(workspace, before)
  })
  if (repaired.some((workspace, index) => workspace !== state.workspaces[index])) useWorkspaceStore.setState({ workspaces: repaired })
})
