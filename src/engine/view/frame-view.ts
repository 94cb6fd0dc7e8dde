import type { Frame } from '../frame.ts'
import type { FrameLog } from '../frame-log.ts'
import type { Codec } from '../codecs/codec.ts'
import { compileFieldQuery, fieldPrecheck, isFieldQuery } from './field-query.ts'
import { searchableText } from './frame-summary.ts'
import { createExclusion, decodedTypesOf, decoderFor, payloadKindOf, type ExclusionRule, type PayloadKind } from './filter-rules.ts'

export type { ExclusionRule, PayloadKind } from './filter-rules.ts'

export type DirectionFilter = 'all' | 'out' | 'in' | 'events'

export type FrameFilter = {
  direction: DirectionFilter
  /** A substring, or with `regex` a regular expression (`/pattern/flags` or a bare pattern); empty matches everything. */
  query: string
  regex?: boolean
  /** Case-sensitive matching; off by default (the `i` flag). */
  matchCase?: boolean
  /**
   * Event names (Socket.IO events, Server-Sent Event types): when non-empty, only messages whose
   * event is one of these. Frames without an event name (lifecycle events, plain WebSocket) are hidden.
   */
  events?: readonly string[]
  /** Only frames that match none of the connection's message schemas (src/engine/contracts/). */
  invalidOnly?: boolean
  /** Only text or only binary messages; connection events have neither and are hidden. */
  payload?: PayloadKind
  /** Only frames whose `at` (ms since the epoch) is at or after `from` and at or before `to`. */
  from?: number
  to?: number
  /**
   * Only messages the connection's codec reads as one of these types ("MESSAGE", "next"): a frame
   * passes when any message in it does. Frames the codec cannot read are hidden.
   */
  decodedTypes?: readonly string[]
  /** Frames any of these rules matches are hidden ("Hide frames like this"). */
  exclude?: readonly ExclusionRule[]
}

/** Whether the filter shows every frame: then a view keeps no list at all. */
export function isEmptyFilter(filter: FrameFilter): boolean {
  return (
    filter.direction === 'all' &&
    filter.query === '' &&
    (filter.events?.length ?? 0) === 0 &&
    filter.invalidOnly !== true &&
    filter.payload === undefined &&
    filter.from === undefined &&
    filter.to === undefined &&
    (filter.decodedTypes?.length ?? 0) === 0 &&
    (filter.exclude?.length ?? 0) === 0
  )
}

/** The event name a message carries (Socket.IO event, SSE type), or null. */
export function eventNameOf(frame: Frame): string | null {
  if (frame.kind !== 'message' || !frame.detail || !('event' in frame.detail)) return null
  return frame.detail.event
}

/** Flags a search may use: `g` and `y` would make test() stateful across frames, so they are dropped. */
const SEARCH_FLAGS = /^[imsu]*$/

export type CompiledQuery = { ok: true; pattern: RegExp | null } | { ok: false; error: string }

/**
 * The filter's query as a regular expression, or why it is not one. A substring is escaped; a
 * regular expression may be written `/pattern/flags` to choose flags (i, m, s, u).
 */
export function compileQuery(filter: Pick<FrameFilter, 'query' | 'regex' | 'matchCase'>): CompiledQuery {
  if (filter.query === '') return { ok: true, pattern: null }
  // `$.path op value`: JSON field predicates (field-query.ts), checked here so the toolbar says why one is refused.
  if (!filter.regex && isFieldQuery(filter.query)) {
    const fields = compileFieldQuery(filter.query)
    return fields.ok ? { ok: true, pattern: null } : { ok: false, error: fields.error }
  }
  const caseFlag = filter.matchCase ? '' : 'i'
  if (!filter.regex) return { ok: true, pattern: new RegExp(escapeRegExp(filter.query), caseFlag) }
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(filter.query)
  const source = literal ? (literal[1] ?? '') : filter.query
  const flags = literal ? (literal[2] ?? '').replace(/[gy]/g, '') : caseFlag
  if (!SEARCH_FLAGS.test(flags)) return { ok: false, error: `Unknown flag in "${literal?.[2] ?? flags}": use i, m, s or u.` }
  try {
    return { ok: true, pattern: new RegExp(source, [...new Set(flags)].join('')) }
  } catch (error) {
    return { ok: false, error: `Not a regular expression: ${error instanceof Error ? error.message : String(error)}` }
  }
}

