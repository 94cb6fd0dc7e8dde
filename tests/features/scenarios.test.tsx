import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ScenarioReport } from '../../src/engine/scenario/report.ts'
import { ScenarioReportView } from '../../src/features/scenarios/scenario-report.tsx'
import { ScenariosView } from '../../src/features/scenarios/scenarios-view.tsx'
import { getScenario, listScenarios } from '../../src/store/scenario-actions.ts'
import { useScenarioRunsStore } from '../../src/store/scenario-runs-store.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'

beforeEach(() => {
  useWorkspaceStore.setState((state) => ({ workspaces: state.workspaces.map((w) => ({ ...w, connections: [], scenarios: [] })) }))
})
afterEach(() => useScenarioRunsStore.setState(useScenarioRunsStore.getInitialState(), true))

const step = (n: number) => screen.getByRole('group', { name: new RegExp(`^Step ${n}: `) })

describe('the scenario builder', () => {
  it('builds a scenario with the keyboard and mouse: name, steps of each kind, an expectation with a JSON field', async () => {
    const user = userEvent.setup()
    addConnection({ name: 'Echo', url: 'ws://127.0.0.1:1/echo', savedMessages: [{ id: 'm_ping', name: 'Ping', text: '{"type":"ping"}', mode: 'json' }] })
    render(<ScenariosView />)
    expect(screen.getByRole('heading', { name: 'No scenarios yet' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'New scenario' }))
    const name = screen.getByRole('textbox', { name: 'Scenario name' })
    await user.clear(name)
    await user.type(name, 'Ping check')
    expect(listScenarios()[0]?.name).toBe('Ping check')

    await user.selectOptions(screen.getByRole('combobox', { name: 'New step' }), 'Send')
    await user.click(screen.getByRole('button', { name: 'Add step' }))
    expect(within(step(2)).getByRole('combobox', { name: 'Message' })).toHaveDisplayValue('Saved: Ping')
    // Inline text instead of the saved message.
    await user.selectOptions(within(step(2)).getByRole('combobox', { name: 'Message' }), 'Inline text')
    await user.type(within(step(2)).getByRole('textbox', { name: 'Text' }), 'hello')

    await user.selectOptions(screen.getByRole('combobox', { name: 'New step' }), 'Expect')
    await user.click(screen.getByRole('button', { name: 'Add step' }))
    // The shared matcher editor: a JSON field equal to 7.
    await user.selectOptions(within(step(3)).getByRole('combobox', { name: 'Match by' }), 'JSON field')
    await user.type(within(step(3)).getByRole('textbox', { name: 'Value' }), '7')
    await user.selectOptions(within(step(3)).getByRole('combobox', { name: 'Times' }), 'Exactly')
    await user.clear(within(step(3)).getByRole('textbox', { name: 'Count' }))
    await user.type(within(step(3)).getByRole('textbox', { name: 'Count' }), '2')

    // A second expectation with a regex half typed: the editor says why, the store keeps the last
    // valid one, and the text stays as typed.
    await user.selectOptions(screen.getByRole('combobox', { name: 'New step' }), 'Expect')
    await user.click(screen.getByRole('button', { name: 'Add step' }))
    await user.selectOptions(within(step(4)).getByRole('combobox', { name: 'Match by' }), 'Regular expression')
    await user.type(within(step(4)).getByRole('textbox', { name: 'Pattern' }), '(')
    expect(within(step(4)).getByText(/Not saved yet: .*regular expression/)).toBeInTheDocument()
    expect(within(step(4)).getByRole('textbox', { name: 'Pattern' })).toHaveValue('(')
    expect(getScenario(listScenarios()[0]!.id)?.steps[3]).toEqual({ type: 'expect', match: { direction: 'in', regex: '' }, withinMs: 2000 })
    await user.type(within(step(4)).getByRole('textbox', { name: 'Pattern' }), 'a)')
    expect(within(step(4)).queryByText(/Not saved yet/)).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Remove step 4' }))

    await user.selectOptions(screen.getByRole('combobox', { name: 'New step' }), 'Capture')
    await user.click(screen.getByRole('button', { name: 'Add step' }))
    await user.clear(within(step(4)).getByRole('textbox', { name: 'Variable' }))
    await user.type(within(step(4)).getByRole('textbox', { name: 'Variable' }), 'sessionId')

    await user.selectOptions(screen.getByRole('combobox', { name: 'New step' }), 'Close')
    await user.click(screen.getByRole('button', { name: 'Add step' }))
    await user.type(within(step(5)).getByRole('textbox', { name: 'Code (optional)' }), '4000')
    await user.click(screen.getByRole('button', { name: 'Move step 5 up' }))

    const scenario = getScenario(listScenarios()[0]!.id)!
    expect(scenario.steps).toEqual([
      { type: 'connect' },
      { type: 'send', text: 'hello', mode: 'text' },
      { type: 'expect', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 7 }] }, withinMs: 2000, times: { mode: 'exactly', count: 2 } },
      { type: 'close', code: 4000 },
      { type: 'capture', variable: 'sessionId', path: '$.id' },
    ])
    await user.click(screen.getByRole('button', { name: 'Remove step 5' }))
    expect(getScenario(scenario.id)?.steps).toHaveLength(4)
    expect(screen.getByLabelText('Runner command')).toHaveTextContent('npx frameline run "My workspace.frameline.json" --scenario "Ping check"')
  })

  it('shows live step status in words while a run goes on', async () => {
    const connection = addConnection({ name: 'Echo', url: 'ws://127.0.0.1:1/echo' })
    useWorkspaceStore.setState((state) => ({
      workspaces: state.workspaces.map((w) => ({ ...w, scenarios: [{ id: 's_1', name: 'Live', connection: connection.id, steps: [{ type: 'connect' }, { type: 'wait', ms: 10 }] }] })),
    }))
    useScenarioRunsStore.setState({
      runs: { s_1: { running: true, report: { ...report('running'), steps: [{ index: 0, type: 'connect', label: 'connect on Echo', status: 'passed', durationMs: 5 }, { index: 1, type: 'wait', label: 'wait 10 ms', status: 'running' }] } } },
    })
    render(<ScenariosView />)
    expect(within(step(1)).getByText('Passed')).toBeInTheDocument()
    expect(within(step(2)).getByText('Running')).toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('Running step 2 of 2: wait 10 ms')
    expect(screen.getByRole('button', { name: 'Cancel run' })).toBeInTheDocument()
    // The builder is locked during the run.
    expect(within(step(2)).getByRole('combobox', { name: 'Type' })).toBeDisabled()
  })
})

