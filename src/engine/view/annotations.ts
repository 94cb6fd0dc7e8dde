import type { FrameId } from '../frame.ts'
import type { FrameLog } from '../frame-log.ts'
import type { ActionResult } from '../transport.ts'
import { MAX_NOTE_CHARS } from './annotation-limits.ts'

/*
 * Pins and notes on frames (issue 10). They belong to frames, and frames live in the log next to
 * the runtime, so annotations live here too, keyed by the frame's id: ids are unique per runtime
 * and, unlike a seq, survive a clear followed by Undo (the frames come back with the same ids).
 * The log keeps frames in id order, so "older than the oldest retained frame" is a prefix of
 * the sorted id list: retention costs O(1) amortized, never a scan.
 */

export { MAX_NOTE_CHARS }

/** Annotated frames per connection: pins are for the few frames that matter. */
export const MAX_ANNOTATED_FRAMES = 10_000

export type Annotation = { readonly pinned: boolean; readonly note: string }

/** What to change; a field left out stays as it is. An empty note removes the note. */
export type AnnotationChange = { readonly pinned?: boolean; readonly note?: string }

/** An annotation by its frame's position in a played list (imports, restored timelines). */
export type IndexedAnnotation = { readonly index: number; readonly pinned: boolean; readonly note: string }

export type AnnotationStats = {
  readonly pinned: number
  readonly notes: number
  /** Pinned frames that retention dropped since the last clear (their pins went with them). */
  readonly droppedPinned: number
}

export const EMPTY_ANNOTATION_STATS: AnnotationStats = Object.freeze({ pinned: 0, notes: 0, droppedPinned: 0 })

export type Annotations = {
  get(id: FrameId): Annotation | undefined
  set(id: FrameId, change: AnnotationChange): ActionResult
  /** Annotated frames in id (= log) order, those older than the log's oldest frame forgotten first. */
  entries(log: FrameLog): [FrameId, Annotation][]
  stats(log: FrameLog): AnnotationStats
  size(): number
  /** Takes over another set's annotations (Undo clear: what was annotated since the clear stays). */
  absorb(other: Annotations): void
}

/** A note as the user meant it: one limit for typed and imported notes alike. */
export function checkNote(note: string): ActionResult {
  return note.length > MAX_NOTE_CHARS
    ? { ok: false, error: `A note holds at most ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters; this one has ${note.length.toLocaleString('en-US')}. Nothing was changed.` }
    : { ok: true }
}

export function createAnnotations(): Annotations {
  const byId = new Map<FrameId, Annotation>()
  // Ascending; annotating is a user action, so a sorted insert is cheap enough.
  let ids: FrameId[] = []
  let droppedPinned = 0
  // Kept as they change: the snapshot reads them every flush.
  let pinned = 0
  let notes = 0
  const count = (annotation: Annotation | undefined, sign: 1 | -1) => {
    if (!annotation) return
    if (annotation.pinned) pinned += sign
    if (annotation.note !== '') notes += sign
  }

  const insertId = (id: FrameId) => {
    let low = 0
    let high = ids.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((ids[mid] ?? 0) < id) low = mid + 1
      else high = mid
    }
    ids.splice(low, 0, id)
  }
  const removeId = (id: FrameId) => {
    const at = ids.indexOf(id)
    if (at >= 0) ids.splice(at, 1)
  }

  /** Forgets annotations of frames retention dropped: ids below the oldest retained frame's. */
  const prune = (log: FrameLog) => {
    if (ids.length === 0) return
    const oldest = log.at(0)?.id ?? Number.POSITIVE_INFINITY
    let cut = 0
    while (cut < ids.length && (ids[cut] ?? 0) < oldest) {
      const id = ids[cut] ?? 0
      const gone = byId.get(id)
      if (gone?.pinned) droppedPinned += 1
      count(gone, -1)
      byId.delete(id)
      cut += 1
    }
    if (cut > 0) ids = ids.slice(cut)
  }

  const api: Annotations = {
    get: (id) => byId.get(id),
    set(id, change) {
      const before = byId.get(id)
      const note = change.note === undefined ? (before?.note ?? '') : change.note.trim() === '' ? '' : change.note
      const checked = checkNote(note)
      if (!checked.ok) return checked
      const next: Annotation = { pinned: change.pinned ?? before?.pinned ?? false, note }
      if (!next.pinned && next.note === '') {
        if (before) {
          count(before, -1)
          byId.delete(id)
          removeId(id)
        }
        return { ok: true }
      }
      if (!before) {
        if (byId.size >= MAX_ANNOTATED_FRAMES) {
          return { ok: false, error: `A timeline keeps at most ${MAX_ANNOTATED_FRAMES.toLocaleString('en-US')} pinned or annotated frames; unpin some first.` }
        }
        insertId(id)
      }
      count(before, -1)
      count(next, 1)
      byId.set(id, next)
      return { ok: true }
    },
    entries(log) {
      prune(log)
      return ids.map((id) => [id, byId.get(id) as Annotation])
    },
    stats(log) {
      prune(log)
      return { pinned, notes, droppedPinned }
    },
    size: () => byId.size,
    absorb(other) {
      for (const [id, annotation] of other.entries(EVERYTHING)) {
        if (!byId.has(id)) insertId(id)
        count(byId.get(id), -1)
        count(annotation, 1)
        byId.set(id, annotation)
      }
    },
  }
  return api
}

// A log-shaped stand-in whose oldest frame is older than any id: entries() then prunes nothing.
const EVERYTHING = { at: () => ({ id: Number.NEGATIVE_INFINITY }) } as unknown as FrameLog
