import { formatCount } from '../../lib/format.ts'

type ScanStatusProps = {
  /** Rows the filter shows now. */
  matches: number
  retained: number
  scanning: boolean
  /** Retained frames the filter examined, of those retained; null without a filter. */
  progress: { scanned: number; total: number } | null
  stopped: boolean
  onStop: () => void
  onResume: () => void
}

/**
 * The match count of a filtered timeline, with how far a long scan has got. The scan runs next to
 * the log in slices of a few milliseconds, so typing and scrolling never wait for it; Stop keeps
 * the matches found so far (the count says among how many frames) and Resume goes on from there.
 */
export function ScanStatus({ matches, retained, scanning, progress, stopped, onStop, onResume }: ScanStatusProps) {
  const examining = scanning && progress !== null && progress.scanned < progress.total
  const percent = examining && progress ? Math.floor((progress.scanned * 100) / Math.max(1, progress.total)) : null
  const counted = `${formatCount(matches)} of ${formatCount(retained)}`
  return (
    <>
      <span className="tl-match-count muted" role="status">
        {stopped && progress
          ? `Stopped after ${formatCount(progress.scanned)} of ${formatCount(progress.total)} frames · ${formatCount(matches)} found`
          : `${scanning ? `Searching…${percent === null ? '' : ` ${percent} %`} ` : ''}${counted}`}
      </span>
      {percent !== null && progress && (
        <span
          className="tl-scan-bar"
          role="progressbar"
          aria-label="Filter progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent} %: ${formatCount(progress.scanned)} of ${formatCount(progress.total)} frames searched`}
        >
          <span style={{ width: `${percent}%` }} />
        </span>
      )}
      {examining && (
        <button type="button" onClick={onStop} title="Stop searching: keep the matches found so far">
          Stop
        </button>
      )}
      {stopped && (
        <button type="button" onClick={onResume} title="Search the rest of the timeline">
          Resume
        </button>
      )}
    </>
  )
}
