import { memo } from 'react'
import { formatBytes, formatCount } from '../../lib/format.ts'
import type { TimelineStats as Stats } from '../../store/session-store.ts'
import type { ContractStats, LatencyStats } from '../../store/timeline-window.ts'

type TimelineStatsProps = {
  stats: Stats
  retained: number
  retainedBytes: number
  dropped: number
  /** The retention limits in force (preferences), shown next to what is kept. */
  maxFrames: number
  maxBytes: number
  /** Request/reply latency, when the connection's protocol pairs messages. */
  latency?: LatencyStats
  /** Frames that match none of the connection's message schemas, when it has schemas. */
  contract?: ContractStats | null
}

/** Live counters for one connection; re-rendered at most once per animation frame by the store. */
export const TimelineStats = memo(function TimelineStats(props: TimelineStatsProps) {
  const { stats, retained, retainedBytes, dropped, maxFrames, maxBytes, latency, contract } = props
  const ms = (value: number | null) => (value === null ? '–' : `${formatCount(value)} ms`)
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
      {contract && (
        <div className={contract.invalid > 0 ? 'tl-stats-dropped' : undefined} title="Retained messages that match none of the connection's message schemas.">
          <dt>Invalid</dt>
          <dd>
            {formatCount(contract.invalid)}
            {contract.complete ? '' : ' (checking…)'}
          </dd>
        </div>
      )}
      {latency && (latency.count > 0 || latency.unanswered > 0) && (
        <div title="Time from a request to its first reply, paired by the protocol's id (JSON-RPC id, GraphQL operation, Socket.IO ack, SignalR invocation, STOMP receipt) or by the JSON paths chosen under Pair by….">
          <dt>Latency</dt>
          <dd>
            {formatCount(latency.count)} paired · p50 {ms(latency.p50)} · p95 {ms(latency.p95)} · max {ms(latency.max)} ·{' '}
            {formatCount(latency.unanswered)} unanswered{latency.complete ? '' : ' (counting…)'}
          </dd>
        </div>
      )}
    </dl>
  )
})
