import { MAX_CLOSE_REASON_BYTES, utf8ByteLength, validateCloseRequest } from '../../store/connection-input.ts'

export const DEFAULT_CLOSE_CODE = 1000

export type CloseInput =
  | { ok: true; code: number; reason: string }
  | { ok: false; field: 'code' | 'reason'; error: string }

/** Reads the close code and reason fields; an empty code means the normal 1000. */
export function readCloseInput(codeText: string, reason: string): CloseInput {
  const trimmed = codeText.trim()
  if (trimmed !== '' && !/^\d+$/.test(trimmed)) {
    return { ok: false, field: 'code', error: 'Close code must be a whole number: 1000, or between 3000 and 4999.' }
  }
  const code = trimmed === '' ? DEFAULT_CLOSE_CODE : Number(trimmed)
  const codeCheck = validateCloseRequest(code, '', 0)
  if (!codeCheck.ok) return { ok: false, field: 'code', error: codeCheck.error }
  const check = validateCloseRequest(code, reason, utf8ByteLength(reason))
  if (!check.ok) return { ok: false, field: 'reason', error: check.error }
  return { ok: true, code: check.value.code, reason: check.value.reason }
}

export function reasonBytesLabel(reason: string): string {
  return `${utf8ByteLength(reason)} / ${MAX_CLOSE_REASON_BYTES} bytes`
}

export const MAX_CONNECT_TIMEOUT_SECONDS = 600

export type TimeoutInput = { ok: true; ms: number } | { ok: false; error: string }

/** Seconds as typed; 0 turns the app's own handshake timeout off. */
export function readTimeoutInput(text: string): TimeoutInput {
  const trimmed = text.trim().replace(',', '.')
  const seconds = Number(trimmed)
  if (trimmed === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_CONNECT_TIMEOUT_SECONDS) {
    return {
      ok: false,
      error: `Connect timeout must be a number of seconds from 0 to ${MAX_CONNECT_TIMEOUT_SECONDS} (0 waits as long as the browser does).`,
    }
  }
  return { ok: true, ms: Math.round(seconds * 1000) }
}
