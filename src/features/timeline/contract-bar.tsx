import { formatCount } from '../../lib/format.ts'
import type { ContractStats } from '../../store/timeline-window.ts'

type ContractBarProps = {
  schemaCount: number
  stats: ContractStats | null
  invalidOnly: boolean
  onInvalidOnly: (on: boolean) => void
}

/** What frames are checked against, how many fail, and the filter that shows only those. */
export function ContractBar({ schemaCount, stats, invalidOnly, onInvalidOnly }: ContractBarProps) {
  const invalid = stats?.invalid ?? 0
  return (
    <div className="tl-contract" role="group" aria-label="Schema checks">
      <span className="muted">
        Frames are checked against {schemaCount === 1 ? '1 message schema' : `${formatCount(schemaCount)} message schemas`}:{' '}
        <span className={invalid > 0 ? 'tl-contract-invalid' : undefined}>
          {formatCount(invalid)} invalid{stats && !stats.complete ? ' (checking…)' : ''}
        </span>
      </span>
      <button type="button" aria-pressed={invalidOnly} onClick={() => onInvalidOnly(!invalidOnly)}>
        Only invalid frames
      </button>
    </div>
  )
}
