import type { FrameId } from '../frame.ts'
import type { FrameLog } from '../frame-log.ts'
import type { Annotations } from '../view/annotations.ts'
import { frameSummary, frameTone } from '../view/frame-summary.ts'
import type { PinnedFrame, PinnedFrames } from './protocol.ts'

/** A frame's seq (position since the last clear) by its id: the log is in id order, so a binary search. */
export function seqOfFrameId(log: FrameLog, id: FrameId): number {
  let low = 0
  let high = log.length() - 1
  while (low <= high) {
    const mid = (low + high) >>> 1
    const at = log.at(mid)?.id ?? 0
    if (at === id) return log.dropped() + mid
    if (at < id) low = mid + 1
    else high = mid - 1
  }
  return -1
}

/**
 * The "Pinned (N)" list: each pinned frame's time, direction, one-line preview and note, never its
 * payload (the page asks for that when one is selected). O(pins × log n).
 */
export function pinnedFramesOf(log: FrameLog | undefined, annotations: Annotations | undefined): PinnedFrames {
  if (!log || !annotations) return { frames: [], droppedPinned: 0 }
  const frames: PinnedFrame[] = []
  for (const [id, annotation] of annotations.entries(log)) {
    if (!annotation.pinned) continue
    const seq = seqOfFrameId(log, id)
    const frame = seq < 0 ? undefined : log.at(seq - log.dropped())
    if (!frame) continue
    frames.push({ seq, id, at: frame.at, tone: frameTone(frame), kind: frame.kind, preview: frameSummary(frame), note: annotation.note })
  }
  return { frames, droppedPinned: annotations.stats(log).droppedPinned }
}
