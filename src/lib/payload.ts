import { utf8ByteLength } from '../engine/utf8.ts'
import type { PayloadMode } from '../workspace/model.ts'
import { jsonError, parseHex } from '../engine/payload.ts'

// The wire encoding lives in the engine, so the Worker, the headless runner and the page agree.
export { jsonError, parseHex, preparePayload, type PreparedPayload } from '../engine/payload.ts'
// One base64 for traffic files and the detail pane's Base64 view.
export { bytesToBase64 } from '../engine/traffic/base64.ts'

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    out += (bytes[i] ?? 0).toString(16).padStart(2, '0')
    if (i < bytes.length - 1) out += ' '
  }
  return out
}

/**
 * Bytes the composer text would put on the wire: UTF-8 length for JSON and text, the number of
 * bytes for hex. `null` when the hex cannot be parsed (the composer shows why instead).
 */
export function payloadByteLength(text: string, mode: PayloadMode): number | null {
  if (mode !== 'binary') return utf8ByteLength(text)
  const bytes = parseHex(text)
  return bytes.ok ? bytes.value.length : null
}

/** Pretty-prints JSON with two-space indentation, or says why it cannot. */
export function formatJson(text: string): { ok: true; text: string } | { ok: false; error: string } {
  const error = jsonError(text)
  if (error) return { ok: false, error: `Cannot format: invalid JSON — ${error}` }
  return { ok: true, text: reindentJson(text) }
}

const INDENTS: string[] = ['']
function indent(depth: number): string {
  let value = INDENTS[depth]
  if (value === undefined) {
    value = '  '.repeat(depth)
    INDENTS[depth] = value
  }
  return value
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

function isDelimiter(code: number): boolean {
  // , : ] } and whitespace end a number or literal.
  return isJsonSpace(code) || code === 0x2c || code === 0x3a || code === 0x5d || code === 0x7d
}

/**
 * Re-indents already valid JSON (two spaces) token by token; the caller has checked it parses.
 * JSON.stringify(JSON.parse(x)) would be shorter but silently rounds big integers
 * (12345678901234567890) and rewrites escapes and duplicate keys: only whitespace may change.
 * The composer's Format and the timeline's Pretty view both use this one.
 */
export function reindentJson(text: string): string {
  const parts: string[] = []
  let depth = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i)
    if (isJsonSpace(code)) continue
    if (code === 0x22) {
      let j = i + 1
      while (j < n) {
        const c = text.charCodeAt(j)
        if (c === 0x5c) j += 2
        else if (c === 0x22) break
        else j += 1
      }
      parts.push(text.slice(i, j + 1))
      i = j
    } else if (code === 0x7b || code === 0x5b) {
      let j = i + 1
      while (j < n && isJsonSpace(text.charCodeAt(j))) j++
      const next = text.charCodeAt(j)
      if (next === 0x7d || next === 0x5d) {
        parts.push(code === 0x7b ? '{}' : '[]')
        i = j
      } else {
        depth += 1
        parts.push(code === 0x7b ? '{\n' : '[\n', indent(depth))
      }
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1
      parts.push('\n', indent(depth), code === 0x7d ? '}' : ']')
    } else if (code === 0x2c) {
      parts.push(',\n', indent(depth))
    } else if (code === 0x3a) {
      parts.push(': ')
    } else {
      let j = i + 1
      while (j < n && !isDelimiter(text.charCodeAt(j))) j++
      parts.push(text.slice(i, j))
      i = j - 1
    }
  }
  return parts.join('')
}

/** Hex bytes in rows of 16, for the Format action in binary mode. */
export function formatHex(text: string): { ok: true; text: string } | { ok: false; error: string } {
  const bytes = parseHex(text)
  if (!bytes.ok) return { ok: false, error: `Cannot format: ${bytes.error}` }
  const rows: string[] = []
  for (let i = 0; i < bytes.value.length; i += 16) rows.push(toHex(bytes.value.subarray(i, i + 16)))
  return { ok: true, text: rows.join('\n') }
}
