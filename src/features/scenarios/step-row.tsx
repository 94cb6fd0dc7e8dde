import type { SendMode } from '../../engine/automation/model.ts'
import type { ExpectTimes, Scenario, ScenarioStep } from '../../engine/scenario/model.ts'
import type { StepReport } from '../../engine/scenario/report.ts'
import type { ActionResult } from '../../store/field-limits.ts'
import { changeStepType, moveStep, removeStep, SCENARIO_STEP_TYPES, updateStep } from '../../store/scenario-actions.ts'
import type { Connection } from '../../workspace/model.ts'
import { DraftField, SelectField } from './draft-field.tsx'
import { parseWhole, STEP_TYPE_WORDS } from './field-values.ts'
import { ExpectMatcherFields } from './matcher-fields.tsx'
import { StepStatusBadge } from './step-status.tsx'

const MODES: { value: SendMode; label: string }[] = [
  { value: 'json', label: 'JSON' },
  { value: 'text', label: 'Text' },
  { value: 'binary', label: 'Binary (hex)' },
]

type Props = {
  scenario: Scenario
  index: number
  step: ScenarioStep
  connections: readonly Connection[]
  status: StepReport | undefined
  disabled: boolean
}

/** One step of the builder: its live status, its type and the fields of that type. */
export function StepRow({ scenario, index, step, connections, status, disabled }: Props) {
  const commit = (next: ScenarioStep): ActionResult => updateStep(scenario.id, index, next)
  const number = index + 1
  const last = index === scenario.steps.length - 1
  return (
    <li className="scn-step" data-status={status?.status ?? 'idle'}>
      <fieldset disabled={disabled}>
        <legend>
          Step {number}: {STEP_TYPE_WORDS[step.type]}
        </legend>
        <div className="scn-step-head">
          <StepStatusBadge status={status?.status} />
          <SelectField
            label="Type"
            value={step.type}
            options={SCENARIO_STEP_TYPES.map((type) => ({ value: type, label: STEP_TYPE_WORDS[type] }))}
            onChange={(type) => changeStepType(scenario.id, index, type)}
          />
          <span className="scn-spacer" />
          <button type="button" className="scn-small" disabled={index === 0} onClick={() => moveStep(scenario.id, index, index - 1)} aria-label={`Move step ${number} up`}>
            ↑
          </button>
          <button type="button" className="scn-small" disabled={last} onClick={() => moveStep(scenario.id, index, index + 1)} aria-label={`Move step ${number} down`}>
            ↓
          </button>
          <button type="button" className="scn-small" onClick={() => removeStep(scenario.id, index)} aria-label={`Remove step ${number}`}>
            Remove
          </button>
        </div>
        <div className="scn-step-fields">
          <StepFields scenario={scenario} step={step} connections={connections} commit={commit} />
        </div>
      </fieldset>
    </li>
  )
}

function ConnectionPicker({ scenario, value, connections, onChange }: { scenario: Scenario; value: string | undefined; connections: readonly Connection[]; onChange: (id: string | undefined) => void }) {
  const own = connections.find((c) => c.id === scenario.connection)?.name ?? 'missing connection'
  return (
    <SelectField
      label="Connection"
      value={value ?? ''}
      options={[{ value: '', label: `Scenario’s (${own})` }, ...connections.filter((c) => c.id !== scenario.connection).map((c) => ({ value: c.id, label: c.name }))]}
      onChange={(id) => onChange(id === '' ? undefined : id)}
    />
  )
}

/** Sets or removes an optional field. */
function withOptional<T extends object, K extends string, V>(object: T, key: K, value: V | undefined): T {
  const copy = { ...object } as Record<string, unknown>
  if (value === undefined) delete copy[key]
  else copy[key] = value
  return copy as T
}

function wholeCommit(optional: boolean, apply: (value: number | undefined) => ActionResult) {
  return (text: string): ActionResult => {
    const parsed = parseWhole(text, optional)
    return parsed.ok ? apply(parsed.value) : parsed
  }
}

