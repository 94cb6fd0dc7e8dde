import type { Direction, Frame, Payload } from '../frame.ts'
import { previewBinary, previewText } from '../view/frame-summary.ts'

export type FrameDifference = {
  direction: Direction
  /** Position among that direction's messages, from 0. */
  index: number
  kind: 'different' | 'missing' | 'extra'
  /** One-line previews of the two payloads ('' where a side has none). */
  before: string
  after: string
}

export type RunComparison = {
  /** Messages compared per direction in the recording and in the new run. */
  sent: { before: number; after: number; same: number }
  received: { before: number; after: number; same: number }
  /** The first differences, in order of direction then position. */
  differences: FrameDifference[]
  /** Differences beyond those listed. */
  moreDifferences: number
  ignored: string[]
}

export const MAX_LISTED_DIFFERENCES = 500
const MAX_CANONICAL_DEPTH = 64

function canonical(value: unknown, ignore: ReadonlySet<string>, depth: number): unknown {
  if (depth > MAX_CANONICAL_DEPTH || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item) => canonical(item, ignore, depth + 1))
  const out: [string, unknown][] = []
  for (const key of Object.keys(value).sort()) {
    if (ignore.has(key)) continue
    out.push([key, canonical((value as Record<string, unknown>)[key], ignore, depth + 1)])
  }
  // Pairs, not an object: a key such as "__proto__" stays data.
  return out
}

/** The payload as compared: JSON text without the ignored fields (at any depth), else as is. */
export function comparableText(payload: Payload, ignore: ReadonlySet<string>): string {
  if (typeof payload !== 'string') {
    const bytes = new Uint8Array(payload)
    let hex = 'bin:'
    for (let i = 0; i < bytes.length; i++) hex += (bytes[i] ?? 0).toString(16).padStart(2, '0')
    return hex
  }
  if (ignore.size > 0) {
    const trimmed = payload.trimStart()
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return `json:${JSON.stringify(canonical(JSON.parse(payload), ignore, 0))}`
      } catch {
        // Not JSON after all: compared as text.
      }
    }
  }
  return `text:${payload}`
}

const preview = (payload: Payload | undefined) => (payload === undefined ? '' : typeof payload === 'string' ? previewText(payload, 120) : previewBinary(payload))

/**
 * Compares two runs message by message: the n-th sent message of one with the n-th sent message
 * of the other, and the same for received ones, so replies that arrive in a different order
 * relative to sends do not shift everything. Times are never compared; JSON fields named in
 * `ignore` (ids, timestamps) are left out of the comparison wherever they are nested.
 */
export function compareRuns(before: readonly Frame[], after: readonly Frame[], ignoreFields: readonly string[]): RunComparison {
  const ignore = new Set(ignoreFields.map((f) => f.trim()).filter((f) => f !== ''))
  const byDirection = (frames: readonly Frame[], direction: Direction) =>
    frames.filter((f): f is Frame & { kind: 'message' } => f.kind === 'message' && f.direction === direction)
  const differences: FrameDifference[] = []
  let more = 0
  const add = (difference: FrameDifference) => {
    if (differences.length < MAX_LISTED_DIFFERENCES) differences.push(difference)
    else more += 1
  }
  const side = (direction: Direction) => {
    const a = byDirection(before, direction)
    const b = byDirection(after, direction)
    let same = 0
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i]
      const y = b[i]
      if (x && y) {
        if (comparableText(x.payload, ignore) === comparableText(y.payload, ignore)) same += 1
        else add({ direction, index: i, kind: 'different', before: preview(x.payload), after: preview(y.payload) })
      } else if (x) add({ direction, index: i, kind: 'missing', before: preview(x.payload), after: '' })
      else if (y) add({ direction, index: i, kind: 'extra', before: '', after: preview(y.payload) })
    }
    return { before: a.length, after: b.length, same }
  }
  const sent = side('out')
  const received = side('in')
  return { sent, received, differences, moreDifferences: more, ignored: [...ignore] }
}
