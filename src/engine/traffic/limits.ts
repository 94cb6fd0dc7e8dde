import type { FrameInput } from '../frame.ts'
import type { IndexedAnnotation } from '../view/annotations.ts'

/**
 * Limits for traffic files (HAR, NDJSON timelines, JSON arrays), checked before and while reading
 * so that a broken or hostile file is refused with a message instead of freezing or exhausting
 * the tab. Larger than workspace files on purpose: a capture of a busy socket is big.
 */
export const TRAFFIC_LIMITS = {
  /** Whole file, in bytes, checked (File.size) before anything is read. */
  fileBytes: 512 * 1024 * 1024,
  /** Frames in one file, over all its recordings. */
  frames: 2_000_000,
  /** WebSocket entries (recordings) in one HAR file; each stays open as a list session, and the runtime allows 200. */
  recordings: 100,
  /** JSON nesting depth; a HAR is about 8 levels deep, a timeline record 3. */
  depth: 32,
  /** Warnings listed one by one; the rest are counted. */
  warnings: 50,
} as const

/** Keys that turn a later copy or merge into prototype pollution (as for workspace files). */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** One connection's frames read from a file: it opens as a read-only recording. */
export type Recording = {
  name: string
  url: string
  /** The transport that captured it ("websocket" for HAR). */
  transport: string
  frames: FrameInput[]
  /** Things the user should know about this recording (time unit assumed, frames skipped). */
  warnings: string[]
  /** The user's pins and notes, by index into `frames` (Frameline timelines only). */
  annotations?: IndexedAnnotation[]
}

export type TrafficFormat = 'ndjson' | 'har' | 'json'

export type TrafficReadFailure = { ok: false; message: string; details: string[] }
export type TrafficReadResult =
  | { ok: true; format: TrafficFormat; recordings: Recording[]; warnings: string[] }
  | TrafficReadFailure

export function readFailure(message: string, details: string[] = []): TrafficReadFailure {
  return { ok: false, message, details }
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** Call with File.size before reading: an oversized file is refused unread. */
export function checkTrafficFileSize(bytes: number): TrafficReadFailure | null {
  if (bytes <= TRAFFIC_LIMITS.fileBytes) return null
  return readFailure(
    `The file is too large: ${formatMegabytes(bytes)}; Frameline imports traffic files up to ${formatMegabytes(TRAFFIC_LIMITS.fileBytes)}. Nothing was imported.`,
  )
}

/**
 * Walks parsed JSON iteratively (hostile nesting would overflow a recursive walk) and names the
 * first unsafe key or over-deep value.
 */
export function findUnsafeStructure(value: unknown, maxDepth: number = TRAFFIC_LIMITS.depth): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }]
  while (stack.length > 0) {
    const item = stack.pop()
    if (!item || item.value === null || typeof item.value !== 'object') continue
    if (item.depth >= maxDepth) return `${item.path || 'the top level'}: nested more than ${maxDepth} levels deep`
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--) stack.push({ value: item.value[i], path: `${item.path}[${i}]`, depth: item.depth + 1 })
      continue
    }
    for (const key of Object.keys(item.value)) {
      if (UNSAFE_KEYS.has(key)) return `${item.path === '' ? '' : `${item.path}.`}${key}: the key "${key}" is not allowed`
      stack.push({ value: (item.value as Record<string, unknown>)[key], path: item.path === '' ? key : `${item.path}.${key}`, depth: item.depth + 1 })
    }
  }
  return null
}

/** Decodes file bytes as UTF-8 (a byte-order mark is dropped); anything else is refused. */
export function decodeTrafficBytes(bytes: Uint8Array): { ok: true; text: string } | TrafficReadFailure {
  const tooBig = checkTrafficFileSize(bytes.byteLength)
  if (tooBig) return tooBig
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return readFailure('This is a ZIP archive (Playwright saves a .har.zip when the file name ends in .zip). Unzip it and import the .har file inside. Nothing was imported.')
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text }
  } catch {
    return readFailure('The file is not UTF-8 text, so it is neither a HAR file nor a Frameline timeline. Nothing was imported.')
  }
}

/** JSON.parse's complaint in one short line, with "the text ends too early" for truncation. */
export function describeJsonError(thrown: unknown, text?: string): string {
  const raw = thrown instanceof Error ? thrown.message : String(thrown)
  const position = /position (\d+)/.exec(raw)?.[1]
  // A complaint at the very end of the text ("Expected double-quoted property name" after a
  // trailing comma, say) means the text stopped, whatever V8 calls it.
  const atEnd = text !== undefined && position !== undefined && Number(position) >= text.trimEnd().length
  const truncated = atEnd || /end of (JSON )?input|Unterminated/i.test(raw)
  const reason = raw.length > 160 ? `${raw.slice(0, 160)}…` : raw
  return truncated ? `the text ends too early (is the file truncated?): ${reason}` : reason
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** Collects warnings up to a cap, then counts the rest in one line. */
export function createWarnings(): { add(text: string): void; list(): string[] } {
  const items: string[] = []
  let more = 0
  return {
    add(text) {
      if (items.length < TRAFFIC_LIMITS.warnings) items.push(text)
      else more += 1
    },
    list: () => (more > 0 ? [...items, `…and ${more} more.`] : [...items]),
  }
}
