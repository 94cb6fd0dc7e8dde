import type { LatencyStats } from './pair-index.ts'
import type { TimelineWindow } from './timeline-window.ts'

/*
 * The constants the page shares with the row views, apart from them: the page needs the empty
 * window and the row limit, not the views that compute windows (those run in the Worker).
 */

export const EMPTY_LATENCY: LatencyStats = Object.freeze({ count: 0, p50: null, p95: null, max: null, unanswered: 0, complete: true })

export const EMPTY_WINDOW: TimelineWindow = Object.freeze({
  count: 0,
  appended: 0,
  headRemoved: 0,
  epoch: 0,
  scanning: false,
  progress: null,
  stopped: false,
  first: 0,
  rows: [],
  selectedRow: -1,
  latency: EMPTY_LATENCY,
  contract: null,
})

/** Rows a window may ask for at once: a tall screen shows ~80; more is a request gone wrong. */
export const MAX_WINDOW_ROWS = 1000
