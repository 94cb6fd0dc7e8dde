import { bytesToBase64 } from '../../lib/payload.ts'
import { HEX_DUMP_BYTES } from './payload-format.ts'

/** MIME's line length: 57 bytes a line, so a line break never falls inside a 4-character group. */
export const BASE64_LINE_CHARS = 76

/**
 * Bytes the Base64 view shows: about as many as the hex dump, cut to a multiple of 3 so the shown
 * text is exactly the start of the whole payload's base64 (no "=" padding in the middle).
 */
export const BASE64_DISPLAY_BYTES = HEX_DUMP_BYTES - (HEX_DUMP_BYTES % 3)

/** The base64 of the first bytes of a payload, in lines of 76 characters, for display. */
export function base64Lines(bytes: Uint8Array, limit = BASE64_DISPLAY_BYTES): string {
  const text = bytesToBase64(bytes.subarray(0, Math.min(bytes.length, limit)))
  const lines: string[] = []
  for (let i = 0; i < text.length; i += BASE64_LINE_CHARS) lines.push(text.slice(i, i + BASE64_LINE_CHARS))
  return lines.join('\n')
}

/** The whole payload as one line of base64, for Copy as base64. */
export function base64Text(bytes: Uint8Array): string {
  return bytesToBase64(bytes)
}
