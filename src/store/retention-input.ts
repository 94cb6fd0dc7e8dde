import { formatCount } from '../lib/format.ts'

/** The unit the retention fields use; the same binary megabyte formatBytes shows as "MB". */
export const MEBIBYTE = 1024 * 1024

/**
 * What the Retention settings accept, per connection. The floor keeps a timeline useful (a limit
 * of 1 frame would drop each frame as the next arrives); the ceilings keep one busy connection
 * from exhausting the tab: V8 holds a tab's strings in a heap of about 4 GB, and each retained
 * frame costs a few hundred bytes beyond its payload. Stored preferences are validated with
 * wider bounds on purpose (workspace-schema.ts: any positive whole number), so a value set some
 * other way is kept, not treated as corrupt data; only what a user enters here is held to these.
 */
export const RETENTION_BOUNDS = {
  minFrames: 100,
  maxFrames: 5_000_000,
  minMegabytes: 1,
  maxMegabytes: 4_096,
} as const

export type RetentionField = { ok: true; value: number } | { ok: false; error: string }

// Digits, optionally grouped with commas as the app shows counts ("200,000").
const WHOLE_NUMBER = /^(\d+|\d{1,3}(,\d{3})+)$/

function readWhole(text: string, min: number, max: number, unit: string): RetentionField {
  const trimmed = text.trim()
  const range = `from ${formatCount(min)} to ${formatCount(max)}`
  if (!WHOLE_NUMBER.test(trimmed)) return { ok: false, error: `Enter a whole number of ${unit}, ${range}.` }
  const value = Number(trimmed.replaceAll(',', ''))
  if (value < min) return { ok: false, error: `Too small: keep at least ${formatCount(min)} ${unit} (${range}).` }
  if (value > max) return { ok: false, error: `Too large: at most ${formatCount(max)} ${unit} per connection (${range}).` }
  return { ok: true, value }
}

/** The "Keep at most (frames)" field. */
export function readFramesLimit(text: string): RetentionField {
  return readWhole(text, RETENTION_BOUNDS.minFrames, RETENTION_BOUNDS.maxFrames, 'frames')
}

/** The "Keep at most (MB)" field, in megabytes. */
export function readMegabytesLimit(text: string): RetentionField {
  return readWhole(text, RETENTION_BOUNDS.minMegabytes, RETENTION_BOUNDS.maxMegabytes, 'MB')
}

/** Why these limits are refused, or null; the store's own check of what the fields produced. */
export function checkRetentionLimits(maxFrames: number, maxBytes: number): string | null {
  const frames = readFramesLimit(String(maxFrames))
  if (!frames.ok) return frames.error
  if (!Number.isInteger(maxBytes / MEBIBYTE)) return 'The byte limit must be a whole number of MB.'
  const megabytes = readMegabytesLimit(String(maxBytes / MEBIBYTE))
  return megabytes.ok ? null : megabytes.error
}

/** How a limit reads in a field: "200,000" frames, "256" MB (two decimals for odd stored values). */
export function framesFieldText(maxFrames: number): string {
  return formatCount(maxFrames)
}

export function megabytesFieldText(maxBytes: number): string {
  const megabytes = maxBytes / MEBIBYTE
  return Number.isInteger(megabytes) ? formatCount(megabytes) : String(Math.round(megabytes * 100) / 100)
}