/** What a render needs, read once per revision. */
export type FrameViewSnapshot = {
  /** Rows the list shows now. */
  count: number
  /** Rows ever appended to this view since `epoch` began; only grows. */
  appended: number
  /** Rows removed from the head by retention since `epoch` began; only grows. */
  headRemoved: number
  /** Changes when the log was cleared under us: positions and counters start over. */
  epoch: number
  /** True while a filter is still scanning older frames (work is spread over animation frames). */
  scanning: boolean
  /** Retained frames the filter has examined, of `total` retained now (equal once caught up). */
  scanned: number
  total: number
  /** The user stopped the scan: `count` is what was found among the first `scanned` frames. */
  stopped: boolean
}

export type FrameView = {
  readonly filter: FrameFilter
  /** Catches up with the log: only frames appended since the last call are examined. */
  sync(budgetMs?: number): FrameViewSnapshot
  frameAt(row: number): Frame | undefined
  /**
   * A frame's position in the log counted from the last clear (dropped frames included). It does
   * not move when older frames are dropped, so selection survives retention.
   */
  seqAt(row: number): number
  /** The row showing `seq`, or -1 if that frame is filtered out or gone. */
  rowOfSeq(seq: number): number
  /** Stops scanning where it is (matches found so far stay); `resume` goes on from there. */
  stop(): void
  resume(): void
}

/** Per-call scanning budget: keeps a new search over 200k frames from blocking a frame. */
export const DEFAULT_SCAN_BUDGET_MS = 8
const CHECK_CLOCK_EVERY = 512
/** Compact the index array once this many dead entries sit at its head. */
const COMPACT_AFTER = 4096

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function directionMatches(direction: DirectionFilter, frame: Frame): boolean {
  switch (direction) {
    case 'all':
      return true
    case 'events':
      return frame.kind !== 'message'
    default:
      return frame.kind === 'message' && frame.direction === direction
  }
}

/** Whether a frame passes a filter: what a view shows, and what a "filtered only" export writes. */
export function createFrameMatcher(filter: FrameFilter, codec: Codec | null = null): (frame: Frame) => boolean {
  // The event filter (Socket.IO events, SSE types) narrows whichever search runs after it.
  const events = filter.events && filter.events.length > 0 ? new Set(filter.events) : null
  const types = filter.decodedTypes && filter.decodedTypes.length > 0 ? new Set(filter.decodedTypes) : null
  const decode = decoderFor(codec)
  const excluded = createExclusion(filter.exclude ?? [], decode)
  const { payload, from, to } = filter
  // Cheapest checks first: a decode or a JSON parse runs only for frames everything else let through.
  const shown = (frame: Frame) => {
    if (!directionMatches(filter.direction, frame)) return false
    if (from !== undefined && frame.at < from) return false
    if (to !== undefined && frame.at > to) return false
    if (payload !== undefined && payloadKindOf(frame) !== payload) return false
    if (events) {
      const name = eventNameOf(frame)
      if (name === null || !events.has(name)) return false
    }
    if (types) {
      const decodedTypes = decodedTypesOf(decode(frame))
      if (decodedTypes === null || !decodedTypes.some((type) => types.has(type))) return false
    }
    return excluded === null || !excluded(frame)
  }
  if (!filter.regex && isFieldQuery(filter.query)) {
    const fields = compileFieldQuery(filter.query)
    if (!fields.ok) return () => false
    const matcher = fields.matcher
    const precheck = fieldPrecheck(filter.query)
    return (frame) => {
      if (!shown(frame)) return false
      // Most frames of a busy feed lack the field named: they are ruled out without a JSON parse.
      if (precheck && frame.kind === 'message' && typeof frame.payload === 'string' && !precheck(frame.payload)) return false
      return matcher.test(frame).matched
    }
  }
  const compiled = compileQuery(filter)
  // An invalid expression matches nothing (the toolbar says why); it never throws here.
  const pattern = compiled.ok ? compiled.pattern : /(?!)/
  return (frame) => {
    if (!shown(frame)) return false
    if (!pattern) return true
    const text = searchableText(frame)
    return text !== null && pattern.test(text)
  }
}

