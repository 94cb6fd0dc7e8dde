import { lazy, Suspense, useId, useState } from 'react'
import type { AnnotationStats, SeriesPoint } from '../../store/annotation-actions.ts'
import { PinnedList } from './pinned-list.tsx'
import './annotations.css'

// Its own chunk, and uPlot a further one inside it: neither is part of the first screen.
const TrafficChart = lazy(() => import('./traffic-chart.tsx'))

type TimelineInsightsProps = {
  connectionId: string
  annotations: AnnotationStats | undefined
  /** The per-second series the connection's snapshot already carries (the last 60 s). */
  series: readonly SeriesPoint[]
  onJump: (seq: number) => void
}

/** The strip under the stats: "Pinned (N)" and the live chart's toggle (issue 10). */
export function TimelineInsights({ connectionId, annotations, series, onJump }: TimelineInsightsProps) {
  const [chart, setChart] = useState(false)
  const chartId = useId()
  return (
    <>
      <div className="tl-insights">
        <PinnedList connectionId={connectionId} stats={annotations} onJump={onJump} />
        <button type="button" aria-pressed={chart} aria-controls={chart ? chartId : undefined} onClick={() => setChart((was) => !was)}>
          Chart
        </button>
      </div>
      {chart && (
        <div id={chartId} className="tl-chart-region">
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <TrafficChart connectionId={connectionId} series={series} />
          </Suspense>
        </div>
      )}
    </>
  )
}
