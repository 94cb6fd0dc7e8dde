import type { PinnedFrame, PinnedFrames } from '../engine/host/protocol.ts'
import type { ActionResult } from '../engine/transport.ts'
import type { Annotation, AnnotationChange, AnnotationStats } from '../engine/view/annotations.ts'
import type { LatencyPoint } from '../engine/view/pair-index.ts'
import type { SeriesPoint } from '../engine/runtime/traffic-counters.ts'
import type { ConnectionId } from '../workspace/model.ts'
import { runtimeClient } from './runtime-binding.ts'

/*
 * Pins and notes (issue 10) and the live chart's latency series: the features' way to the
 * runtime, where annotations live next to the frame log.
 */

export type { Annotation, AnnotationChange, AnnotationStats, LatencyPoint, PinnedFrame, PinnedFrames, SeriesPoint }
export { MAX_NOTE_CHARS } from '../engine/view/annotation-limits.ts'

/** Pins, unpins or notes the frame at `seq`; the answer says why not (a note too long, the frame gone). */
export function annotateFrame(id: ConnectionId, seq: number, change: AnnotationChange): Promise<ActionResult> {
  return runtimeClient().annotate(id, seq, change)
}

export function fetchPinnedFrames(id: ConnectionId): Promise<PinnedFrames> {
  return runtimeClient().pinnedFrames(id)
}

/** A connection's pins and notes by frame id, for a workspace export that includes timelines. */
export async function fetchAnnotations(id: ConnectionId): Promise<ReadonlyMap<number, Annotation>> {
  return new Map(await runtimeClient().annotations(id))
}

export function fetchLatencySeries(id: ConnectionId): Promise<LatencyPoint[]> {
  return runtimeClient().latencySeries(id)
}
