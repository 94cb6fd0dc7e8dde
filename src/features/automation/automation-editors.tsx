import { useId, useState } from 'react'
import { MatcherEditor } from '../../components/matcher-editor.tsx'
import type { RuleState } from '../../engine/automation/automation.ts'
import type { AutoResponder, Heartbeat, OnOpenStep, SendMode } from '../../engine/automation/model.ts'
import {
  addAutoResponder,
  DEFAULT_HEARTBEAT,
  moveAutoResponder,
  moveOnOpenStep,
  removeAutoResponder,
  setHeartbeat,
  setOnOpen,
  updateAutoResponder,
} from '../../store/automation-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import './automation.css'

/**
 * The editors of a connection's automation: auto-responders, heartbeat and the on-open sequence.
 * Loaded when the Automation panel is first opened, so the page's first load does not carry them.
 * Every valid change is saved with the connection and applies to the live connection at once.
 */

const MODES: { mode: SendMode; label: string }[] = [
  { mode: 'text', label: 'Text' },
  { mode: 'json', label: 'JSON' },
  { mode: 'binary', label: 'Hex' },
]

export default function AutomationEditors({ connectionId, rules, heartbeat, steps }: { connectionId: string; rules: readonly AutoResponder[]; heartbeat: Heartbeat | undefined; steps: readonly OnOpenStep[] }) {
  return (
    <>
      <AutoResponders connectionId={connectionId} rules={rules} />
      <HeartbeatEditor connectionId={connectionId} heartbeat={heartbeat} />
      <OnOpenEditor connectionId={connectionId} steps={steps} />
    </>
  )
}

