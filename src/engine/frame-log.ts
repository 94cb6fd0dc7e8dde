import { frameSize, type Frame } from './frame.ts'

/** Fixed-size chunks: appends never copy history, and dropping old frames frees whole chunks. */
export const FRAME_LOG_CHUNK_SIZE = 1024

export type RetentionLimits = {
  /** Most frames kept; the oldest go first. */
  maxFrames: number
  /** Most payload bytes kept; the oldest frames go first. */
  maxBytes: number
}

export const DEFAULT_RETENTION: RetentionLimits = {
  maxFrames: 200_000,
  maxBytes: 256 * 1024 * 1024,
}

export type FrameLog = {
  /** Frames retained now. */
  readonly length: () => number
  /** Frames dropped by retention since the last clear. */
  readonly dropped: () => number
  /** Payload bytes retained now. */
  readonly bytes: () => number
  /** How many times clear() ran: lets readers notice a clear without inferring it from frames. */
  readonly clears: () => number
  /** The retained frame at position 0 … length-1 (0 is the oldest kept). */
  at(index: number): Frame | undefined
  append(frame: Frame): void
  setLimits(limits: RetentionLimits): void
  /** How many of the frames retained now `setLimits(limits)` would drop; changes nothing. */
  overLimits(limits: RetentionLimits): number
  clear(): void
  /** Retained frames oldest first; allocates, so for export and tests, not for rendering. */
  toArray(): Frame[]
}

/**
 * An append-only, chunked, bounded frame log. Lives outside React and zustand: the store only
 * carries a revision number, so a burst of frames costs O(burst), never O(history).
 */
export function createFrameLog(initialLimits: RetentionLimits = DEFAULT_RETENTION): FrameLog {
  let limits = { ...initialLimits }
  let chunks: Frame[][] = []
  // Position of the oldest retained frame inside chunks[0].
  let head = 0
  let length = 0
  let bytes = 0
  let dropped = 0
  let clears = 0

  const dropOldest = () => {
    const first = chunks[0]
    if (!first) return
    const frame = first[head]
    bytes -= frame ? frameSize(frame) : 0
    // Release the payload now rather than when the whole chunk goes.
    ;(first as (Frame | undefined)[])[head] = undefined
    head += 1
    length -= 1
    dropped += 1
    if (head >= FRAME_LOG_CHUNK_SIZE || (head >= first.length && chunks.length > 1)) {
      chunks.shift()
      head = 0
    } else if (length === 0) {
      chunks = []
      head = 0
    }
  }

  const clampLimits = (next: RetentionLimits): RetentionLimits => ({
    maxFrames: Math.max(1, next.maxFrames),
    maxBytes: Math.max(0, next.maxBytes),
  })

  const enforce = () => {
    // Keep at least the newest frame even if it alone is over the byte cap: it was received, and
    // dropping it would make the timeline lie about the latest thing that happened.
    while (length > 1 && (length > limits.maxFrames || bytes > limits.maxBytes)) dropOldest()
  }

  return {
    length: () => length,
    dropped: () => dropped,
    bytes: () => bytes,
    clears: () => clears,

    at(index) {
      if (index < 0 || index >= length) return undefined
      const absolute = head + index
      return chunks[Math.floor(absolute / FRAME_LOG_CHUNK_SIZE)]?.[absolute % FRAME_LOG_CHUNK_SIZE]
    },

    append(frame) {
      let last = chunks[chunks.length - 1]
      if (!last || last.length >= FRAME_LOG_CHUNK_SIZE) {
        last = []
        chunks.push(last)
      }
      last.push(frame)
      length += 1
      bytes += frameSize(frame)
      enforce()
    },

    setLimits(next) {
      limits = clampLimits(next)
      enforce()
    },

    overLimits(next) {
      const { maxFrames, maxBytes } = clampLimits(next)
      // The same rule as enforce(), run on counters: the newest frame always stays.
      const byCount = Math.max(0, length - maxFrames)
      if (bytes <= maxBytes) return byCount
      let count = 0
      let remaining = bytes
      while (length - count > 1 && (length - count > maxFrames || remaining > maxBytes)) {
        const frame = this.at(count)
        remaining -= frame ? frameSize(frame) : 0
        count += 1
      }
      return count
    },

    clear() {
      chunks = []
      head = 0
      length = 0
      bytes = 0
      dropped = 0
      clears += 1
    },

    toArray() {
      const out: Frame[] = []
      for (let i = 0; i < length; i++) {
        const frame = this.at(i)
        if (frame) out.push(frame)
      }
      return out
    },
  }
}
