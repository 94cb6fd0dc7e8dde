import uPlot from 'uplot'
// uPlot's own stylesheet, bundled from node_modules (no CDN): the strict CSP allows only 'self'.
import 'uplot/dist/uPlot.min.css'

/*
 * The only module that imports uPlot, loaded with a dynamic import by the chart once a canvas is
 * known to work. uPlot draws on <canvas> and builds no code at run time (no eval, no new
 * Function: checked in its dist/uPlot.esm.js and under the built app's CSP by the e2e suite).
 */

export type ChartPalette = { text: string; grid: string; in: string; out: string; latency: string; latencyMax: string }

export type ChartHandle = { setData(data: uPlot.AlignedData): void; setSize(width: number, height: number): void; destroy(): void }

export type ChartKind = 'traffic' | 'latency'

function axis(palette: ChartPalette, scale: string, side: 0 | 1 | 2 | 3, format: (v: number) => string): uPlot.Axis {
  return { scale, side, stroke: palette.text, grid: { show: side === 3 && scale !== 'x', stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid }, values: (_u, splits) => splits.map(format) }
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

// Whole seconds only: the series is per second, so sub-second ticks would only repeat labels.
const SECOND_INCREMENTS = [1, 2, 5, 10, 15, 30, 60, 120, 300]
const pad = (n: number) => String(n).padStart(2, '0')
const clock = (seconds: number) => {
  const at = new Date(seconds * 1000)
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
}

function timeAxis(palette: ChartPalette): uPlot.Axis {
  return { stroke: palette.text, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid }, incrs: SECOND_INCREMENTS, space: 60, values: (_u, splits) => splits.map(clock) }
}

export function createChart(kind: ChartKind, target: HTMLElement, palette: ChartPalette, width: number, height: number, data: uPlot.AlignedData): ChartHandle {
  const series: uPlot.Series[] =
    kind === 'traffic'
      ? [
          {},
          { label: 'msg/s in', scale: 'msg', stroke: palette.in, width: 2 },
          { label: 'msg/s out', scale: 'msg', stroke: palette.out, width: 2 },
          { label: 'bytes/s in', scale: 'bytes', stroke: palette.in, width: 1, dash: [4, 4] },
          { label: 'bytes/s out', scale: 'bytes', stroke: palette.out, width: 1, dash: [4, 4] },
        ]
      : [{}, { label: 'p50 ms', scale: 'ms', stroke: palette.latency, width: 2, spanGaps: false }, { label: 'max ms', scale: 'ms', stroke: palette.latencyMax, width: 1, dash: [4, 4] }]
  const axes: uPlot.Axis[] =
    kind === 'traffic'
      ? [
          timeAxis(palette),
          axis(palette, 'msg', 3, (v) => compact.format(v)),
          axis(palette, 'bytes', 1, (v) => `${compact.format(v)}B`),
        ]
      : [timeAxis(palette), axis(palette, 'ms', 3, (v) => `${compact.format(v)} ms`)]
  const chart = new uPlot(
    {
      width,
      height,
      series,
      axes,
      scales: { x: { time: true }, msg: { range: (_u, _min, max) => [0, Math.max(1, max)] }, bytes: { range: (_u, _min, max) => [0, Math.max(1, max)] }, ms: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      // The legend is React's (text, themed, accessible); uPlot's own is a table of live values.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    },
    data,
    target,
  )
  return {
    setData: (next) => chart.setData(next),
    setSize: (w, h) => chart.setSize({ width: w, height: h }),
    destroy: () => chart.destroy(),
  }
}
