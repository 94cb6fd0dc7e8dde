import { FRAME_ORIGINS, type Frame, type FrameInput, type FrameOrigin } from '../frame.ts'
import { describeCloseCode } from '../transports/websocket/close-codes.ts'
import { utf8ByteLength } from '../utf8.ts'
import { base64ToBytes, bytesToBase64, toArrayBuffer } from './base64.ts'
import { kindOf } from './limits.ts'
import { MAX_NOTE_CHARS, type Annotation } from '../view/annotations.ts'

/*
 * The records of a Frameline timeline file (docs/timeline-format.md, public/schema/): shared by
 * the NDJSON timeline (one record per line after a header) and the plain JSON array export.
 */

export const TIMELINE_FORMAT = 'frameline.timeline'
export const TIMELINE_VERSION = 1
export const TIMELINE_SCHEMA_PATH = 'schema/frameline-timeline-v1.schema.json'

export type TimelineSource = { name: string; url: string; transport: string }

export type TimelineHeader = {
  format: typeof TIMELINE_FORMAT
  version: typeof TIMELINE_VERSION
  connection: TimelineSource
  /** ISO 8601 time of the first frame written, or null when none was. */
  firstFrameAt: string | null
  exportedAt: string
  /** Secret-looking values were replaced with "<redacted>". */
  redacted: boolean
  /** Only the frames a filter showed were written. */
  filter?: { direction: string; query: string; regex?: boolean; matchCase?: boolean; events?: readonly string[] }
}

export type TimelineRecord = {
  /** Milliseconds since the Unix epoch. */
  time: number
  direction: 'in' | 'out' | 'system'
  kind: Frame['kind']
  size?: number
  text?: string
  base64?: string
  url?: string
  protocols?: string[]
  protocol?: string
  extensions?: string
  message?: string
  code?: number
  reason?: string
  wasClean?: boolean
  notes?: string[]
  /** Messages sent by automation: what sent them, and the rule's or scenario's name. */
  origin?: FrameOrigin
  originName?: string
  /** The user pinned this frame (issue 10). */
  pinned?: true
  /** The user's note on this frame, at most MAX_NOTE_CHARS characters. */
  note?: string
}

/** Key order is fixed, so exports diff cleanly: the user's pin and note come last. */
export function frameToRecord(frame: Frame | FrameInput, notes?: readonly string[], annotation?: Annotation): TimelineRecord {
  const extra = {
    ...(notes && notes.length > 0 ? { notes: [...notes] } : {}),
    ...(annotation?.pinned ? { pinned: true as const } : {}),
    ...(annotation && annotation.note !== '' ? { note: annotation.note } : {}),
  }
  switch (frame.kind) {
    case 'message': {
      const origin = frame.origin === undefined ? {} : { origin: frame.origin, ...(frame.originName === undefined ? {} : { originName: frame.originName }) }
      return typeof frame.payload === 'string'
        ? { time: frame.at, direction: frame.direction, kind: 'message', size: frame.size, text: frame.payload, ...origin, ...extra }
        : { time: frame.at, direction: frame.direction, kind: 'message', size: frame.size, base64: bytesToBase64(new Uint8Array(frame.payload)), ...origin, ...extra }
    }
    case 'connecting':
      return { time: frame.at, direction: 'system', kind: 'connecting', url: frame.url, protocols: [...frame.protocols], ...extra }
    case 'open':
      return { time: frame.at, direction: 'system', kind: 'open', protocol: frame.protocol, extensions: frame.extensions, ...extra }
    case 'error':
    case 'notice':
      return { time: frame.at, direction: 'system', kind: frame.kind, message: frame.message, ...extra }
    case 'close':
      return { time: frame.at, direction: 'system', kind: 'close', code: frame.code, reason: frame.reason, wasClean: frame.wasClean, ...extra }
  }
}

export const MAX_RECORD_STRING = 64 * 1024 * 1024

type Fields = Record<string, unknown>

function text(record: Fields, key: string, where: string, optional = false): string {
  const value = record[key]
  if (value === undefined && optional) return ''
  if (typeof value !== 'string') throw new RecordError(`${where}: "${key}" must be a string, found ${kindOf(value)}`)
  if (value.length > MAX_RECORD_STRING) throw new RecordError(`${where}: "${key}" is longer than ${MAX_RECORD_STRING} characters`)
  return value
}