/**
 * A filtered, incrementally maintained view of one connection's frame log.
 *
 * The log is append-only apart from retention (drops from the head) and clear, so the view keeps
 * a sorted list of matching sequence numbers and, per sync, only scans frames appended since the
 * previous one: O(new frames), never O(history). With no filter it is a pass-through that keeps
 * no list at all. A clear is detected by the log's clear counter, not inferred from frames: a
 * clear followed by more frames than retention keeps leaves nothing to compare against.
 */
export function createFrameView(
  log: FrameLog,
  filter: FrameFilter,
  isInvalid: (seq: number, frame: Frame) => boolean = () => false,
  codec: Codec | null = null,
): FrameView {
  const passThrough = isEmptyFilter(filter)
  let stopped = false

  let seqs: number[] = []
  let start = 0
  // Next sequence number to examine, and the log's clear count that `scanned` belongs to.
  let scanned = 0
  let seenClears = log.clears()
  let appended = 0
  let headRemoved = 0
  let epoch = 0

  const matches = createFrameMatcher(filter, codec)

  const startOver = () => {
    seqs = []
    start = 0
    scanned = 0
    seenClears = log.clears()
    appended = 0
    headRemoved = 0
    epoch += 1
    // A cleared log has nothing left to skip: a stop does not outlive the frames it was about.
    stopped = false
  }

  return {
    filter,

    sync(budgetMs = DEFAULT_SCAN_BUDGET_MS) {
      const dropped = log.dropped()
      const total = dropped + log.length()
      if (log.clears() !== seenClears) startOver()

      if (passThrough) {
        scanned = total
        appended = total
        headRemoved = dropped
        return { count: log.length(), appended, headRemoved, epoch, scanning: false, scanned: log.length(), total: log.length(), stopped: false }
      }

      while (start < seqs.length && (seqs[start] ?? 0) < dropped) {
        start += 1
        headRemoved += 1
      }
      if (start >= COMPACT_AFTER && start * 2 >= seqs.length) {
        seqs = seqs.slice(start)
        start = 0
      }

      // Frames dropped before we got to them were never shown in this view: skip them.
      let seq = Math.max(scanned, dropped)
      const began = performance.now()
      for (let examined = 0; seq < total && !stopped; seq++, examined++) {
        if (examined > 0 && examined % CHECK_CLOCK_EVERY === 0 && performance.now() - began > budgetMs) break
        const frame = log.at(seq - dropped)
        if (!frame) continue
        if (matches(frame) && (filter.invalidOnly !== true || isInvalid(seq, frame))) {
          seqs.push(seq)
          appended += 1
        }
      }
      scanned = seq
      return {
        count: seqs.length - start,
        appended,
        headRemoved,
        epoch,
        scanning: !stopped && scanned < total,
        scanned: Math.max(0, scanned - dropped),
        total: log.length(),
        stopped: stopped && scanned < total,
      }
    },

    stop() {
      stopped = true
    },

    resume() {
      stopped = false
    },

    frameAt(row) {
      if (passThrough) return log.at(row)
      const seq = seqs[start + row]
      return seq === undefined ? undefined : log.at(seq - log.dropped())
    },

    seqAt(row) {
      return passThrough ? log.dropped() + row : (seqs[start + row] ?? -1)
    },

    rowOfSeq(seq) {
      if (passThrough) {
        const row = seq - log.dropped()
        return row >= 0 && row < log.length() ? row : -1
      }
      let low = start
      let high = seqs.length - 1
      while (low <= high) {
        const mid = (low + high) >>> 1
        const value = seqs[mid] ?? 0
        if (value === seq) return mid - start
        if (value < seq) low = mid + 1
        else high = mid - 1
      }
      return -1
    },
  }
}
