import { useEffect, useMemo, useRef, useState } from 'react'
import { formatBytes, formatCount, formatTime } from '../../lib/format.ts'
import { fetchLatencySeries, type LatencyPoint, type SeriesPoint } from '../../store/annotation-actions.ts'
import { useResolvedTheme } from '../../store/theme-store.ts'
import type { ChartHandle, ChartKind, ChartPalette } from './chart-canvas.ts'
import { chartRows, chartSummary, type ChartRow } from './chart-data.ts'
import './traffic-chart.css'

/** The latency series is asked for at this pace while the chart shows: the traffic series' own. */
const LATENCY_POLL_MS = 1000
const CHART_HEIGHT = 120

type TrafficChartProps = {
  connectionId: string
  /** Completed seconds from the connection's snapshot (at most 60): nothing new is sent for the chart. */
  series: readonly SeriesPoint[]
}

/** A canvas that draws (not jsdom's stub), and matchMedia, which uPlot reads when it loads. */
function canDraw(): boolean {
  return typeof CanvasRenderingContext2D !== 'undefined' && typeof globalThis.matchMedia === 'function'
}

function paletteOf(element: HTMLElement): ChartPalette {
  const style = getComputedStyle(element)
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return { text: read('--text-dim', '#888'), grid: read('--border', '#444'), in: read('--ok', '#4ade80'), out: read('--accent', '#38bdf8'), latency: read('--danger', '#fd8596'), latencyMax: read('--text-faint', '#94a3b8') }
}

function alignedData(kind: ChartKind, rows: readonly ChartRow[]): [number[], ...(number | null)[][]] {
  const x = rows.map((row) => row.at / 1000)
  if (kind === 'latency') return [x, rows.map((r) => r.p50), rows.map((r) => r.max)]
  return [x, rows.map((r) => r.msgIn), rows.map((r) => r.msgOut), rows.map((r) => r.bytesIn), rows.map((r) => r.bytesOut)]
}

/** One uPlot canvas; created once per theme, fed new data at most once a second, sized by its box. */
function ChartCanvas({ kind, rows, label }: { kind: ChartKind; rows: readonly ChartRow[]; label: string }) {
  const boxRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<ChartHandle | null>(null)
  const rowsRef = useRef(rows)
  const theme = useResolvedTheme()
  const [failed, setFailed] = useState<string | null>(canDraw() ? null : 'This browser cannot draw the chart; the numbers are in the table.')

  useEffect(() => {
    rowsRef.current = rows
    chartRef.current?.setData(alignedData(kind, rows))
  }, [kind, rows])

  useEffect(() => {
    const box = boxRef.current
    if (!box || !canDraw()) return
    let live = true
    let observer: ResizeObserver | null = null
    void import('./chart-canvas.ts')
      .then(({ createChart }) => {
        if (!live) return
        const chart = createChart(kind, box, paletteOf(box), Math.max(200, box.clientWidth), CHART_HEIGHT, alignedData(kind, rowsRef.current))
        chartRef.current = chart
        if (typeof ResizeObserver !== 'undefined') {
          observer = new ResizeObserver(() => chart.setSize(Math.max(200, box.clientWidth), CHART_HEIGHT))
          observer.observe(box)
        }
      })
      .catch((error: unknown) => {
        if (live) setFailed(`The chart could not load (${error instanceof Error ? error.message : String(error)}); the numbers are in the table.`)
      })
    return () => {
      live = false
      observer?.disconnect()
      chartRef.current?.destroy()
      chartRef.current = null
    }
  }, [kind, theme])

  return (
    <div className="tl-chart">
      <div ref={boxRef} className="tl-chart-canvas" role="img" aria-label={label} />
      {failed && <p className="muted">{failed}</p>}
    </div>
  )
}

/**
 * The live chart of one connection: msg/s and bytes/s in and out from the series the snapshot
 * already carries, and request/reply latency (p50, max) per second from the pairing next to the
 * log. The same numbers are a sentence and, on request, a table: the canvas is never the only way.
 */
export default function TrafficChart({ connectionId, series }: TrafficChartProps) {
  const [latency, setLatency] = useState<LatencyPoint[]>([])
  const [table, setTable] = useState(false)

  useEffect(() => {
    let live = true
    const load = () =>
      void fetchLatencySeries(connectionId).then((next) => {
        if (live) setLatency(next)
      })
    load()
    const timer = setInterval(load, LATENCY_POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [connectionId])

  // The series only changes when a second completes: keyed by its last second, the chart is fed at most once a second.
  const lastAt = series.at(-1)?.at ?? 0
  const latencyKey = latency.map((p) => `${p.at}:${p.count}`).join(',')
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on what changes once a second, not on each snapshot's new array
  const rows = useMemo(() => chartRows(series, latency), [lastAt, series.length, latencyKey])
  const hasLatency = rows.some((row) => row.p50 !== null)
  const summary = chartSummary(rows)

  return (
    <section className="tl-chart-panel" aria-label="Live chart">
      <p className="tl-chart-summary">{summary}</p>
      <ul className="tl-chart-legend" aria-label="Legend">
        <li className="tl-chart-key tl-chart-key--in">msg/s in (solid), bytes/s in (dashed)</li>
        <li className="tl-chart-key tl-chart-key--out">msg/s out (solid), bytes/s out (dashed)</li>
      </ul>
      <ChartCanvas kind="traffic" rows={rows} label={`Messages and bytes per second over the last ${rows.length} s. ${summary}`} />
      {hasLatency && (
        <>
          <p className="tl-chart-caption">Request/reply latency per second: p50 (solid), max (dashed)</p>
          <ChartCanvas kind="latency" rows={rows} label="Request/reply latency per second (p50 and max). The numbers are in the table." />
        </>
      )}
      <button type="button" aria-pressed={table} onClick={() => setTable((was) => !was)}>
        {table ? 'Hide table' : 'Show as table'}
      </button>
      {table && <ChartTable rows={rows} />}
    </section>
  )
}

function ChartTable({ rows }: { rows: readonly ChartRow[] }) {
  const ms = (value: number | null) => (value === null ? '–' : `${formatCount(value)} ms`)
  return (
    <div className="tl-chart-table-wrap" tabIndex={0} role="region" aria-label="Chart data, newest first">
      <table className="tl-chart-table">
        <caption>Traffic per second, last {rows.length} s (newest first)</caption>
        <thead>
          <tr>
            <th scope="col">Second</th>
            <th scope="col">msg/s in</th>
            <th scope="col">msg/s out</th>
            <th scope="col">bytes/s in</th>
            <th scope="col">bytes/s out</th>
            <th scope="col">p50 latency</th>
            <th scope="col">max latency</th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((row) => (
            <tr key={row.at}>
              <th scope="row">{formatTime(row.at).slice(0, 8)}</th>
              <td>{formatCount(row.msgIn)}</td>
              <td>{formatCount(row.msgOut)}</td>
              <td>{formatBytes(row.bytesIn)}</td>
              <td>{formatBytes(row.bytesOut)}</td>
              <td>{ms(row.p50)}</td>
              <td>{ms(row.max)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
