import type { Direction, Payload } from '../frame.ts'

export const CODEC_IDS = ['json-rpc', 'graphql-transport-ws', 'graphql-ws', 'stomp', 'engine.io', 'signalr', 'msgpack', 'cbor'] as const

export type CodecId = (typeof CODEC_IDS)[number]

/** One protocol message found in a frame (a frame may carry several: a batch, STOMP frames, SignalR records). */
export type DecodedMessage = {
  /** The protocol's own word for it: "request", "next", "MESSAGE", "event". */
  readonly type: string
  /** One line for the row: "rpc result #17", "STOMP MESSAGE /topic/prices". */
  readonly summary: string
  /** The decoded form, as plain JSON-compatible data (bytes as { $hex }, big numbers as text). */
  readonly value: unknown
  /** What pairs a request with its reply ("rpc:17", "graphql:3"), when the protocol has one. */
  readonly pairKey?: string
  /** Which side of a pair this is: the request that opens it, or a reply to it. */
  readonly role?: 'request' | 'reply'
}

export type Decoding =
  | { readonly ok: true; readonly codec: CodecId; readonly messages: readonly DecodedMessage[] }
  | { readonly ok: false; readonly codec: CodecId; readonly error: string }

/**
 * A pure decoder of one protocol. It never changes the frame: the raw payload stays exactly as it
 * came over the wire, and the decoded form is computed when asked (for visible rows and the detail).
 */
export type Codec = {
  readonly id: CodecId
  readonly label: string
  /** Subprotocols whose negotiation means this codec applies. */
  readonly subprotocols: readonly string[]
  decode(payload: Payload, direction: Direction): Decoding
}

export function decoded(codec: CodecId, messages: DecodedMessage[]): Decoding {
  return { ok: true, codec, messages }
}

export function failed(codec: CodecId, error: string): Decoding {
  return { ok: false, codec, error }
}

const UTF8 = new TextDecoder('utf-8', { fatal: false })

/** Text of a payload: as is for text frames, UTF-8 for binary ones (protocols such as STOMP allow both). */
export function payloadText(payload: Payload): string {
  return typeof payload === 'string' ? payload : UTF8.decode(payload)
}

/** Parses JSON or says why not, in a decoder's words. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An id as a row shows it: numbers and strings as they are, anything else as JSON. */
export function idText(id: unknown): string {
  return typeof id === 'string' || typeof id === 'number' ? String(id) : JSON.stringify(id)
}

/** Keys of an object for a one-line shape: "{type, data, …}". */
export function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return `array(${value.length})`
  if (isRecord(value)) {
    const keys = Object.keys(value)
    return `{${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}}`
  }
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
  return JSON.stringify(value) ?? String(value)
}

export function hex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] ?? 0).toString(16).padStart(2, '0')
  return out
}
