import type { Codec } from '../codecs/codec.ts'
import type { Frame, FrameId, FrameKind } from '../frame.ts'
import { createFrameLog, type FrameLog } from '../frame-log.ts'
import { createDecodeCache, ROW_DECODE_LIMIT_BYTES } from './decode-cache.ts'
import { frameSummary, frameTone, previewText, type FrameTone } from './frame-summary.ts'
import { createFrameView, DEFAULT_SCAN_BUDGET_MS, type FrameFilter, type FrameView } from './frame-view.ts'
import { MAX_WINDOW_ROWS, originLabel } from './timeline-window.ts'

/** One row of a merged timeline: a frame of one of the chosen connections. */
export type MergedRowSummary = {
  /** Which connection the frame belongs to. */
  readonly connectionId: string
  /** The frame's position in its own connection's log since that log's last clear: what the detail pane asks for. */
  readonly seq: number
  /** Unique across the runtime's connections (frame ids are per runtime), so it keys a row. */
  readonly id: FrameId
  readonly at: number
  readonly kind: FrameKind
  readonly tone: FrameTone
  readonly size: number | null
  readonly preview: string
  readonly decoded: 'ok' | 'failed' | null
  readonly origin?: string
}

/** A row of the merged list by what it shows: a connection's frame. */
export type MergedSelection = { readonly connectionId: string; readonly seq: number }

export type MergedWindowRequest = {
  readonly follow: boolean
  readonly first: number
  readonly count: number
  readonly selected: MergedSelection | null
}

export type MergedWindow = {
  /** Rows the merged, filtered list has now. */
  readonly count: number
  /** Rows ever added to the merged list since `epoch` began (late frames inserted in order included); only grows. */
  readonly appended: number
  /** Rows removed by retention since `epoch` began; only grows. */
  readonly headRemoved: number
  /** Changes when the list started over (a clear of one of the logs, a new log, a new set). */
  readonly epoch: number
  /** True while the merged list is still catching up with the logs. */
  readonly scanning: boolean
  readonly first: number
  readonly rows: readonly MergedRowSummary[]
  /** Row of the selected frame, or -1 when it is filtered out or gone. */
  readonly selectedRow: number
}

export const EMPTY_MERGED_WINDOW: MergedWindow = Object.freeze({ count: 0, appended: 0, headRemoved: 0, epoch: 0, scanning: false, first: 0, rows: [], selectedRow: -1 })

export type MergedWindowSource = {
  read(request: MergedWindowRequest): MergedWindow
}

/**
 * Rows a connection contributes to the merge per read: a first read over 200,000 frames a log
 * spreads over several tasks instead of sorting them all at once. What is left is merged by the
 * next reads (scanning stays true meanwhile).
 */
export const MERGE_BATCH_ROWS = 16_384
/** Compact the index arrays once this many dead entries sit at their head. */
const COMPACT_AFTER = 4096

// Read for connections that have no log (never connected): looking must not create one.
const EMPTY_LOG = createFrameLog()

type Part = {
  log: FrameLog
  view: FrameView
  /** View rows merged so far, counted like the view's `appended` (so since the view's epoch). */
  taken: number
  /** Entries of this connection in the merged index now. */
  present: number
  epoch: number
}

/**
 * The frames of several connections interleaved by time (`at`; ties by the order of `ids`, then
 * seq), filtered alike. Each connection keeps its own incremental filtered view (frame-view.ts);
 * the merged index is two parallel number arrays (connection index, seq) extended per read with
 * the rows the views appended since: live frames arrive nearly in time order, so a batch usually
 * goes at the tail, and a late one is merged in at its place (binary search) without re-sorting
 * what comes before it. Retention drops a log's oldest frames; their entries, found near the head,
 * are removed. A clear of one log, or a new log object, rebuilds the index (a new epoch).
 */
