import type { SendMode } from './automation/model.ts'

export type PreparedPayload = { ok: true; payload: string | ArrayBuffer } | { ok: false; error: string }

/**
 * Turns composer text into what goes on the wire. JSON is checked but sent exactly as typed (the
 * user's formatting is theirs); binary is written as hex bytes ("de ad be ef", "0xDE,0xAD").
 */
export function preparePayload(text: string, mode: SendMode): PreparedPayload {
  if (mode === 'text') return { ok: true, payload: text }
  if (mode === 'json') {
    const error = jsonError(text)
    return error ? { ok: false, error: `Not sent: invalid JSON — ${error}` } : { ok: true, payload: text }
  }
  const bytes = parseHex(text)
  return bytes.ok ? { ok: true, payload: bytes.value.buffer as ArrayBuffer } : { ok: false, error: `Not sent: ${bytes.error}` }
}

export function jsonError(text: string): string | null {
  if (text.trim() === '') return 'the editor is empty.'
  try {
    JSON.parse(text)
    return null
  } catch (thrown) {
    return thrown instanceof Error ? thrown.message : String(thrown)
  }
}

export function parseHex(text: string): { ok: true; value: Uint8Array } | { ok: false; error: string } {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s,:;-]+/g, '')
  if (cleaned.length === 0) return { ok: false, error: 'no bytes to send; write hex bytes such as "de ad be ef".' }
  if (!/^[0-9a-fA-F]*$/.test(cleaned)) {
    const bad = cleaned.match(/[^0-9a-fA-F]/)?.[0] ?? ''
    return { ok: false, error: `"${bad}" is not a hex digit; write bytes such as "de ad be ef".` }
  }
  if (cleaned.length % 2 !== 0) return { ok: false, error: 'odd number of hex digits; every byte needs two.' }
  const bytes = new Uint8Array(cleaned.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(cleaned.slice(i * 2, i * 2 + 2), 16)
  return { ok: true, value: bytes }
}

