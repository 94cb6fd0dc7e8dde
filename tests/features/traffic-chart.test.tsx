import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import TrafficChart from '../../src/features/timeline/traffic-chart.tsx'
import { chartRows, chartSummary } from '../../src/features/timeline/chart-data.ts'
import type { SeriesPoint } from '../../src/store/annotation-actions.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'

const START = new Date(2026, 0, 2, 13, 4, 0, 0).getTime()
const series: SeriesPoint[] = Array.from({ length: 12 }, (_, i) => ({ at: START + i * 1000, framesIn: i < 2 ? 0 : 12, framesOut: 1, bytesIn: 12 * 100, bytesOut: 50 }))

describe('the live chart', () => {
  it('says the last 10 s in a sentence and, as a table, every second of the series (jsdom has no canvas: it says so)', async () => {
    const user = userEvent.setup()
    const id = addConnection({ name: 'Chart', url: 'ws://127.0.0.1:1/' }).id
    render(<TrafficChart connectionId={id} series={series} />)
    expect(screen.getByText('Last 10 s: 12 msg/s in, 1 msg/s out, 1.2 KB/s in, 50 B/s out, no replies paired.')).toBeInTheDocument()
    expect(screen.getByText('This browser cannot draw the chart; the numbers are in the table.')).toBeInTheDocument()
    expect(screen.queryByRole('table')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Show as table' }))
    const table = screen.getByRole('table', { name: /Traffic per second, last 12 s/ })
    const bodyRows = within(table).getAllByRole('row').slice(1)
    expect(bodyRows).toHaveLength(12)
    // Newest first: 13:04:11 with 12 msg/s in; the oldest, 13:04:00, with none.
    expect(within(bodyRows[0]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['12', '1', '1.2 KB', '50 B', '–', '–'])
    expect(within(bodyRows[0]!).getByRole('rowheader')).toHaveTextContent('13:04:11')
    expect(within(bodyRows[11]!).getAllByRole('cell')[0]).toHaveTextContent('0')
  })

  it('joins latency per second to the traffic series and names the p50', () => {
    const rows = chartRows(series, [
      { at: START + 10_000, count: 3, p50: 4, max: 9 },
      { at: START + 11_000, count: 1, p50: 6, max: 6 },
      // Older than the traffic series: not shown.
      { at: START - 5_000, count: 1, p50: 99, max: 99 },
    ])
    expect(rows).toHaveLength(12)
    expect(rows.at(-2)).toMatchObject({ p50: 4, max: 9 })
    expect(rows[0]).toMatchObject({ p50: null, max: null })
    expect(chartSummary(rows)).toContain('p50 latency 4 ms')
    expect(chartSummary([])).toBe('No traffic measured yet: the chart fills in once a second.')
  })
})
