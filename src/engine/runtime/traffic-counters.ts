import type { Direction } from '../frame.ts'

const SECOND_MS = 1000

/** Seconds of history a snapshot carries: enough for a sparkline or a minute's chart. */
export const SERIES_SECONDS = 60

export type TrafficStats = {
  framesIn: number
  framesOut: number
  bytesIn: number
  bytesOut: number
  /** Messages per second over the last completed second, both directions. */
  ratePerSecond: number
}

/** One completed second of traffic; `at` is the second's start (ms since the epoch). */
export type SeriesPoint = {
  readonly at: number
  readonly framesIn: number
  readonly framesOut: number
  readonly bytesIn: number
  readonly bytesOut: number
}

export type TrafficCounters = {
  count(direction: Direction, bytes: number, at: number): void
  /** Totals and the current rate, rolled forward to `at` so a quiet connection reads 0 msg/s. */
  stats(at: number): TrafficStats
  /** Completed seconds, oldest first, at most SERIES_SECONDS; seconds without traffic are included. */
  series(at: number): readonly SeriesPoint[]
}

type Bucket = { at: number; framesIn: number; framesOut: number; bytesIn: number; bytesOut: number }

const emptyBucket = (at: number): Bucket => ({ at, framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 })

/**
 * Totals, a per-second rate and a per-second series of frames and bytes in each direction. Counting
 * is O(1) per frame and allocates nothing but one bucket per second.
 */
export function createTrafficCounters(start: number): TrafficCounters {
  const totals = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 }
  let current = emptyBucket(Math.floor(start / SECOND_MS) * SECOND_MS)
  let completed: SeriesPoint[] = []
  let rate = 0

  const roll = (at: number) => {
    const second = Math.floor(at / SECOND_MS) * SECOND_MS
    if (second <= current.at) return
    const finished = current
    completed.push(finished)
    // A gap of quiet seconds is part of the series: a chart must show the silence too.
    for (let t = finished.at + SECOND_MS; t < second && completed.length <= SERIES_SECONDS; t += SECOND_MS) completed.push(emptyBucket(t))
    if (completed.length > SERIES_SECONDS) completed = completed.slice(-SERIES_SECONDS)
    rate = second - finished.at === SECOND_MS ? finished.framesIn + finished.framesOut : 0
    current = emptyBucket(second)
  }

  return {
    count(direction, bytes, at) {
      roll(at)
      if (direction === 'in') {
        totals.framesIn += 1
        totals.bytesIn += bytes
        current.framesIn += 1
        current.bytesIn += bytes
      } else {
        totals.framesOut += 1
        totals.bytesOut += bytes
        current.framesOut += 1
        current.bytesOut += bytes
      }
    },
    stats(at) {
      roll(at)
      return { ...totals, ratePerSecond: rate }
    },
    series(at) {
      roll(at)
      return completed.slice()
    },
  }
}
