import { memo } from 'react'
import { formatBytes, formatCount } from '../../lib/format.ts'
import type { TimelineStats as Stats } from '../../store/session-store.ts'

type TimelineStatsProps = {
  stats: Stats
  retained: number
  retainedBytes: number
  dropped: number
  /** The retention limits in force (preferences), shown next to what is kept. */
  maxFrames: number
  maxBytes: number
}

/** Live counters for one connection; re-rendered at most once per animation frame by the store. */
export const TimelineStats = memo(function TimelineStats(props: TimelineStatsProps) {
  const { stats, retained, retainedBytes, dropped, maxFrames, maxBytes } = props
  const limits = `Each connection keeps its newest ${formatCount(maxFrames)} frames or ${formatBytes(maxBytes)} of payload, whichever is reached first; older frames are dropped and counted. Change it under Retention.`
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
        <dd>
          {formatCount(retained)} · {formatBytes(retainedBytes)}
        </dd>
      </div>
      {/* Its own cell: scripts (bench, e2e) read a cell's leading number, as for In and Out. */}
      <div title={limits}>
        <dt>Max</dt>
        <dd>
          {formatCount(maxFrames)} · {formatBytes(maxBytes)}
        </dd>
      </div>
      <div className={dropped > 0 ? 'tl-stats-dropped' : undefined} title={limits}>
        <dt>Dropped</dt>
        <dd>{formatCount(dropped)}</dd>
      </div>
    </dl>
  )
})
