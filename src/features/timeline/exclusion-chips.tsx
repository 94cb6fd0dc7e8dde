import { describeRule, type ExclusionRule } from '../../store/timeline-filter.ts'

type ExclusionChipsProps = {
  rules: readonly ExclusionRule[]
  onRemove: (index: number) => void
  /** What the last "Hide frames like this" did, said once ("Hiding frames where $.type = "tick""). */
  announcement: string | null
}

/** The timeline's exclusion rules ("Hide frames like this"), each a chip that shows those frames again. */
export function ExclusionChips({ rules, onRemove, announcement }: ExclusionChipsProps) {
  return (
    <div className="tl-exclusions">
      <span className="visually-hidden" role="status">
        {announcement ?? ''}
      </span>
      {rules.length > 0 && (
        <ul className="tl-chip-list" aria-label="Hidden frames">
          <li className="muted" aria-hidden="true">
            Hidden:
          </li>
          {rules.map((rule, index) => {
            const words = describeRule(rule)
            return (
              <li key={`${index}:${words}`} className="tl-chip">
                <span className="mono">{words}</span>
                <button type="button" aria-label={`Show frames again: ${words}`} title="Show these frames again" onClick={() => onRemove(index)}>
                  ×
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