function AutoResponders({ connectionId, rules }: { connectionId: string; rules: readonly AutoResponder[] }) {
  const titleId = useId()
  const [error, setError] = useState<string | null>(null)
  return (
    <section className="automation-section" aria-labelledby={titleId}>
      <h2 id={titleId} className="automation-title">
        Auto-responders
      </h2>
      <p className="muted">Each received message is tested against the rules in order; the first one that matches replies.</p>
      <ol className="automation-rules">
        {rules.map((rule, index) => (
          <li key={rule.id}>
            <RuleEditor connectionId={connectionId} rule={rule} first={index === 0} last={index === rules.length - 1} />
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => {
          const result = addAutoResponder(connectionId)
          setError(result.ok ? null : result.error)
        }}
      >
        Add rule
      </button>
      <SaveError error={error} />
    </section>
  )
}

const NO_RULE_STATE: RuleState | undefined = undefined

/**
 * One rule, edited as a local copy: every edit that is valid is saved at once; one that is not
 * (a regex still being typed) stays here with the reason, and the saved rule keeps working.
 */
function RuleEditor({ connectionId, rule, first, last }: { connectionId: string; rule: AutoResponder; first: boolean; last: boolean }) {
  const id = useId()
  const [draft, setDraft] = useState(rule)
  const [error, setError] = useState<string | null>(null)
  const [delayText, setDelayText] = useState(String(rule.delayMs))
  // A new stored rule (this editor's own save, another tab, an import) replaces the local copy;
  // adjusted while rendering, as React advises, rather than in an effect.
  const [stored, setStored] = useState(rule)
  if (stored !== rule) {
    setStored(rule)
    setDraft(rule)
    if (Number(delayText) !== rule.delayMs) setDelayText(String(rule.delayMs))
  }
  const state = useSessionStore((s) => selectRuntime(s, connectionId).automation?.rules.find((r) => r.id === rule.id) ?? NO_RULE_STATE)

  const edit = (next: AutoResponder) => {
    setDraft(next)
    const result = updateAutoResponder(connectionId, next)
    setError(result.ok ? null : result.error)
  }

  return (
    <article className="automation-rule" aria-label={`Rule ${draft.name}`}>
      <div className="automation-row">
        <label className="automation-check">
          <input type="checkbox" checked={draft.enabled} onChange={(event) => edit({ ...draft, enabled: event.target.checked })} />
          On
        </label>
        <label htmlFor={`${id}-name`} className="visually-hidden">
          Rule name
        </label>
        <input id={`${id}-name`} type="text" className="automation-name" value={draft.name} onChange={(event) => edit({ ...draft, name: event.target.value })} />
        <span className="automation-hits" role="status" aria-label={`Hits of rule ${draft.name}`}>
          {state ? `${state.hits} hit${state.hits === 1 ? '' : 's'} · ${state.replies} repl${state.replies === 1 ? 'y' : 'ies'}` : '0 hits'}
        </span>
        <button type="button" className="link-button" disabled={first} aria-label={`Move rule ${draft.name} up`} onClick={() => moveAutoResponder(connectionId, rule.id, -1)}>
          ↑
        </button>
        <button type="button" className="link-button" disabled={last} aria-label={`Move rule ${draft.name} down`} onClick={() => moveAutoResponder(connectionId, rule.id, 1)}>
          ↓
        </button>
        <button type="button" className="link-button danger-link" aria-label={`Delete rule ${draft.name}`} onClick={() => removeAutoResponder(connectionId, rule.id)}>
          Delete
        </button>
      </div>
      <MatcherEditor label={`Match for rule ${draft.name}`} value={draft.match} onChange={(match) => edit({ ...draft, match })} />
      <MessageFields
        idPrefix={`${id}-reply`}
        label="Reply"
        text={draft.reply.text}
        mode={draft.reply.mode}
        onChange={(text, mode) => edit({ ...draft, reply: { text, mode } })}
        hint="{{name}} uses a variable; captures below add their own."
      />
      <div className="automation-row">
        <label htmlFor={`${id}-delay`}>Delay (ms)</label>
        <MillisecondsInput
          id={`${id}-delay`}
          text={delayText}
          onChange={(text) => {
            setDelayText(text)
            const delayMs = Number(text)
            if (text.trim() !== '' && Number.isInteger(delayMs)) edit({ ...draft, delayMs })
            else setError('Not saved: the delay is a whole number of milliseconds.')
          }}
        />
      </div>
      <CapturesEditor idPrefix={`${id}-captures`} captures={draft.captures ?? []} onChange={(captures) => edit(withCaptures(draft, captures))} />
      <SaveError error={error} />
      {!error && state?.lastError && (
        <p className={state.paused ? 'field-error' : 'muted'} role="status">
          {state.lastError}
        </p>
      )}
    </article>
  )
}

type Capture = NonNullable<AutoResponder['captures']>[number]

function withCaptures(rule: AutoResponder, captures: Capture[]): AutoResponder {
  const { captures: _old, ...rest } = rule
  return captures.length > 0 ? { ...rest, captures } : rest
}

function CapturesEditor({ idPrefix, captures, onChange }: { idPrefix: string; captures: Capture[]; onChange: (next: Capture[]) => void }) {
  return (
    <div className="automation-captures">
      {captures.map((capture, index) => (
        <div className="automation-row" key={index}>
          <label htmlFor={`${idPrefix}-${index}-var`}>Capture</label>
          <input
            id={`${idPrefix}-${index}-var`}
            className="mono automation-variable"
            type="text"
            placeholder="variable"
            value={capture.variable}
            onChange={(event) => onChange(captures.map((c, i) => (i === index ? { ...c, variable: event.target.value } : c)))}
          />
          <label htmlFor={`${idPrefix}-${index}-path`}>from JSON path</label>
          <input
            id={`${idPrefix}-${index}-path`}
            className="mono"
            type="text"
            placeholder="$.id"
            value={capture.path ?? ''}
            onChange={(event) => onChange(captures.map((c, i) => (i === index ? { variable: c.variable, path: event.target.value } : c)))}
          />
          <button type="button" className="link-button" aria-label={`Remove capture ${capture.variable}`} onClick={() => onChange(captures.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => onChange([...captures, { variable: `value${captures.length + 1}`, path: '$' }])}>
        Add capture
      </button>
    </div>
  )
}

function MessageFields({ idPrefix, label, text, mode, onChange, hint }: { idPrefix: string; label: string; text: string; mode: SendMode; onChange: (text: string, mode: SendMode) => void; hint?: string }) {
  return (
    <div className="automation-message">
      <div className="automation-row">
        <label htmlFor={`${idPrefix}-text`}>{label}</label>
        <label htmlFor={`${idPrefix}-mode`} className="visually-hidden">
          {label} mode
        </label>
        <select id={`${idPrefix}-mode`} value={mode} onChange={(event) => onChange(text, event.target.value as SendMode)}>
          {MODES.map((option) => (
            <option key={option.mode} value={option.mode}>
              {option.label}
            </option>
          ))}
        </select>
        {hint && <span className="muted">{hint}</span>}
      </div>
      <textarea id={`${idPrefix}-text`} className="mono automation-text" rows={2} spellCheck={false} value={text} onChange={(event) => onChange(event.target.value, mode)} />
    </div>
  )
}

function HeartbeatEditor({ connectionId, heartbeat }: { connectionId: string; heartbeat: Heartbeat | undefined }) {
  const id = useId()
  // A local copy, like a rule's: an interval still being typed ("5" on the way to "50") is kept
  // here with the reason and the saved heartbeat goes on as it was.
  const [current, setCurrent] = useState(heartbeat ?? DEFAULT_HEARTBEAT)
  const [stored, setStored] = useState(heartbeat)
  const [intervalText, setIntervalText] = useState(String(current.intervalMs))
  const [error, setError] = useState<string | null>(null)
  if (stored !== heartbeat) {
    setStored(heartbeat)
    const next = heartbeat ?? DEFAULT_HEARTBEAT
    setCurrent(next)
    if (Number(intervalText) !== next.intervalMs) setIntervalText(String(next.intervalMs))
  }
  const live = useSessionStore((s) => selectRuntime(s, connectionId).automation?.heartbeat ?? null)
  const save = (next: Heartbeat) => {
    setCurrent(next)
    const result = setHeartbeat(connectionId, next)
    setError(result.ok ? null : result.error)
  }
  return (
    <section className="automation-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="automation-title">
        Heartbeat
      </h2>
      <div className="automation-row">
        <label className="automation-check">
          <input type="checkbox" checked={current.enabled} onChange={(event) => save({ ...current, enabled: event.target.checked })} />
          Send a heartbeat while connected
        </label>
        <label htmlFor={`${id}-interval`}>every (ms)</label>
        <MillisecondsInput
          id={`${id}-interval`}
          text={intervalText}
          onChange={(text) => {
            setIntervalText(text)
            save({ ...current, intervalMs: Number(text) })
          }}
        />
        <span className="muted" role="status" aria-label="Heartbeat status">
          {live?.active ? `Beating · ${live.sent} sent` : current.enabled ? 'Starts when connected' : 'Off'}
        </span>
      </div>
      <MessageFields idPrefix={`${id}-message`} label="Heartbeat message" text={current.text} mode={current.mode} onChange={(text, mode) => save({ ...current, text, mode })} />
      <SaveError error={error} />
    </section>
  )
}

function OnOpenEditor({ connectionId, steps }: { connectionId: string; steps: readonly OnOpenStep[] }) {
  const id = useId()
  const savedMessages = useWorkspaceStore((state) => selectConnection(state, connectionId)?.savedMessages)
  const [error, setError] = useState<string | null>(null)
  const save = (next: OnOpenStep[]) => {
    const result = setOnOpen(connectionId, next)
    setError(result.ok ? null : result.error)
  }
  const replace = (index: number, step: OnOpenStep) => save(steps.map((s, i) => (i === index ? step : s)))
  return (
    <section className="automation-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="automation-title">
        On open
      </h2>
      <p className="muted">Sent in order after every open, automatic reconnects included; each waits its delay after the one before.</p>
      <ol className="automation-steps">
        {steps.map((step, index) => (
          <li key={index} className="automation-step" aria-label={`On-open step ${index + 1}`}>
            <div className="automation-row">
              <label htmlFor={`${id}-${index}-source`}>Step {index + 1}</label>
              <select
                id={`${id}-${index}-source`}
                value={'savedMessageId' in step ? step.savedMessageId : ''}
                onChange={(event) => replace(index, event.target.value === '' ? { delayMs: step.delayMs, text: '', mode: 'text' } : { delayMs: step.delayMs, savedMessageId: event.target.value })}
              >
                <option value="">Inline text</option>
                {(savedMessages ?? []).map((message) => (
                  <option key={message.id} value={message.id}>
                    {message.name}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-${index}-delay`}>after (ms)</label>
              <StepDelay id={`${id}-${index}-delay`} delayMs={step.delayMs} onChange={(delayMs) => replace(index, { ...step, delayMs })} />
              <button type="button" className="link-button" disabled={index === 0} aria-label={`Move step ${index + 1} up`} onClick={() => moveOnOpenStep(connectionId, index, -1)}>
                ↑
              </button>
              <button type="button" className="link-button" disabled={index === steps.length - 1} aria-label={`Move step ${index + 1} down`} onClick={() => moveOnOpenStep(connectionId, index, 1)}>
                ↓
              </button>
              <button type="button" className="link-button danger-link" aria-label={`Delete step ${index + 1}`} onClick={() => save(steps.filter((_, i) => i !== index))}>
                Delete
              </button>
            </div>
            {'text' in step && <MessageFields idPrefix={`${id}-${index}-message`} label={`Step ${index + 1} message`} text={step.text} mode={step.mode} onChange={(text, mode) => replace(index, { delayMs: step.delayMs, text, mode })} />}
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => save([...steps, { delayMs: 0, text: '', mode: 'text' }])}>
        Add step
      </button>
      <SaveError error={error} />
    </section>
  )
}

function StepDelay({ id, delayMs, onChange }: { id: string; delayMs: number; onChange: (delayMs: number) => void }) {
  const [text, setText] = useState(String(delayMs))
  // Steps are listed by position: after a move this field shows another step's delay.
  const [shown, setShown] = useState(delayMs)
  if (shown !== delayMs) {
    setShown(delayMs)
    if (Number(text) !== delayMs) setText(String(delayMs))
  }
  return (
    <MillisecondsInput
      id={id}
      text={text}
      onChange={(next) => {
        setText(next)
        const value = Number(next)
        if (next.trim() !== '' && Number.isInteger(value) && value >= 0) onChange(value)
      }}
    />
  )
}

function MillisecondsInput({ id, text, onChange }: { id: string; text: string; onChange: (text: string) => void }) {
  return <input id={id} className="mono automation-number" type="text" inputMode="numeric" value={text} onChange={(event) => onChange(event.target.value)} />
}

/** Why the last edit was not saved; the saved value goes on working meanwhile. */
function SaveError({ error }: { error: string | null }) {
  if (!error) return null
  return (
    <p className="field-error" role="alert">
      {error}
    </p>
  )
}