function report(status: ScenarioReport['status']): ScenarioReport {
  return { id: 's_1', name: 'Live', status, startedAt: 1_000, durationMs: 420, steps: [], captured: {} }
}

describe('the report', () => {
  it('shows a failure: its message, the frames around it with why each did not match, all as text', () => {
    const hostile = '<img src=x onerror="alert(1)">{"type":"ping"}'
    render(
      <ScenarioReportView
        running={false}
        report={{
          ...report('failed'),
          failure: { kind: 'expectation', step: 1, message: 'No frame matched within 800 ms.' },
          steps: [
            { index: 0, type: 'connect', label: 'connect on Echo', status: 'passed', durationMs: 12 },
            {
              index: 1,
              type: 'expect',
              label: 'expect a received message where $.type = "pong" within 800 ms',
              status: 'failed',
              durationMs: 800,
              message: 'No frame matched within 800 ms.',
              frames: [
                { at: 1_010, connection: 'Echo', direction: 'out', kind: 'message', preview: '{"type":"ping"}', reason: 'not a received frame' },
                { at: 1_020, connection: 'Echo', direction: 'in', kind: 'message', preview: hostile, reason: '$.type is "ping", not "pong"' },
              ],
            },
            { index: 2, type: 'close', label: 'close on Echo', status: 'skipped' },
          ],
        }}
      />,
    )
    expect(screen.getByRole('heading')).toHaveTextContent('Failed in 420 ms')
    expect(screen.getByRole('status')).toHaveTextContent('Live failed at step 2: No frame matched within 800 ms.')
    const items = within(screen.getByRole('list', { name: 'Step results' })).getAllByRole('listitem')
    expect(items.map((item) => within(item).getAllByText(/^(Passed|Failed|Skipped)$/)[0]?.textContent)).toEqual(['✓ Passed', '✗ Failed', '– Skipped'])
    const table = screen.getByRole('table', { name: 'Frames around step 2' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      ['+10 ms', 'Echo', 'Sent', 'message', '{"type":"ping"}', 'not a received frame'],
      ['+20 ms', 'Echo', 'Received', 'message', hostile, '$.type is "ping", not "pong"'],
    ])
    // Received text never becomes markup.
    expect(table.querySelector('img')).toBeNull()
  })

  it('shows a pass with its timing and captured values', async () => {
    render(<ScenarioReportView running={false} report={{ ...report('passed'), steps: [{ index: 0, type: 'connect', label: 'connect on Echo', status: 'passed', durationMs: 3 }], captured: { sessionId: 'abc' } }} />)
    expect(screen.getByRole('heading')).toHaveTextContent('Passed in 420 ms')
    expect(screen.getByRole('status')).toHaveTextContent('Live passed: 1 of 1 steps in 420 ms.')
    await waitFor(() => expect(screen.getByText('{{sessionId}}')).toBeInTheDocument())
    expect(screen.getByText('abc')).toBeInTheDocument()
  })
})
