import { useId, useState } from 'react'
import './matcher-editor.css'
import { compileMatcher, describeMatcher, JSON_OPERATORS, type JsonOperator, type JsonPredicate, type Matcher } from '../engine/match/matcher.ts'

/**
 * One matcher, edited the way people think of it: text that contains something, a regular
 * expression, one JSON field compared with a value, or a Socket.IO / SSE event name. Shared by
 * auto-responders and scenario expectations. Controlled: every edit goes to onChange, valid or
 * not; the editor says what is wrong (the matcher's own compile error) and, when nothing is, what
 * it matches in words.
 */

export type MatchBy = 'contains' | 'regex' | 'json' | 'event'

const MATCH_BY_LABELS: Record<MatchBy, string> = {
  contains: 'Text contains',
  regex: 'Regular expression',
  json: 'JSON field',
  event: 'Event name (Socket.IO, SSE)',
}

const OPERATOR_LABELS: Record<JsonOperator, string> = {
  exists: 'exists',
  absent: 'is absent',
  equals: 'equals',
  notEquals: 'does not equal',
  contains: 'contains',
  matches: 'matches regex',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
}

function matchByOf(matcher: Matcher): MatchBy {
  if (matcher.json && matcher.json.length > 0) return 'json'
  if (matcher.regex !== undefined) return 'regex'
  if (matcher.event !== undefined) return 'event'
  return 'contains'
}

/** The matcher with only what `by` edits: switching the kind of test starts it afresh. */
function switchTo(matcher: Matcher, by: MatchBy): Matcher {
  const keep: Matcher = {}
  if (matcher.kind !== undefined) keep.kind = matcher.kind
  if (matcher.direction !== undefined) keep.direction = matcher.direction
  switch (by) {
    case 'contains':
      return { ...keep, contains: '' }
    case 'regex':
      return { ...keep, regex: '' }
    case 'json':
      return { ...keep, json: [{ path: '$.type', op: 'equals', value: '' }] }
    case 'event':
      return { ...keep, event: '' }
  }
}

/** The value field's text as the operator takes it: a number, a JSON value, or text. */
function readPredicateValue(op: JsonOperator, text: string): unknown {
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
    const number = Number(text)
    // Not a number stays text, so the matcher says it needs one instead of never matching.
    return text.trim() !== '' && Number.isFinite(number) ? number : text
  }
  if (op === 'contains' || op === 'matches') return text
  // equals/notEquals compare JSON values: 42, true, null, {"a":1}; anything else is a string.
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function predicateValueText(value: unknown): string {
  if (value === undefined) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}

type MatcherEditorProps = {
  value: Matcher
  onChange: (next: Matcher) => void
  /** The group's accessible name, e.g. "Match for rule Pong". */
  label: string
}

export function MatcherEditor({ value, onChange, label }: MatcherEditorProps) {
  const id = useId()
  const by = matchByOf(value)
  const compiled = compileMatcher(value)
  const predicate: JsonPredicate = value.json?.[0] ?? { path: '$', op: 'exists' }
  // Typing "1." or "-" must not be turned into a number under the cursor: the text is kept here.
  const [valueText, setValueText] = useState(() => predicateValueText(predicate.value))

  const setPredicate = (next: JsonPredicate) => onChange({ ...value, json: [next, ...(value.json?.slice(1) ?? [])] })

  return (
    <fieldset className="matcher-editor" aria-label={label}>
      <div className="matcher-row">
        <label htmlFor={`${id}-by`}>Match by</label>
        <select id={`${id}-by`} value={by} onChange={(event) => onChange(switchTo(value, event.target.value as MatchBy))}>
          {(Object.keys(MATCH_BY_LABELS) as MatchBy[]).map((option) => (
            <option key={option} value={option}>
              {MATCH_BY_LABELS[option]}
            </option>
          ))}
        </select>
      </div>
      {by === 'contains' && (
        <div className="matcher-row">
          <label htmlFor={`${id}-contains`}>Text</label>
          <input id={`${id}-contains`} className="mono" type="text" value={value.contains ?? ''} onChange={(event) => onChange({ ...value, contains: event.target.value })} />
          <label className="matcher-check">
            <input type="checkbox" checked={value.matchCase === true} onChange={(event) => onChange({ ...value, matchCase: event.target.checked })} />
            Match case
          </label>
        </div>
      )}
      {by === 'regex' && (
        <div className="matcher-row">
          <label htmlFor={`${id}-regex`}>Pattern</label>
          <input id={`${id}-regex`} className="mono" type="text" placeholder="/tick|pong/i" value={value.regex ?? ''} onChange={(event) => onChange({ ...value, regex: event.target.value })} />
        </div>
      )}
      {by === 'json' && (
        <div className="matcher-row">
          <label htmlFor={`${id}-path`}>JSON path</label>
          <input id={`${id}-path`} className="mono matcher-path" type="text" placeholder="$.type" value={predicate.path} onChange={(event) => setPredicate({ ...predicate, path: event.target.value })} />
          <label htmlFor={`${id}-op`} className="visually-hidden">
            Operator
          </label>
          <select
            id={`${id}-op`}
            value={predicate.op}
            onChange={(event) => {
              const op = event.target.value as JsonOperator
              const { value: _old, ...rest } = predicate
              setPredicate(op === 'exists' || op === 'absent' ? { ...rest, op } : { ...rest, op, value: readPredicateValue(op, valueText) })
            }}
          >
            {JSON_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {OPERATOR_LABELS[op]}
              </option>
            ))}
          </select>
          {predicate.op !== 'exists' && predicate.op !== 'absent' && (
            <>
              <label htmlFor={`${id}-value`} className="visually-hidden">
                Value
              </label>
              <input
                id={`${id}-value`}
                className="mono"
                type="text"
                placeholder={predicate.op === 'equals' || predicate.op === 'notEquals' ? '"tick", 42, true' : ''}
                value={valueText}
                onChange={(event) => {
                  setValueText(event.target.value)
                  setPredicate({ ...predicate, value: readPredicateValue(predicate.op, event.target.value) })
                }}
              />
            </>
          )}
        </div>
      )}
      {by === 'event' && (
        <div className="matcher-row">
          <label htmlFor={`${id}-event`}>Event</label>
          <input id={`${id}-event`} className="mono" type="text" placeholder="message" value={value.event ?? ''} onChange={(event) => onChange({ ...value, event: event.target.value })} />
        </div>
      )}
      <p className={compiled.ok ? 'muted matcher-summary' : 'field-error matcher-summary'} aria-live="polite">
        {compiled.ok ? `Matches ${describeMatcher(value)}.` : compiled.error}
      </p>
    </fieldset>
  )
}
