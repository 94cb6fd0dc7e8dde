import { formatDateTime, formatTime, plural } from '../../lib/format.ts'
import type { PayloadMode } from '../../workspace/model.ts'

const PREVIEW_LENGTH = 160

/** One line for a list row: whitespace runs collapsed, cut at a fixed length. */
export function previewPayload(text: string): string {
  const line = text.slice(0, PREVIEW_LENGTH * 4).replace(/\s+/g, ' ').trim()
  if (line === '') return '(empty)'
  return line.length > PREVIEW_LENGTH ? `${line.slice(0, PREVIEW_LENGTH - 1)}…` : line
}

export const MODE_LABELS: Record<PayloadMode, string> = { json: 'JSON', text: 'Text', binary: 'Binary' }

/** "1 byte", "1,234 bytes": exact, because the composer is where sizes are checked against limits. */
export function formatByteCount(bytes: number): string {
  return plural(bytes, 'byte')
}

/** "14:03:07" today, "2026-05-04 14:03" on other days. */
export function formatSentAt(epochMs: number, now: number = Date.now()): string {
  // The shared formats, cut short: history rows need neither milliseconds nor, on older days, seconds.
  if (new Date(epochMs).toDateString() === new Date(now).toDateString()) return formatTime(epochMs).slice(0, 8)
  return formatDateTime(epochMs).slice(0, 16)
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
}
