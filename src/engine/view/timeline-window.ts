import type { Codec } from '../codecs/codec.ts'
import type { ContractIndex, ContractStats } from '../contracts/contract-index.ts'
import type { FrameIssue } from '../contracts/frame-check.ts'
import type { Frame, FrameId, FrameKind, FrameOrigin } from '../frame.ts'
import { createDecodeCache, ROW_DECODE_LIMIT_BYTES } from './decode-cache.ts'
import { EMPTY_LATENCY, type LatencyStats, type PairIndex } from './pair-index.ts'
import { MAX_WINDOW_ROWS } from './window-constants.ts'
import type { FrameLog } from '../frame-log.ts'
import { frameSummary, frameTone, previewText, type FrameTone } from './frame-summary.ts'
import { createFrameView, isEmptyFilter, type FrameFilter, type FrameView } from './frame-view.ts'
import type { Annotations } from './annotations.ts'

/** What a timeline row shows: computed next to the log, so the page never holds a payload it does not show. */
export type RowSummary = {
  /** Position since the last clear (dropped frames included): stable while retention drops older frames. */
  readonly seq: number
  readonly id: FrameId
  readonly at: number
  readonly kind: FrameKind
  readonly tone: FrameTone
  /** Bytes on the wire for messages; null for connection events. */
  readonly size: number | null
  /** One line of at most PREVIEW_CHARS characters: what the frame means when decoded, else its head. */
  readonly preview: string
  /** Whether the connection's codec read this frame: 'ok', 'failed' (the preview says why), or null (no codec, or not a message). */
  readonly decoded: 'ok' | 'failed' | null
  /** The other side of this frame's request/reply pair, by seq; null when unpaired. */
  readonly partnerSeq: number | null
  /** For a reply: milliseconds since its request. */
  readonly latencyMs: number | null
  /** Set when the connection has message schemas and this frame matches none of them. */
  readonly issue: FrameIssue | null
  /** Sent by automation: the marker the row shows ("auto · <rule>", "heartbeat"...); absent otherwise. */
  readonly origin?: string
  /** Pinned by the user (issue 10); absent when not. */
  readonly pinned?: true
  /** The user's note on this frame; absent when none. */
  readonly note?: string
}

/** Which rows a list wants: the newest `count` while following, else `count` rows from `first`. */
export type WindowRequest = {
  readonly follow: boolean
  readonly first: number
  readonly count: number
  /** The selected frame's seq, so the answer can say which row shows it. */
  readonly selectedSeq: number | null
}

export type TimelineWindow = {
  /** Rows the filtered list has now. */
  readonly count: number
  /** Rows ever appended to this view since `epoch` began; only grows. */
  readonly appended: number
  /** Rows removed from the head by retention since `epoch` began; only grows. */
  readonly headRemoved: number
  /** Changes when the list started over (a clear, a new log): positions and counters reset. */
  readonly epoch: number
  /** True while the filter is still scanning older frames; `count` is final once it is false. */
  readonly scanning: boolean
  /**
   * How far the filter's scan has got: retained frames examined of those retained; null when no
   * filter is applied (nothing to scan).
   */
  readonly progress: { readonly scanned: number; readonly total: number } | null
  /** The user stopped the scan before it reached the newest frame (`count` is what it found so far). */
  readonly stopped: boolean
  /** Row index of rows[0]. */
  readonly first: number
  readonly rows: readonly RowSummary[]
  /** Row of the selected frame, or -1 when it is filtered out or gone. */
  readonly selectedRow: number
  /** Request/reply latency of the whole connection (not only the filtered rows). */
  readonly latency: LatencyStats
  /** Frames of the whole connection that match none of its schemas; null when it has none. */
  readonly contract: ContractStats | null
}



function decodedPreview(codec: Codec, frame: Frame, decode: ReturnType<typeof createDecodeCache>): { preview: string; decoded: 'ok' | 'failed' | null } {
  if (frame.kind !== 'message') return { preview: frameSummary(frame), decoded: null }
  if (frame.size > ROW_DECODE_LIMIT_BYTES) return { preview: frameSummary(frame), decoded: null }
  const decoding = decode(codec, frame)
  if (!decoding) return { preview: frameSummary(frame), decoded: null }
  if (!decoding.ok) return { preview: previewText(`${codec.label}: ${decoding.error} · ${frameSummary(frame)}`), decoded: 'failed' }
  return { preview: previewText(decoding.messages.map((m) => m.summary).join(' · ')), decoded: 'ok' }
}

export type TimelineWindowSource = {
  /** Catches up with the log (within the scan budget) and reads the requested rows. */
  read(request: WindowRequest): TimelineWindow
  /** Stops the filter's scan where it is, or goes on from there. */
  stop(): void
  resume(): void
}

/**
 * A filtered view of one log that answers row windows. Views are rebuilt when the log object
 * changes (a forgotten and re-created connection); the epoch then moves on so lists start over.
 */
