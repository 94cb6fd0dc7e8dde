import { formatBytes } from '../../lib/format.ts'
import type { LatencyPoint, SeriesPoint } from '../../store/annotation-actions.ts'

/** One second as the chart and its table show it. */
export type ChartRow = {
  /** The second's start, ms since the epoch. */
  at: number
  msgIn: number
  msgOut: number
  bytesIn: number
  bytesOut: number
  /** Replies that arrived in this second: their p50 and max latency; null when none did. */
  p50: number | null
  max: number | null
}

/**
 * The traffic series the snapshot carries (completed seconds, at most 60) joined with the latency
 * series by second. Bounded by the traffic series: the chart never holds more than it shows.
 */
export function chartRows(series: readonly SeriesPoint[], latency: readonly LatencyPoint[]): ChartRow[] {
  const bySecond = new Map(latency.map((point) => [point.at, point]))
  return series.map((point) => {
    const replies = bySecond.get(point.at)
    return {
      at: point.at,
      msgIn: point.framesIn,
      msgOut: point.framesOut,
      bytesIn: point.bytesIn,
      bytesOut: point.bytesOut,
      p50: replies ? replies.p50 : null,
      max: replies ? replies.max : null,
    }
  })
}

function rate(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

/** "Last 10 s: 12 msg/s in, 1 msg/s out, …": the chart in one sentence, for everyone. */
export function chartSummary(rows: readonly ChartRow[], seconds = 10): string {
  const recent = rows.slice(-seconds)
  if (recent.length === 0) return 'No traffic measured yet: the chart fills in once a second.'
  const n = recent.length
  const sum = (pick: (row: ChartRow) => number) => recent.reduce((total, row) => total + pick(row), 0)
  const p50s = recent.flatMap((row) => (row.p50 === null ? [] : [row.p50])).sort((a, b) => a - b)
  const p50 = p50s.length === 0 ? null : p50s[Math.floor((p50s.length - 1) / 2)]
  return (
    `Last ${n} s: ${rate(sum((r) => r.msgIn) / n)} msg/s in, ${rate(sum((r) => r.msgOut) / n)} msg/s out, ` +
    `${formatBytes(Math.round(sum((r) => r.bytesIn) / n))}/s in, ${formatBytes(Math.round(sum((r) => r.bytesOut) / n))}/s out` +
    (p50 === null || p50 === undefined ? ', no replies paired' : `, p50 latency ${rate(p50)} ms`) +
    '.'
  )
}
