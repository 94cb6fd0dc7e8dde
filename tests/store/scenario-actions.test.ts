// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  addScenario,
  addStep,
  buildRunRequest,
  cancelScenarioRun,
  changeStepType,
  closeScenarios,
  deleteScenario,
  getScenario,
  moveStep,
  openScenarios,
  removeStep,
  renameScenario,
  runnerCommand,
  runScenario,
  setScenarioConnection,
  updateStep,
} from '../../src/store/scenario-actions.ts'
import { useScenarioRunsStore } from '../../src/store/scenario-runs-store.ts'
import { deleteSavedMessage } from '../../src/store/saved-message-actions.ts'
import { addConnection, deleteConnection } from '../../src/store/workspace-actions.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

beforeEach(() => {
  installTestRuntime({ createSocket: createNodeSocket })
  // An empty workspace: only what the test adds.
  useWorkspaceStore.setState((state) => ({ workspaces: state.workspaces.map((w) => ({ ...w, connections: [], scenarios: [] })) }))
})
afterEach(async () => {
  useScenarioRunsStore.setState(useScenarioRunsStore.getInitialState(), true)
  await closeAllServers()
})

const workspace = () => selectCurrentWorkspace(useWorkspaceStore.getState())!

function added() {
  const result = addScenario()
  if (!result.ok) throw new Error(result.error)
  return result.scenario
}

describe('scenario CRUD', () => {
  it('refuses a scenario without a connection, then adds one on the first connection with a connect step', () => {
    expect(addScenario()).toEqual({ ok: false, error: expect.stringMatching(/Add a connection first/) })
    const connection = addConnection({ name: 'Echo', url: 'ws://127.0.0.1:1/echo' })
    const scenario = added()
    expect(scenario).toMatchObject({ name: 'Scenario', connection: connection.id, steps: [{ type: 'connect' }] })
    expect(added().name).toBe('Scenario 2')
    expect(useScenarioRunsStore.getState().selectedScenarioId).not.toBe(scenario.id)
    // Everything stored is what persistence and the file format accept.
    expect(validateWorkspace(workspace()).ok).toBe(true)
  })

  it('renames (unique, not empty), picks the connection, adds, edits, reorders, retypes and removes steps', () => {
    const a = addConnection({ name: 'A', url: 'ws://127.0.0.1:1/a', savedMessages: [{ id: 'm_hi', name: 'Hi', text: 'hi', mode: 'text' }] })
    const b = addConnection({ name: 'B', url: 'ws://127.0.0.1:1/b' })
    const first = added()
    const second = added()
    expect(renameScenario(second.id, first.name)).toEqual({ ok: false, error: `Another scenario is already named "${first.name}".` })
    expect(renameScenario(second.id, '  ').ok).toBe(false)
    expect(renameScenario(second.id, 'Login flow')).toEqual({ ok: true })
    expect(setScenarioConnection(second.id, b.id)).toEqual({ ok: true })
    expect(setScenarioConnection(second.id, 'c_missing').ok).toBe(false)

    for (const type of ['send', 'wait', 'expect', 'capture', 'expectClose', 'close'] as const) expect(addStep(first.id, type)).toEqual({ ok: true })
    expect(getScenario(first.id)?.steps.map((s) => s.type)).toEqual(['connect', 'send', 'wait', 'expect', 'capture', 'expectClose', 'close'])
    // A send on a connection with saved messages starts with its first one.
    expect(getScenario(first.id)?.steps[1]).toEqual({ type: 'send', savedMessageId: 'm_hi' })

    // An invalid edit is refused with the reason and changes nothing.
    const before = getScenario(first.id)
    const refused = updateStep(first.id, 3, { type: 'expect', match: { regex: '(' }, withinMs: 100 })
    expect(refused.ok).toBe(false)
    expect(refused.ok ? '' : refused.error).toMatch(/regular expression/)
    expect(getScenario(first.id)).toBe(before)
    expect(updateStep(first.id, 4, { type: 'capture', variable: '1bad', path: '$.id' }).ok).toBe(false)
    expect(updateStep(first.id, 2, { type: 'wait', ms: 10 * 60_000 + 1 }).ok).toBe(false)
    expect(updateStep(first.id, 1, { type: 'send', savedMessageId: 'm_nowhere' }).ok).toBe(false)
    expect(updateStep(first.id, 3, { type: 'expect', connection: a.id, match: { json: [{ path: '$.type', op: 'equals', value: 'pong' }] }, withinMs: 500, times: { mode: 'exactly', count: 2 } })).toEqual({ ok: true })

    expect(moveStep(first.id, 6, 0)).toEqual({ ok: true })
    expect(getScenario(first.id)?.steps.map((s) => s.type)).toEqual(['close', 'connect', 'send', 'wait', 'expect', 'capture', 'expectClose'])
    // A new type keeps the step's connection where the new type has one.
    expect(changeStepType(first.id, 4, 'expectClose')).toEqual({ ok: true })
    expect(getScenario(first.id)?.steps[4]).toEqual({ type: 'expectClose', connection: a.id, withinMs: 2000 })
    expect(removeStep(first.id, 0)).toEqual({ ok: true })
    expect(getScenario(first.id)?.steps).toHaveLength(6)
    expect(validateWorkspace(workspace()).ok).toBe(true)

    const removed = deleteScenario(first.id)
    expect(removed?.index).toBe(0)
    expect(workspace().scenarios?.map((s) => s.name)).toEqual(['Login flow'])
  })

  it('builds the run request from workspace variables and the active environment, with every connection’s saved messages', () => {
    addConnection({ name: 'A', url: '{{base}}/a', savedMessages: [{ id: 'm_1', name: 'One', text: '{"t":"{{token}}"}', mode: 'json' }] })
    addConnection({ name: 'B', url: 'ws://x/b', savedMessages: [{ id: 'm_2', name: 'Two', text: 'two', mode: 'text' }] })
    useWorkspaceStore.setState((state) => ({
      workspaces: state.workspaces.map((w) => ({
        ...w,
        variables: [{ name: 'base', value: 'ws://default' }, { name: 'token', value: 's3cret', secret: true }],
        environments: [{ id: 'e_1', name: 'staging', variables: [{ name: 'base', value: 'ws://staging' }] }],
        activeEnvironmentId: 'e_1',
      })),
    }))
    const scenario = added()
    const request = buildRunRequest(workspace(), scenario)
    expect(new Map(request.variables)).toEqual(new Map([['base', 'ws://staging'], ['token', 's3cret']]))
    expect(request.secrets).toEqual(['s3cret'])
    expect(request.connectionNames.map(([, name]) => name)).toEqual(['A', 'B'])
    expect(request.savedMessages.map(([id]) => id)).toEqual(['m_1', 'm_2'])
  })

  it('keeps scenarios valid (and the workspace storable) when a connection or saved message they use is deleted', () => {
    const a = addConnection({ name: 'A', url: 'ws://127.0.0.1:1/a', savedMessages: [{ id: 'm_hi', name: 'Hi', text: '{"hi":1}', mode: 'json' }] })
    const b = addConnection({ name: 'B', url: 'ws://127.0.0.1:1/b' })
    const scenario = added()
    addStep(scenario.id, 'send')
    addStep(scenario.id, 'close')
    updateStep(scenario.id, 2, { type: 'close', connection: b.id })
    deleteSavedMessage(a.id, 'm_hi')
    // The send keeps sending the same text, now inline.
    expect(getScenario(scenario.id)?.steps[1]).toEqual({ type: 'send', text: '{"hi":1}', mode: 'json' })
    deleteConnection(b.id)
    expect(getScenario(scenario.id)?.steps[2]).toEqual({ type: 'close' })
    expect(validateWorkspace(workspace()).ok).toBe(true)
    deleteConnection(a.id)
    expect(workspace().scenarios).toEqual([])
    expect(validateWorkspace(workspace()).ok).toBe(true)
  })

  it('gives the runner command with the file name and the scenario name quoted', () => {
    expect(runnerCommand('my-workspace.frameline.json', 'Login "v2"')).toBe('npx frameline run my-workspace.frameline.json --scenario "Login \\"v2\\""')
  })

  it('opens the section in place of the connection and goes back to it', () => {
    const connection = addConnection({ name: 'A', url: 'ws://127.0.0.1:1/a' })
    openScenarios()
    expect(useScenarioRunsStore.getState().panelOpen).toBe(true)
    expect(useWorkspaceStore.getState().selectedConnectionId).toBeNull()
    closeScenarios()
    expect(useScenarioRunsStore.getState().panelOpen).toBe(false)
    expect(useWorkspaceStore.getState().selectedConnectionId).toBe(connection.id)
  })
})

