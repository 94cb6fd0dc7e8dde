import { memo } from 'react'
import { formatBytes, formatCount } from '../../lib/format.ts'
import type { TimelineStats as Stats } from '../../store/session-store.ts'

type TimelineStatsProps = {
  stats: Stats
  retained: number
  dropped: number
}

/** Live counters for one connection; re-rendered at most once per animation frame by the store. */
export const TimelineStats = memo(function TimelineStats({ stats, retained, dropped }: TimelineStatsProps) {
  return (
    <dl className="tl-stats" aria-label="Timeline statistics">
      <div>
        <dt>In</dt>
        <dd>
          {formatCount(stats.framesIn)} · {formatBytes(stats.bytesIn)}
        </dd>
      </div>
      <div>
        <dt>Out</dt>
        <dd>
          {formatCount(stats.framesOut)} · {formatBytes(stats.bytesOut)}
        </dd>
      </div>
      <div>
        <dt>Rate</dt>
        <dd>{formatCount(stats.ratePerSecond)} msg/s</dd>
      </div>
      <div>
        <dt>Retained</dt>
        <dd>{formatCount(retained)}</dd>
      </div>
      <div className={dropped > 0 ? 'tl-stats-dropped' : undefined}>
        <dt>Dropped</dt>
        <dd>{formatCount(dropped)}</dd>
      </div>
    </dl>
  )
})
