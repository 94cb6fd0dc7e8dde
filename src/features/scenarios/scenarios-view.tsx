import { useState } from 'react'
import type { ScenarioStepType } from '../../engine/scenario/model.ts'
import {
  addScenario,
  addStep,
  cancelScenarioRun,
  closeScenarios,
  deleteScenario,
  renameScenario,
  runnerCommand,
  runScenario,
  SCENARIO_STEP_TYPES,
  selectScenario,
  setScenarioConnection,
} from '../../store/scenario-actions.ts'
import { useScenarioRunsStore } from '../../store/scenario-runs-store.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { workspaceFileName } from '../../workspace/workspace-file.ts'
import { DraftField, SelectField } from './draft-field.tsx'
import { ScenarioReportView } from './scenario-report.tsx'
import { STEP_TYPE_WORDS } from './field-values.ts'
import { StepRow } from './step-row.tsx'
import './scenarios.css'

/** The Scenarios section in the main area: the list, the step builder of the open one, Run and its report. */
export function ScenariosView() {
  const workspace = useWorkspaceStore((state) => selectCurrentWorkspace(state))
  const selectedId = useScenarioRunsStore((state) => state.selectedScenarioId)
  const runs = useScenarioRunsStore((state) => state.runs)
  const [error, setError] = useState<string | null>(null)
  const scenarios = workspace?.scenarios ?? []
  const scenario = scenarios.find((s) => s.id === selectedId) ?? scenarios[0]

  const onAdd = () => {
    const result = addScenario(workspace?.connections.find((c) => c.id === scenario?.connection)?.id)
    setError(result.ok ? null : result.error)
  }

  return (
    <main className="app-main scn-main">
      <section className="app-header scn-header" aria-label="Scenarios">
        <div className="scn-title">
          <h2>Scenarios</h2>
          <span className="scn-spacer" />
          <button type="button" onClick={onAdd}>
            New scenario
          </button>
          <button type="button" onClick={closeScenarios}>
            Close scenarios
          </button>
        </div>
        <p className="scn-hint">Steps run against the sidebar’s connections, whose timelines show the traffic. The exported workspace runs the same scenarios in CI.</p>
        {error && (
          <p className="scn-error" role="alert">
            {error}
          </p>
        )}
        {scenarios.length > 0 && (
          <ul className="scn-list" aria-label="Scenario list">
            {scenarios.map((s) => {
              const run = runs[s.id]
              const state = run ? (run.running ? 'running' : run.report.status) : null
              return (
                <li key={s.id}>
                  <button type="button" className="scn-list-item" aria-current={s.id === scenario?.id ? 'true' : undefined} onClick={() => selectScenario(s.id)}>
                    {s.name}
                    {state && <span className="scn-dim"> · {state === 'running' ? 'running' : state === 'passed' ? 'passed' : 'failed'}</span>}
                  </button>
                </li>
              )
            })}
          </ul>
        )}
      </section>
      <div className="scn-body">
        {!scenario ? (
          <div className="empty-state">
            <h2>No scenarios yet</h2>
            <p>A scenario is a list of steps (connect, send, expect, capture, close) that checks a realtime API. Press New scenario to build one.</p>
          </div>
        ) : (
          <ScenarioEditor key={scenario.id} scenarioId={scenario.id} />
        )}
      </div>
    </main>
  )
}

function ScenarioEditor({ scenarioId }: { scenarioId: string }) {
  const workspace = useWorkspaceStore((state) => selectCurrentWorkspace(state))
  const scenario = workspace?.scenarios?.find((s) => s.id === scenarioId)
  const run = useScenarioRunsStore((state) => state.runs[scenarioId])
  const [newType, setNewType] = useState<ScenarioStepType>('send')
  const [note, setNote] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  if (!workspace || !scenario) return null
  const connections = workspace.connections
  const running = run?.running === true
  const command = runnerCommand(workspaceFileName(workspace.name), scenario.name)

  const onRun = async () => {
    setNote(null)
    const outcome = await runScenario(scenario.id)
    if ('ok' in outcome) setNote(outcome.error)
  }

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(command)
      setCopied(true)
    } catch {
      setNote('Copy is not allowed here: select the command and copy it by hand.')
    }
  }

  return (
    <div className="scn-editor">
      <section className="scn-settings" aria-label="Scenario settings">
        <DraftField label="Scenario name" value={scenario.name} commit={(name) => renameScenario(scenario.id, name)} />
        <SelectField
          label="Connection"
          value={scenario.connection}
          options={[
            ...connections.map((c) => ({ value: c.id, label: c.name })),
            ...(connections.some((c) => c.id === scenario.connection) ? [] : [{ value: scenario.connection, label: 'Missing connection' }]),
          ]}
          onChange={(id) => setScenarioConnection(scenario.id, id)}
        />
        <div className="scn-run">
          {running ? (
            <button type="button" onClick={() => cancelScenarioRun(scenario.id)}>
              Cancel run
            </button>
          ) : (
            <button type="button" className="scn-primary" onClick={() => void onRun()} disabled={scenario.steps.length === 0}>
              Run
            </button>
          )}
          <button
            type="button"
            disabled={running}
            onClick={() => {
              const removed = deleteScenario(scenario.id)
              if (removed) setNote(null)
            }}
          >
            Delete scenario
          </button>
        </div>
        {note && (
          <p className="scn-error" role="alert">
            {note}
          </p>
        )}
      </section>

      <section className="scn-steps" aria-label="Steps">
        <h3>Steps</h3>
        <ol className="scn-step-list">
          {scenario.steps.map((step, index) => (
            <StepRow key={`${index}-${step.type}`} scenario={scenario} index={index} step={step} connections={connections} status={run?.report.steps[index]} disabled={running} />
          ))}
        </ol>
        <div className="scn-add-step">
          <SelectField label="New step" value={newType} options={SCENARIO_STEP_TYPES.map((type) => ({ value: type, label: STEP_TYPE_WORDS[type] }))} onChange={setNewType} />
          <button
            type="button"
            disabled={running}
            onClick={() => {
              const result = addStep(scenario.id, newType)
              setNote(result.ok ? null : result.error)
            }}
          >
            Add step
          </button>
        </div>
      </section>

      {run && <ScenarioReportView report={run.report} running={run.running} />}

      <section className="scn-ci" aria-label="Run in CI">
        <h3>Run in CI</h3>
        <p className="scn-hint">
          Export the workspace (sidebar: Export workspace), commit the file, and run this scenario with the headless runner; it exits 0 when every step passes (see the README, “Run scenarios in CI”).
        </p>
        <div className="scn-command">
          <code className="mono" aria-label="Runner command">
            {command}
          </code>
          <button type="button" onClick={() => void onCopy()}>
            {copied ? 'Copied' : 'Copy command'}
          </button>
        </div>
      </section>
    </div>
  )
}
