/**
 * Formatting for the detail pane only: rows never parse or format payloads. Limits keep a 20 MB
 * frame from freezing the page; beyond them the user gets a truncated view and a download.
 */
import { reindentJson } from '../../lib/payload.ts'

/** Text payloads up to this size are checked for JSON and pretty-printed. */
export const PRETTY_LIMIT_BYTES = 1024 * 1024
/**
 * Text the detail pane puts in the DOM. Layout cost grows with characters and lines: in Chromium
 * 128k lines of pretty JSON took 1.5 s to show, 5,000 lines take a few milliseconds.
 */
export const TEXT_DISPLAY_CHARS = 256 * 1024
export const TEXT_DISPLAY_LINES = 5000
/** Bytes of a binary payload shown as a hex dump (4,096 lines). */
export const HEX_DUMP_BYTES = 64 * 1024
/** Largest payload "Edit and resend" and binary "Copy" will handle: the editor has to hold it. */
export const EDIT_LIMIT_BYTES = 1024 * 1024

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

/** Pretty-prints JSON text (whitespace changes only, see reindentJson), or returns null when it does not parse. */
export function prettyJson(text: string): string | null {
  try {
    JSON.parse(text)
  } catch {
    return null
  }
  return reindentJson(text)
}

/** True when the text is a JSON object or array worth a Pretty view (scalars look the same). */
export function looksLikeJsonContainer(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isSpace(code)) continue
    return code === 0x7b || code === 0x5b
  }
  return false
}

function hexByte(value: number): string {
  return value.toString(16).padStart(2, '0')
}

/**
 * Classic hex dump, 16 bytes a line: offset, hex in two groups of eight, printable ASCII.
 * "00000000  de ad be ef 48 69 00 7f                          |....Hi..|"
 */
export function hexDump(bytes: Uint8Array, limit = HEX_DUMP_BYTES): string {
  const shown = Math.min(bytes.length, limit)
  const lines: string[] = []
  for (let offset = 0; offset < shown; offset += 16) {
    let hex = ''
    let ascii = ''
    for (let k = 0; k < 16; k++) {
      const index = offset + k
      if (index < shown) {
        const value = bytes[index] ?? 0
        hex += `${hexByte(value)} `
        ascii += value >= 0x20 && value <= 0x7e ? String.fromCharCode(value) : '.'
      } else {
        hex += '   '
      }
      if (k === 7) hex += ' '
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`)
  }
  return lines.join('\n')
}

/** Cuts text to a number of characters and lines for display, without splitting a surrogate pair. */
export function truncateForDisplay(
  text: string,
  maxChars = TEXT_DISPLAY_CHARS,
  maxLines = TEXT_DISPLAY_LINES,
): { text: string; truncated: boolean } {
  let end = Math.min(text.length, maxChars)
  let newline = -1
  for (let line = 0; line < maxLines; line++) {
    newline = text.indexOf('\n', newline + 1)
    if (newline === -1 || newline >= end) break
    if (line === maxLines - 1) end = newline
  }
  if (end >= text.length) return { text, truncated: false }
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return { text: text.slice(0, end), truncated: true }
}
