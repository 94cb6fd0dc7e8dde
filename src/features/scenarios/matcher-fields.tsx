import type { FrameKind } from '../../engine/frame.ts'
import type { JsonOperator, JsonPredicate, Matcher } from '../../engine/match/matcher.ts'
import type { ActionResult } from '../../store/field-limits.ts'
import { JSON_OPERATORS } from '../../store/scenario-actions.ts'
import { DraftField, SelectField } from './draft-field.tsx'
import { formatPredicateValue, parsePredicateValue } from './field-values.ts'

// Built inside this feature: there is no shared src/components/matcher-editor.tsx yet (the
// auto-responders' one is being built in parallel); switch to it once it lands.

const OPERATOR_WORDS: Record<JsonOperator, string> = {
  exists: 'exists',
  absent: 'is absent',
  equals: 'equals',
  notEquals: 'does not equal',
  contains: 'contains text',
  matches: 'matches regex',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
}

const KINDS: { value: FrameKind; label: string }[] = [
  { value: 'message', label: 'Message' },
  { value: 'open', label: 'Open' },
  { value: 'close', label: 'Close' },
  { value: 'error', label: 'Error' },
  { value: 'notice', label: 'Notice' },
  { value: 'connecting', label: 'Connecting' },
]

function without<T extends object, K extends keyof T>(object: T, key: K): Omit<T, K> {
  const copy = { ...object }
  delete copy[key]
  return copy
}

/** Sets or removes (when empty) an optional text field of a matcher. */
function withText(match: Matcher, key: 'contains' | 'regex' | 'event', text: string): Matcher {
  return text === '' ? without(match, key) : { ...match, [key]: text }
}

/** The fields of one matcher: what a frame must be (direction, kind, event) and hold (text, regex, JSON fields). */
export function MatcherFields({ match, commit }: { match: Matcher; commit: (match: Matcher) => ActionResult }) {
  const predicates = match.json ?? []
  const setPredicates = (json: JsonPredicate[]) => commit(json.length === 0 ? without(match, 'json') : { ...match, json })
  return (
    <div className="scn-matcher" role="group" aria-label="Matcher">
      <SelectField
        label="Direction"
        value={match.direction ?? 'any'}
        options={[
          { value: 'any', label: 'Any' },
          { value: 'in', label: 'Received' },
          { value: 'out', label: 'Sent' },
        ]}
        onChange={(value) => commit(value === 'any' ? without(match, 'direction') : { ...match, direction: value })}
      />
      <SelectField label="Kind" value={match.kind ?? 'message'} options={KINDS} onChange={(value) => commit(value === 'message' ? without(match, 'kind') : { ...match, kind: value })} />
      <DraftField label="Contains" value={match.contains ?? ''} commit={(text) => commit(withText(match, 'contains', text))} />
      <label className="scn-check">
        <input type="checkbox" checked={match.matchCase === true} onChange={(event) => commit(event.target.checked ? { ...match, matchCase: true } : without(match, 'matchCase'))} />
        Match case
      </label>
      <DraftField label="Regex" value={match.regex ?? ''} placeholder="/pattern/i" commit={(text) => commit(withText(match, 'regex', text))} />
      <DraftField label="Event" value={match.event ?? ''} hint="Socket.IO event or SSE event name" commit={(text) => commit(withText(match, 'event', text))} />
      <div className="scn-predicates" role="group" aria-label="JSON fields">
        {predicates.map((predicate, index) => (
          <div className="scn-predicate" key={index} role="group" aria-label={`JSON field ${index + 1}`}>
            <DraftField label="JSON path" value={predicate.path} placeholder="$.type" commit={(path) => setPredicates(predicates.map((p, i) => (i === index ? { ...p, path } : p)))} />
            <SelectField
              label="Operator"
              value={predicate.op}
              options={JSON_OPERATORS.map((op) => ({ value: op, label: OPERATOR_WORDS[op] }))}
              onChange={(op) =>
                setPredicates(
                  predicates.map((p, i) => {
                    if (i !== index) return p
                    if (op === 'exists' || op === 'absent') return { path: p.path, op }
                    return { path: p.path, op, value: parsePredicateValue(op, formatPredicateValue(p.value)) }
                  }),
                )
              }
            />
            {predicate.op !== 'exists' && predicate.op !== 'absent' && (
              <DraftField
                label="Value"
                value={formatPredicateValue(predicate.value)}
                commit={(text) => setPredicates(predicates.map((p, i) => (i === index ? { ...p, value: parsePredicateValue(p.op, text) } : p)))}
              />
            )}
            <button type="button" className="scn-small" onClick={() => setPredicates(predicates.filter((_, i) => i !== index))} aria-label={`Remove JSON field ${index + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="scn-small" onClick={() => setPredicates([...predicates, { path: '$.type', op: 'equals', value: '' }])}>
          Add JSON field
        </button>
      </div>
    </div>
  )
}