export function createMergedWindowSource(
  ids: readonly string[],
  getLog: (id: string) => FrameLog | undefined,
  filter: FrameFilter,
  getCodec: (id: string) => Codec | null = () => null,
): MergedWindowSource {
  const decode = createDecodeCache()
  const logOf = (id: string) => getLog(id) ?? EMPTY_LOG
  const makePart = (id: string): Part => {
    const log = logOf(id)
    return { log, view: createFrameView(log, filter), taken: 0, present: 0, epoch: -1 }
  }
  let parts: Part[] = ids.map(makePart)
  let conns: number[] = []
  let seqs: number[] = []
  let start = 0
  let appended = 0
  let headRemoved = 0
  let epoch = 0

  const atOf = (conn: number, seq: number): number => {
    const log = parts[conn]?.log
    return log?.at(seq - log.dropped())?.at ?? 0
  }
  /** Negative when (a) comes before (b) in the merged order. */
  const compare = (atA: number, connA: number, seqA: number, atB: number, connB: number, seqB: number): number =>
    atA - atB || connA - connB || seqA - seqB

  const restart = () => {
    conns = []
    seqs = []
    start = 0
    appended = 0
    headRemoved = 0
    epoch += 1
    for (const part of parts) {
      part.taken = 0
      part.present = 0
    }
  }

  /** Removes the entries of frames retention dropped; they sit near the head, so the scan stops once all are found. */
  const removeDropped = (needed: number[]) => {
    let remaining = needed.reduce((sum, n) => sum + n, 0)
    if (remaining === 0) return
    const keptConns: number[] = []
    const keptSeqs: number[] = []
    let index = start
    for (; index < seqs.length && remaining > 0; index++) {
      const conn = conns[index] ?? 0
      const seq = seqs[index] ?? 0
      const part = parts[conn]
      if ((needed[conn] ?? 0) > 0 && part && seq < part.log.dropped()) {
        needed[conn] = (needed[conn] ?? 0) - 1
        remaining -= 1
        part.present -= 1
        headRemoved += 1
      } else {
        keptConns.push(conn)
        keptSeqs.push(seq)
      }
    }
    // The kept entries of the scanned prefix move up against the rest; the head advances.
    const newStart = index - keptConns.length
    for (let k = 0; k < keptConns.length; k++) {
      conns[newStart + k] = keptConns[k] ?? 0
      seqs[newStart + k] = keptSeqs[k] ?? 0
    }
    start = newStart
    if (start >= COMPACT_AFTER && start * 2 >= seqs.length) {
      conns = conns.slice(start)
      seqs = seqs.slice(start)
      start = 0
    }
  }

  /** Merges a batch of new entries (any order) into the index. */
  const mergeBatch = (batchConns: number[], batchSeqs: number[]) => {
    if (batchConns.length === 0) return
    const ats = batchConns.map((conn, k) => atOf(conn, batchSeqs[k] ?? 0))
    const order = batchConns.map((_, k) => k)
    order.sort((a, b) => compare(ats[a] ?? 0, batchConns[a] ?? 0, batchSeqs[a] ?? 0, ats[b] ?? 0, batchConns[b] ?? 0, batchSeqs[b] ?? 0))
    const firstK = order[0] ?? 0
    const firstAt = ats[firstK] ?? 0
    const firstConn = batchConns[firstK] ?? 0
    const firstSeq = batchSeqs[firstK] ?? 0
    // Where the batch's earliest entry goes: usually the end.
    let low = start
    let high = seqs.length
    while (low < high) {
      const mid = (low + high) >>> 1
      const conn = conns[mid] ?? 0
      const seq = seqs[mid] ?? 0
      if (compare(atOf(conn, seq), conn, seq, firstAt, firstConn, firstSeq) < 0) low = mid + 1
      else high = mid
    }
    const tailConns = conns.splice(low)
    const tailSeqs = seqs.splice(low)
    const tailAts = tailConns.map((conn, k) => atOf(conn, tailSeqs[k] ?? 0))
    let t = 0
    let b = 0
    while (t < tailConns.length || b < order.length) {
      const k = order[b] ?? 0
      const takeTail =
        b >= order.length ||
        (t < tailConns.length && compare(tailAts[t] ?? 0, tailConns[t] ?? 0, tailSeqs[t] ?? 0, ats[k] ?? 0, batchConns[k] ?? 0, batchSeqs[k] ?? 0) < 0)
      if (takeTail) {
        conns.push(tailConns[t] ?? 0)
        seqs.push(tailSeqs[t] ?? 0)
        t += 1
      } else {
        conns.push(batchConns[k] ?? 0)
        seqs.push(batchSeqs[k] ?? 0)
        b += 1
      }
    }
    appended += order.length
  }

  const sync = (): boolean => {
    let rebuild = false
    parts = parts.map((part, conn) => {
      const log = logOf(ids[conn] ?? '')
      if (log === part.log) return part
      rebuild = true
      return makePart(ids[conn] ?? '')
    })
    const budget = DEFAULT_SCAN_BUDGET_MS / Math.max(1, parts.length)
    const snapshots = parts.map((part) => part.view.sync(budget))
    snapshots.forEach((snapshot, conn) => {
      const part = parts[conn]
      if (!part) return
      // A clear of this log (the view started over): the merged positions of every row move.
      if (part.epoch !== -1 && part.epoch !== snapshot.epoch) rebuild = true
      part.epoch = snapshot.epoch
    })
    if (rebuild) restart()

    // Entries whose frames retention dropped: what is left of a part is its view's rows from `taken` back.
    const needed = parts.map((part, conn) => {
      const stillPresent = Math.max(0, part.taken - (snapshots[conn]?.headRemoved ?? 0))
      return Math.max(0, part.present - stillPresent)
    })
    removeDropped(needed)

    let more = false
    const batchConns: number[] = []
    const batchSeqs: number[] = []
    parts.forEach((part, conn) => {
      const snapshot = snapshots[conn]
      if (!snapshot) return
      // Rows appended and dropped again before they were merged are skipped.
      const from = Math.max(0, part.taken - snapshot.headRemoved)
      const until = Math.min(snapshot.count, from + MERGE_BATCH_ROWS)
      for (let row = from; row < until; row++) {
        batchConns.push(conn)
        batchSeqs.push(part.view.seqAt(row))
      }
      part.present += until - from
      part.taken = snapshot.headRemoved + until
      if (until < snapshot.count || snapshot.scanning) more = true
    })
    mergeBatch(batchConns, batchSeqs)
    return more
  }

  const rowOf = (selected: MergedSelection | null): number => {
    if (!selected) return -1
    const conn = ids.indexOf(selected.connectionId)
    const part = parts[conn]
    if (!part) return -1
    const frame = part.log.at(selected.seq - part.log.dropped())
    if (!frame) return -1
    let low = start
    let high = seqs.length
    while (low < high) {
      const mid = (low + high) >>> 1
      const c = conns[mid] ?? 0
      const s = seqs[mid] ?? 0
      if (compare(atOf(c, s), c, s, frame.at, conn, selected.seq) < 0) low = mid + 1
      else high = mid
    }
    return conns[low] === conn && seqs[low] === selected.seq ? low - start : -1
  }

  const summarize = (conn: number, seq: number, frame: Frame): MergedRowSummary => {
    const connectionId = ids[conn] ?? ''
    const codec = frame.kind === 'message' && frame.size <= ROW_DECODE_LIMIT_BYTES ? getCodec(connectionId) : null
    let preview = frameSummary(frame)
    let decoded: 'ok' | 'failed' | null = null
    const decoding = codec && frame.kind === 'message' ? decode(codec, frame) : null
    if (codec && decoding) {
      if (decoding.ok) {
        preview = previewText(decoding.messages.map((m) => m.summary).join(' · '))
        decoded = 'ok'
      } else {
        preview = previewText(`${codec.label}: ${decoding.error} · ${preview}`)
        decoded = 'failed'
      }
    }
    return {
      connectionId,
      seq,
      id: frame.id,
      at: frame.at,
      kind: frame.kind,
      tone: frameTone(frame),
      size: frame.kind === 'message' ? frame.size : null,
      preview,
      decoded,
      ...(frame.kind === 'message' && frame.origin !== undefined ? { origin: originLabel(frame.origin, frame.originName) } : {}),
    }
  }

  return {
    read(request) {
      const scanning = sync()
      const count = seqs.length - start
      const wanted = Math.max(0, Math.min(MAX_WINDOW_ROWS, Math.floor(request.count)))
      const first = request.follow ? Math.max(0, count - wanted) : Math.max(0, Math.min(Math.floor(request.first), count))
      const end = Math.min(count, first + wanted)
      const rows: MergedRowSummary[] = []
      for (let row = first; row < end; row++) {
        const conn = conns[start + row] ?? 0
        const seq = seqs[start + row] ?? 0
        const log = parts[conn]?.log
        const frame = log?.at(seq - log.dropped())
        if (frame) rows.push(summarize(conn, seq, frame))
      }
      return { count, appended, headRemoved, epoch, scanning, first, rows, selectedRow: rowOf(request.selected) }
    },
  }
}