export class RecordError extends Error {}

/**
 * A record's pin and note, or null when it has neither. Lenient like `origin`: a malformed pin or
 * note only marks a row, so it is dropped (with a warning) rather than refusing the file; a note
 * over MAX_NOTE_CHARS is cut to it. Shown as text only, wherever it appears.
 */
export function recordAnnotation(raw: unknown, warn: (text: string) => void, where: string): Annotation | null {
  if (typeof raw !== 'object' || raw === null) return null
  const record = raw as Fields
  const pinned = record.pinned === true
  if (record.pinned !== undefined && typeof record.pinned !== 'boolean') warn(`${where}: "pinned" must be true or false; ignored.`)
  let note = ''
  if (typeof record.note === 'string') {
    note = record.note.trim() === '' ? '' : record.note
    if (note.length > MAX_NOTE_CHARS) {
      warn(`${where}: the note was longer than ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters and was cut to that.`)
      note = note.slice(0, MAX_NOTE_CHARS)
    }
  } else if (record.note !== undefined) warn(`${where}: "note" must be text; ignored.`)
  return pinned || note !== '' ? { pinned, note } : null
}

/** A record read back as a frame to play, or a RecordError naming what is wrong and where. */
export function recordToFrame(raw: unknown, where: string): FrameInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RecordError(`${where}: expected a frame record (an object), found ${kindOf(raw)}`)
  const record = raw as Fields
  const at = record.time
  if (typeof at !== 'number' || !Number.isFinite(at)) throw new RecordError(`${where}: "time" must be a number (milliseconds since 1970), found ${kindOf(at)}`)
  switch (record.kind) {
    case 'message': {
      const direction = record.direction
      if (direction !== 'in' && direction !== 'out') throw new RecordError(`${where}: a message's "direction" must be "in" or "out"`)
      const hasText = record.text !== undefined
      const hasBase64 = record.base64 !== undefined
      if (hasText === hasBase64) throw new RecordError(`${where}: a message needs either "text" or "base64", not both or neither`)
      let payload: string | ArrayBuffer
      if (hasText) payload = text(record, 'text', where)
      else {
        const bytes = base64ToBytes(text(record, 'base64', where))
        if (!bytes) throw new RecordError(`${where}: "base64" is not valid base64`)
        payload = toArrayBuffer(bytes)
      }
      // The size is recomputed: a file cannot make retention accounting lie.
      const size = typeof payload === 'string' ? utf8ByteLength(payload) : payload.byteLength
      // An origin the reader does not know is dropped rather than refusing the file: it only marks rows.
      const origin = typeof record.origin === 'string' && (FRAME_ORIGINS as readonly string[]).includes(record.origin) && direction === 'out' ? (record.origin as FrameOrigin) : undefined
      const originName = origin !== undefined && typeof record.originName === 'string' ? record.originName.slice(0, 200) : undefined
      return { at, kind: 'message', direction, payload, size, ...(origin === undefined ? {} : { origin }), ...(originName === undefined ? {} : { originName }) }
    }
    case 'connecting': {
      const protocols = record.protocols ?? []
      if (!Array.isArray(protocols) || protocols.some((p) => typeof p !== 'string')) throw new RecordError(`${where}: "protocols" must be a list of strings`)
      return { at, kind: 'connecting', url: text(record, 'url', where), protocols: protocols as string[] }
    }
    case 'open':
      return { at, kind: 'open', protocol: text(record, 'protocol', where, true), extensions: text(record, 'extensions', where, true) }
    case 'error':
    case 'notice':
      return { at, kind: record.kind, message: text(record, 'message', where) }
    case 'close': {
      const code = record.code
      if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 4999) throw new RecordError(`${where}: "code" must be a close code (an integer 0–4999)`)
      const wasClean = record.wasClean ?? true
      if (typeof wasClean !== 'boolean') throw new RecordError(`${where}: "wasClean" must be true or false`)
      return { at, kind: 'close', code, reason: text(record, 'reason', where, true), wasClean, meaning: describeCloseCode(code) }
    }
    default:
      throw new RecordError(
        `${where}: "kind" must be one of message, connecting, open, close, error, notice; found ${typeof record.kind === 'string' ? `"${record.kind.slice(0, 40)}"` : kindOf(record.kind)}`,
      )
  }
}
