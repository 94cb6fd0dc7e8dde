export type Row = {
  measure: string
  app: number | null
  raw: number | null
  ratio: number | null
  target: string
  pass: boolean | null
  unit: string
  note?: string
}

function show(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—'
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
  return unit ? `${text} ${unit}` : text
}

/** A fixed-width table for the terminal; the same rows go into latest.json. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['Measure', 'App', 'Raw baseline', 'App/raw', 'Target', 'Result']
  const body = rows.map((row) => [
    row.measure,
    show(row.app, row.unit),
    show(row.raw, row.unit),
    row.ratio === null ? '—' : row.ratio.toFixed(2),
    row.target,
    row.pass === null ? 'info' : row.pass ? 'PASS' : 'FAIL',
  ])
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((line) => (line[i] ?? '').length)))
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n')
}

/** The same table as Markdown, for the README's performance section. */
export function formatMarkdown(rows: readonly Row[]): string {
  const lines = ['| Measure | App | Raw baseline | App/raw | Target | Result |', '| --- | --- | --- | --- | --- | --- |']
  for (const row of rows) {
    lines.push(
      `| ${row.measure} | ${show(row.app, row.unit)} | ${show(row.raw, row.unit)} | ${row.ratio === null ? '—' : row.ratio.toFixed(2)} | ${row.target} | ${row.pass === null ? 'info' : row.pass ? 'pass' : '**miss**'} |`,
    )
  }
  return lines.join('\n')
}
