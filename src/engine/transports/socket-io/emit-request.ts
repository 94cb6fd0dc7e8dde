/**
 * What the Socket.IO composer sends through the runtime's `send(payload)`: the runtime carries
 * text and bytes only, so an emit travels as this JSON text and the transport decodes it.
 *
 * @example
 * encodeEmitRequest({ event: 'echo', args: [{ type: 'json', text: '{"a":1}' }, { type: 'binary', hex: '00ff' }], ack: true, ackTimeoutMs: 5000 })
 */

/** One argument as the user wrote it: JSON text, plain text (sent as a string), or bytes as hex. */
export type EmitArg = { readonly type: 'json' | 'text'; readonly text: string } | { readonly type: 'binary'; readonly hex: string }

export type EmitRequest = {
  readonly event: string
  readonly args: readonly EmitArg[]
  /** Ask the server for an ack; its answer is linked to this emit. */
  readonly ack: boolean
  /** How long to wait for the ack; the connection's default when absent. */
  readonly ackTimeoutMs?: number
}

/** The argument values socket.io-client emits: JSON values, strings, ArrayBuffers. */
export type EmitValue = unknown

export type DecodedEmit = { ok: true; event: string; values: EmitValue[]; ack: boolean; ackTimeoutMs?: number } | { ok: false; error: string }

/** Event names the client reserves: emitting one throws inside socket.io-client. */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'])

export const MAX_ACK_TIMEOUT_MS = 10 * 60_000

const MARK = 'frameline.socket.io.emit'

export function encodeEmitRequest(request: EmitRequest): string {
  return JSON.stringify({ [MARK]: 1, ...request })
}

export function isEmitRequestText(text: string): boolean {
  return text.startsWith(`{"${MARK}":1`)
}

/** Strict hex: pairs of hex digits, spaces and line breaks allowed between bytes. */
export function hexToBytes(hex: string): { ok: true; bytes: ArrayBuffer } | { ok: false; error: string } {
  const compact = hex.replace(/\s+/g, '')
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(compact)) return { ok: false, error: 'Binary arguments are hex bytes (e.g. "de ad be ef"): an even number of 0-9 a-f digits.' }
  const bytes = new Uint8Array(compact.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(compact.slice(i * 2, i * 2 + 2), 16)
  return { ok: true, bytes: bytes.buffer }
}

export function bytesToHex(bytes: ArrayBuffer | ArrayBufferView, separator = ''): string {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let out = ''
  for (let i = 0; i < view.length; i++) out += `${i > 0 ? separator : ''}${(view[i] ?? 0).toString(16).padStart(2, '0')}`
  return out
}

/** Checks one argument as the composer does before anything is sent; the error names the argument. */
export function decodeEmitArg(arg: EmitArg, position: number): { ok: true; value: EmitValue } | { ok: false; error: string } {
  if (arg.type === 'binary') {
    const bytes = hexToBytes(arg.hex)
    return bytes.ok ? { ok: true, value: bytes.bytes } : { ok: false, error: `Argument ${position}: ${bytes.error}` }
  }
  if (arg.type === 'text') return { ok: true, value: arg.text }
  try {
    return { ok: true, value: JSON.parse(arg.text) as unknown }
  } catch (thrown) {
    return { ok: false, error: `Argument ${position} is not valid JSON (${thrown instanceof Error ? thrown.message : String(thrown)}); choose "text" to send it as a string.` }
  }
}

export function checkEventName(event: string): string | null {
  if (event === '') return 'Enter an event name.'
  if (RESERVED_EVENTS.has(event)) return `"${event}" is reserved by Socket.IO and cannot be emitted; choose another event name.`
  return null
}

export function decodeEmitRequest(text: string): DecodedEmit {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    raw = undefined
  }
  if (!isRecord(raw) || raw[MARK] !== 1) {
    return { ok: false, error: 'A Socket.IO connection sends events: enter an event name and its arguments.' }
  }
  const event = raw.event
  if (typeof event !== 'string') return { ok: false, error: 'The event name is missing.' }
  const nameError = checkEventName(event)
  if (nameError) return { ok: false, error: nameError }
  if (!Array.isArray(raw.args)) return { ok: false, error: 'The arguments are missing.' }
  const values: EmitValue[] = []
  for (const [index, arg] of (raw.args as unknown[]).entries()) {
    if (!isEmitArg(arg)) return { ok: false, error: `Argument ${index + 1} is not a JSON, text or binary argument.` }
    const decoded = decodeEmitArg(arg, index + 1)
    if (!decoded.ok) return decoded
    values.push(decoded.value)
  }
  const ack = raw.ack === true
  const timeout = raw.ackTimeoutMs
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > MAX_ACK_TIMEOUT_MS)) {
    return { ok: false, error: `The ack timeout must be a whole number of milliseconds from 1 to ${MAX_ACK_TIMEOUT_MS}.` }
  }
  return { ok: true, event, values, ack, ...(typeof timeout === 'number' ? { ackTimeoutMs: timeout } : {}) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isEmitArg(value: unknown): value is EmitArg {
  if (!isRecord(value)) return false
  if (value.type === 'binary') return typeof value.hex === 'string'
  return (value.type === 'json' || value.type === 'text') && typeof value.text === 'string'
}
