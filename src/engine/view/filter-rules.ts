import type { Codec, Decoding } from '../codecs/codec.ts'
import { isBinaryPayload, type Direction, type Frame, type FrameKind } from '../frame.ts'
import { compileMatcher } from '../match/matcher.ts'
import { ROW_DECODE_LIMIT_BYTES } from './decode-cache.ts'

/**
 * The filter kinds beyond text search (issue 10): payload type, a time range, the decoded type,
 * and exclusion rules ("Hide frames like this"). Plain data, so a filter survives structured
 * cloning to the Worker, the workspace file and IndexedDB unchanged.
 */

export type PayloadKind = 'text' | 'binary'

/** Frames a rule hides. The kinds run from the most specific ("hide frames like this" picks the first that applies). */
export type ExclusionRule =
  /** Socket.IO event or SSE type, exactly. */
  | { readonly kind: 'event'; readonly name: string }
  /** What the connection's codec says every message in the frame is ("MESSAGE", "next"). */
  | { readonly kind: 'decodedType'; readonly type: string }
  /** A JSON payload whose field at `path` equals `value` (`$.type = "tick"`). */
  | { readonly kind: 'field'; readonly path: string; readonly value: string | number | boolean }
  /** Same kind and direction, and the payload (text, or bytes as hex) starts with `prefix`. */
  | { readonly kind: 'shape'; readonly frameKind: FrameKind; readonly direction?: Direction; readonly payload?: PayloadKind; readonly prefix: string }

/** Characters of a text payload (or hex digits of a binary one) a shape rule compares. */
export const SHAPE_PREFIX_CHARS = 12

/** Fields a JSON message usually names its kind with, most telling first. */
const TYPE_FIELDS = ['type', 'event', 'op', 'action', 'kind', 'method', 'cmd', 'command', 'channel', 'topic', 't'] as const

/** Above this a payload is not parsed to find its type field: the shape rule applies instead. */
const LIKE_JSON_LIMIT_CHARS = 64 * 1024
const MAX_FIELD_VALUE_CHARS = 200

export function payloadKindOf(frame: Frame): PayloadKind | null {
  if (frame.kind !== 'message') return null
  return isBinaryPayload(frame.payload) ? 'binary' : 'text'
}

function hexHead(payload: ArrayBuffer, chars: number): string {
  const bytes = new Uint8Array(payload, 0, Math.min(payload.byteLength, Math.ceil(chars / 2)))
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] ?? 0).toString(16).padStart(2, '0')
  return out.slice(0, chars)
}

/** The decoded types of a frame's messages, or null when the codec did not read it. */
export function decodedTypesOf(decoding: Decoding | null): string[] | null {
  if (!decoding || !decoding.ok || decoding.messages.length === 0) return null
  return decoding.messages.map((message) => message.type)
}

/** Whether the frame is a message whose codec reading is one of `types`. */
export type DecodeFn = (frame: Frame) => Decoding | null

/**
 * The decoding a filter's checks share. The decoded-type filter and a decoded-type exclusion rule
 * ask for the same frame one after the other during a scan, so the last frame's decoding is kept
 * (one decode per frame, not one per check). Frames above the rows' decode limit are not decoded,
 * as their rows are not: a scan never decodes a 50 MB frame.
 */
export function decoderFor(codec: Codec | null): DecodeFn {
  if (!codec) return () => null
  let last: Frame | null = null
  let lastDecoding: Decoding | null = null
  return (frame) => {
    if (frame === last) return lastDecoding
    last = frame
    lastDecoding = frame.kind === 'message' && frame.size <= ROW_DECODE_LIMIT_BYTES ? codec.decode(frame.payload, frame.direction) : null
    return lastDecoding
  }
}