export function createTimelineWindowSource(
  getLog: () => FrameLog,
  filter: FrameFilter,
  getCodec: () => Codec | null = () => null,
  pairs?: PairIndex,
  contract?: ContractIndex,
  getAnnotations: () => Annotations | undefined = () => undefined,
): TimelineWindowSource {
  const decode = createDecodeCache()
  const isInvalid = (seq: number, frame: Frame) => contract?.issueAt(seq, frame) != null
  // Decoded types and exclusions ask the codec: a new decoder is then a different filter.
  const usesCodec = (filter.decodedTypes?.length ?? 0) > 0 || (filter.exclude ?? []).some((rule) => rule.kind === 'decodedType')
  const passThrough = isEmptyFilter(filter)
  let log = getLog()
  let filterCodec = usesCodec ? getCodec() : null
  let view: FrameView = createFrameView(log, filter, isInvalid, filterCodec)
  let generation = 0

  return {
    stop() {
      view.stop()
    },
    resume() {
      view.resume()
    },
    read(request) {
      const current = getLog()
      const currentCodec = usesCodec ? getCodec() : null
      if (current !== log || currentCodec !== filterCodec) {
        log = current
        filterCodec = currentCodec
        // A new list starts its scan afresh, even if the old one was stopped.
        view = createFrameView(log, filter, isInvalid, filterCodec)
        generation += 1
      }
      // Checked first, so an "invalid only" view reads what the index already knows.
      const checking = contract?.sync() ?? false
      const snapshot = view.sync()
      const pairing = pairs?.sync() ?? false
      const wanted = Math.max(0, Math.min(MAX_WINDOW_ROWS, Math.floor(request.count)))
      const first = request.follow ? Math.max(0, snapshot.count - wanted) : Math.max(0, Math.min(Math.floor(request.first), snapshot.count))
      const end = Math.min(snapshot.count, first + wanted)
      const rows: RowSummary[] = []
      const codec = getCodec()
      const annotations = getAnnotations()
      const annotated = annotations !== undefined && annotations.size() > 0
      for (let row = first; row < end; row++) {
        const frame = view.frameAt(row)
        if (!frame) continue
        const shown = codec ? decodedPreview(codec, frame, decode) : { preview: frameSummary(frame), decoded: null }
        const seq = view.seqAt(row)
        const pair = pairs?.info(seq)
        const latencyMs = pair?.latencyMs ?? null
        rows.push({
          seq,
          id: frame.id,
          at: frame.at,
          kind: frame.kind,
          tone: frameTone(frame),
          size: frame.kind === 'message' ? frame.size : null,
          preview: latencyMs === null ? shown.preview : previewText(`${shown.preview} · ${latencyMs} ms`),
          decoded: shown.decoded,
          partnerSeq: pair?.partnerSeq ?? null,
          latencyMs,
          issue: frame.kind === 'message' ? (contract?.issueAt(seq, frame) ?? null) : null,
          ...(frame.kind === 'message' && frame.origin !== undefined ? { origin: originLabel(frame.origin, frame.originName) } : {}),
          ...(annotated ? annotationFields(annotations.get(frame.id)) : {}),
        })
      }
      return {
        count: snapshot.count,
        appended: snapshot.appended,
        headRemoved: snapshot.headRemoved,
        // Generations apart by far more than a view's own epochs ever move.
        epoch: generation * 1_000_000 + snapshot.epoch,
        // Pairing catches up within the same budget; until it has, the view keeps scanning.
        scanning: snapshot.scanning || pairing || checking,
        progress: passThrough ? null : { scanned: snapshot.scanned, total: snapshot.total },
        stopped: snapshot.stopped,
        first,
        rows,
        selectedRow: request.selectedSeq === null ? -1 : view.rowOfSeq(request.selectedSeq),
        latency: pairs?.stats() ?? EMPTY_LATENCY,
        contract: contract?.stats() ?? null,
      }
    },
  }
}

function annotationFields(annotation: ReturnType<Annotations['get']>): { pinned?: true; note?: string } {
  if (!annotation) return {}
  return { ...(annotation.pinned ? { pinned: true as const } : {}), ...(annotation.note === '' ? {} : { note: annotation.note }) }
}

const ORIGIN_WORDS: Record<FrameOrigin, string> = { 'auto-responder': 'auto', heartbeat: 'heartbeat', 'on-open': 'on open', schedule: 'periodic', scenario: 'scenario' }

/** The short marker of a frame sent by automation: "auto · <rule>", "heartbeat", "on open", "periodic", "scenario · <name>". */
export function originLabel(origin: FrameOrigin, name?: string): string {
  const word = ORIGIN_WORDS[origin]
  return name ? `${word} · ${name}` : word
}

export { EMPTY_WINDOW, MAX_WINDOW_ROWS } from './window-constants.ts'
