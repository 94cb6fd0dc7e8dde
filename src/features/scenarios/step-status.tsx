import type { StepStatus } from '../../engine/scenario/report.ts'

const WORDS: Record<StepStatus, string> = { pending: 'Pending', running: 'Running', passed: 'Passed', failed: 'Failed', skipped: 'Skipped' }
const ICONS: Record<StepStatus, string> = { pending: '○', running: '◔', passed: '✓', failed: '✗', skipped: '–' }

/** A step's status in words (and an icon beside them, never colour alone). Nothing before the first run. */
export function StepStatusBadge({ status }: { status: StepStatus | undefined }) {
  if (!status) return <span className="scn-status" data-status="idle">Not run</span>
  return (
    <span className="scn-status" data-status={status}>
      <span aria-hidden="true">{ICONS[status]} </span>
      {WORDS[status]}
    </span>
  )
}