/** A predicate that says whether a frame is hidden by any of the rules. Rules that cannot compile hide nothing. */
export function createExclusion(rules: readonly ExclusionRule[], decode: DecodeFn): ((frame: Frame) => boolean) | null {
  if (rules.length === 0) return null
  const tests: ((frame: Frame) => boolean)[] = []
  for (const rule of rules) {
    switch (rule.kind) {
      case 'event':
        tests.push((frame) => frame.kind === 'message' && frame.detail !== undefined && 'event' in frame.detail && frame.detail.event === rule.name)
        break
      case 'decodedType':
        tests.push((frame) => {
          const types = decodedTypesOf(decode(frame))
          return types !== null && types.every((type) => type === rule.type)
        })
        break
      case 'field': {
        const compiled = compileMatcher({ json: [{ path: rule.path, op: 'equals', value: rule.value }] })
        if (compiled.ok) {
          const matcher = compiled.matcher
          // Cheap first: only text that could be a JSON object or array is parsed.
          tests.push((frame) => frame.kind === 'message' && typeof frame.payload === 'string' && /^\s*[[{]/.test(frame.payload) && matcher.test(frame).matched)
        }
        break
      }
      case 'shape':
        tests.push((frame) => {
          if (frame.kind !== rule.frameKind) return false
          if (frame.kind !== 'message') return true
          if (rule.direction !== undefined && frame.direction !== rule.direction) return false
          const kind = payloadKindOf(frame)
          if (rule.payload !== undefined && kind !== rule.payload) return false
          if (rule.prefix === '') return true
          return typeof frame.payload === 'string' ? frame.payload.startsWith(rule.prefix) : hexHead(frame.payload, rule.prefix.length) === rule.prefix
        })
        break
    }
  }
  return (frame) => {
    for (const test of tests) if (test(frame)) return true
    return false
  }
}

/**
 * The most specific rule that hides frames like this one: its event name, else its decoded type,
 * else a JSON type-like field, else its kind, direction and first characters.
 */
export function likeRule(frame: Frame, decoding: Decoding | null): ExclusionRule {
  if (frame.kind !== 'message') return { kind: 'shape', frameKind: frame.kind, prefix: '' }
  if (frame.detail && 'event' in frame.detail) return { kind: 'event', name: frame.detail.event }
  const types = decodedTypesOf(decoding)
  const first = types?.[0]
  if (first !== undefined && types?.every((type) => type === first)) return { kind: 'decodedType', type: first }
  if (typeof frame.payload === 'string') {
    const field = typeField(frame.payload)
    if (field) return field
    return { kind: 'shape', frameKind: 'message', direction: frame.direction, payload: 'text', prefix: frame.payload.slice(0, SHAPE_PREFIX_CHARS) }
  }
  return { kind: 'shape', frameKind: 'message', direction: frame.direction, payload: 'binary', prefix: hexHead(frame.payload, SHAPE_PREFIX_CHARS) }
}

function typeField(text: string): ExclusionRule | null {
  if (text.length > LIKE_JSON_LIMIT_CHARS || !/^\s*\{/.test(text)) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  for (const key of TYPE_FIELDS) {
    if (!Object.hasOwn(record, key)) continue
    const field = record[key]
    if ((typeof field === 'string' && field.length <= MAX_FIELD_VALUE_CHARS) || typeof field === 'number' || typeof field === 'boolean') {
      return { kind: 'field', path: `$.${key}`, value: field }
    }
  }
  return null
}

/** Frames (newest first) whose decoded types make up the decoded-type filter's list. */
const RECENT_TYPES_FRAMES = 2000
const MAX_LISTED_TYPES = 100

/** The decoded types among the log's newest messages, in order of first sight (newest first). */
export function recentDecodedTypes(log: { length(): number; at(index: number): Frame | undefined }, codec: Codec): string[] {
  const seen = new Set<string>()
  const end = log.length()
  for (let index = end - 1; index >= Math.max(0, end - RECENT_TYPES_FRAMES) && seen.size < MAX_LISTED_TYPES; index--) {
    const frame = log.at(index)
    if (!frame || frame.kind !== 'message') continue
    for (const type of decodedTypesOf(codec.decode(frame.payload, frame.direction)) ?? []) seen.add(type)
  }
  return [...seen]
}

export { describeRule, hidingSentence, sameRule } from './filter-wording.ts'