function StepFields({ scenario, step, connections, commit }: { scenario: Scenario; step: ScenarioStep; connections: readonly Connection[]; commit: (step: ScenarioStep) => ActionResult }) {
  const picker = (s: ScenarioStep & { connection?: string }) => (
    <ConnectionPicker scenario={scenario} value={s.connection} connections={connections} onChange={(id) => commit(withOptional(s, 'connection', id))} />
  )
  switch (step.type) {
    case 'connect':
      return (
        <>
          {picker(step)}
          <DraftField label="Timeout (ms)" inputMode="numeric" value={step.timeoutMs === undefined ? '' : String(step.timeoutMs)} placeholder="10000" commit={wholeCommit(true, (ms) => commit(withOptional(step, 'timeoutMs', ms)))} />
        </>
      )
    case 'send': {
      const target = connections.find((c) => c.id === (step.connection ?? scenario.connection))
      const saved = target?.savedMessages ?? []
      const source = 'savedMessageId' in step ? 'saved' : 'inline'
      return (
        <>
          {picker(step)}
          <SelectField
            label="Message"
            value={source === 'saved' ? `saved:${'savedMessageId' in step ? step.savedMessageId : ''}` : 'inline'}
            options={[...saved.map((m) => ({ value: `saved:${m.id}`, label: `Saved: ${m.name}` })), { value: 'inline', label: 'Inline text' }]}
            onChange={(choice) => {
              const connection = step.connection === undefined ? {} : { connection: step.connection }
              if (choice === 'inline') commit({ type: 'send', ...connection, text: 'text' in step ? step.text : '', mode: 'text' in step ? step.mode : 'text' })
              else commit({ type: 'send', ...connection, savedMessageId: choice.slice('saved:'.length) })
            }}
          />
          {'savedMessageId' in step && !saved.some((m) => m.id === step.savedMessageId) && <span className="scn-error">This saved message is not on {target?.name ?? 'the connection'}: choose another.</span>}
          {'text' in step && (
            <>
              <DraftField label="Text" multiline value={step.text} hint="{{name}} takes a variable or a captured value" commit={(text) => commit({ ...step, text })} />
              <SelectField label="Mode" value={step.mode} options={MODES} onChange={(mode) => commit({ ...step, mode })} />
            </>
          )}
        </>
      )
    }
    case 'wait':
      return <DraftField label="Wait (ms)" inputMode="numeric" value={String(step.ms)} commit={wholeCommit(false, (ms) => commit({ ...step, ms: ms ?? 0 }))} />
    case 'expect':
      return (
        <>
          {picker(step)}
          <DraftField label="Name (optional)" value={step.name ?? ''} commit={(name) => commit(withOptional(step, 'name', name === '' ? undefined : name))} />
          <ExpectMatcherFields label="Expected frame" match={step.match} commit={(match) => commit({ ...step, match })} />
          <TimesFields times={step.times} commit={(times) => commit(withOptional(step, 'times', times))} />
          <DraftField label="Within (ms)" inputMode="numeric" value={String(step.withinMs)} commit={wholeCommit(false, (ms) => commit({ ...step, withinMs: ms ?? 0 }))} />
        </>
      )
    case 'capture': {
      const by = step.regex !== undefined ? 'regex' : 'path'
      return (
        <>
          <DraftField label="Variable" value={step.variable} hint="Used later as {{name}}" commit={(variable) => commit({ ...step, variable })} />
          <SelectField
            label="From"
            value={by}
            options={[
              { value: 'path', label: 'JSON path' },
              { value: 'regex', label: 'Regex' },
            ]}
            onChange={(next) => commit(next === 'path' ? { type: 'capture', variable: step.variable, path: '$.id' } : { type: 'capture', variable: step.variable, regex: '(\\w+)' })}
          />
          <DraftField
            label={by === 'path' ? 'JSON path' : 'Regex (group 1)'}
            value={(by === 'path' ? step.path : step.regex) ?? ''}
            commit={(text) => commit(by === 'path' ? { type: 'capture', variable: step.variable, path: text } : { type: 'capture', variable: step.variable, regex: text })}
          />
          <span className="scn-hint">From the frame the previous expectation matched.</span>
        </>
      )
    }
    case 'expectClose':
      return (
        <>
          {picker(step)}
          <DraftField label="Code (optional)" inputMode="numeric" value={step.code === undefined ? '' : String(step.code)} placeholder="1000" commit={wholeCommit(true, (code) => commit(withOptional(step, 'code', code)))} />
          <DraftField label="Within (ms)" inputMode="numeric" value={String(step.withinMs)} commit={wholeCommit(false, (ms) => commit({ ...step, withinMs: ms ?? 0 }))} />
        </>
      )
    case 'close':
      return (
        <>
          {picker(step)}
          <DraftField label="Code (optional)" inputMode="numeric" value={step.code === undefined ? '' : String(step.code)} placeholder="1000" commit={wholeCommit(true, (code) => commit(withOptional(step, 'code', code)))} />
          <DraftField label="Reason (optional)" value={step.reason ?? ''} commit={(reason) => commit(withOptional(step, 'reason', reason === '' ? undefined : reason))} />
        </>
      )
  }
}

function TimesFields({ times, commit }: { times: ExpectTimes | undefined; commit: (times: ExpectTimes | undefined) => ActionResult }) {
  const mode = times?.mode ?? 'atLeast'
  const count = times && times.mode !== 'none' ? times.count : 1
  return (
    <>
      <SelectField
        label="Times"
        value={mode}
        options={[
          { value: 'atLeast', label: 'At least' },
          { value: 'exactly', label: 'Exactly' },
          { value: 'none', label: 'None (must not match)' },
        ]}
        onChange={(next) => commit(next === 'none' ? { mode: 'none' } : next === 'atLeast' && count === 1 ? undefined : { mode: next, count })}
      />
      {mode !== 'none' && (
        <DraftField
          label="Count"
          inputMode="numeric"
          value={String(count)}
          commit={wholeCommit(false, (n) => commit(mode === 'atLeast' && n === 1 ? undefined : { mode, count: n ?? 1 }))}
        />
      )}
    </>
  )
}