describe('scenario runs from the store', () => {
  it('runs on the sidebar’s connection against a real echo server, keeping the live report, then the final one', async () => {
    const server = await startWsServer()
    const connection = addConnection({ name: 'Echo', url: server.url('/echo'), savedMessages: [{ id: 'm_p', name: 'Ping', text: '{"type":"ping"}', mode: 'json' }] })
    const scenario = added()
    addStep(scenario.id, 'send')
    addStep(scenario.id, 'expect')
    updateStep(scenario.id, 2, { type: 'expect', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'ping' }] }, withinMs: 3000 })
    addStep(scenario.id, 'close')

    const seen: string[] = []
    const stop = useScenarioRunsStore.subscribe((state) => {
      const run = state.runs[scenario.id]
      if (run) seen.push(run.report.steps.map((s) => s.status).join(','))
    })
    const final = await runScenario(scenario.id)
    stop()
    expect('status' in final && final.status).toBe('passed')
    const run = useScenarioRunsStore.getState().runs[scenario.id]
    expect(run?.running).toBe(false)
    expect(run?.report.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed'])
    // Pending first (shown at once), then live states, then the end.
    expect(seen[0]).toBe('pending,pending,pending,pending')
    expect(seen.some((s) => s.includes('running'))).toBe(true)
    expect(seen.at(-1)).toBe('passed,passed,passed,passed')
    expect(server.received.map((m) => m.text)).toEqual(['{"type":"ping"}'])
    expect(connection.id).toBe(scenario.connection)
  })

  it('cancels a running scenario', async () => {
    const server = await startWsServer()
    addConnection({ name: 'Echo', url: server.url('/echo') })
    const scenario = added()
    addStep(scenario.id, 'wait')
    updateStep(scenario.id, 1, { type: 'wait', ms: 60_000 })
    const done = runScenario(scenario.id)
    expect(await runScenario(scenario.id)).toEqual({ ok: false, error: 'This scenario is already running.' })
    await waitFor(() => useScenarioRunsStore.getState().runs[scenario.id]?.report.steps[1]?.status === 'running', 'the wait to start')
    cancelScenarioRun(scenario.id)
    const final = await done
    expect('failure' in final && final.failure?.kind).toBe('cancelled')
    expect(useScenarioRunsStore.getState().runs[scenario.id]?.running).toBe(false)
  })
})
