/** Byte counts in words; in the engine because row previews of binary frames are built next to the log. */

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'] as const

/** 0 → "0 B", 1234 → "1.2 KB", 20 * 1024 ** 2 → "20 MB" (binary multiples, one decimal under 10). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value))
  return `${shown} ${BYTE_UNITS[unit]}`
}
