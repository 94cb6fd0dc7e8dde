import { useState } from 'react'
import { MatcherEditor } from '../../components/matcher-editor.tsx'
import type { FrameKind } from '../../engine/frame.ts'
import type { Matcher } from '../../engine/match/matcher.ts'
import type { ActionResult } from '../../store/field-limits.ts'
import { SelectField } from './draft-field.tsx'

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

/**
 * An expectation's matcher: direction and kind here, the test itself in the shared MatcherEditor
 * (src/components/matcher-editor.tsx, also used by auto-responders). The editor is controlled
 * and passes on every edit, valid or not; the store refuses what storage would refuse, so the
 * editor works on a local copy that shows what was typed while the stored one stays valid.
 */
export function ExpectMatcherFields({ match, commit, label }: { match: Matcher; commit: (match: Matcher) => ActionResult; label: string }) {
  const [draft, setDraft] = useState(match)
  const [shown, setShown] = useState(match)
  const [error, setError] = useState<string | null>(null)
  // Changed elsewhere (another tab, a type change): follow it unless an edit is refused right now.
  if (match !== shown && error === null) {
    setShown(match)
    setDraft(match)
  }
  const edit = (next: Matcher) => {
    setDraft(next)
    const result = commit(next)
    setError(result.ok ? null : result.error)
  }
  return (
    <div className="scn-matcher">
      <SelectField
        label="Direction"
        value={draft.direction ?? 'any'}
        options={[
          { value: 'any', label: 'Any' },
          { value: 'in', label: 'Received' },
          { value: 'out', label: 'Sent' },
        ]}
        onChange={(value) => edit(value === 'any' ? without(draft, 'direction') : { ...draft, direction: value })}
      />
      <SelectField label="Kind" value={draft.kind ?? 'message'} options={KINDS} onChange={(value) => edit(value === 'message' ? without(draft, 'kind') : { ...draft, kind: value })} />
      <MatcherEditor label={label} value={draft} onChange={edit} />
      {error && <span className="scn-error">Not saved yet: {error}</span>}
    </div>
  )
}
