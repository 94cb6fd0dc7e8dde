/** Small display formatters shared by features. Pure, allocation-light: rows call them per render. */

export { formatBytes } from '../engine/format-bytes.ts'

// One formatter for the whole app: Intl objects are expensive to create, cheap to reuse.
const COUNT_FORMAT = new Intl.NumberFormat('en-US')

/** 1234 → "1,234". A fixed locale so counts read the same in tests, screenshots and bug reports. */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value)
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** Local wall-clock time with milliseconds: "HH:MM:SS.mmm". */
export function formatTime(epochMs: number): string {
  const date = new Date(epochMs)
  return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`
}

/** Full local date and time, for tooltips and the detail pane: "2026-05-04 13:07:09.042". */
export function formatDateTime(epochMs: number): string {
  const date = new Date(epochMs)
  return `${date.getFullYear()}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)} ${formatTime(epochMs)}`
}

/** "1 frame" / "2 frames": labels stay grammatical at every count. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`
}
