import type { DirectionFilter } from '../engine/view/frame-view.ts'
import type { ConnectionId } from '../workspace/model.ts'

/** What a timeline shows besides its frames; kept per connection while the page lives. */
export type TimelineUi = {
  direction: DirectionFilter
  query: string
  regex: boolean
  matchCase: boolean
  /** The event filter's chosen names (Socket.IO, SSE); empty shows every frame. */
  events: readonly string[]
  selectedSeq: number | null
}

const DEFAULT_UI: TimelineUi = Object.freeze({ direction: 'all', query: '', regex: false, matchCase: false, events: [], selectedSeq: null })

// A Map, not an object: ids come from files, and one named "__proto__" must stay an ordinary key.
const saved = new Map<ConnectionId, TimelineUi>()

/**
 * The filter, search and selection a connection's timeline had when the user switched away, so
 * coming back shows the same view. Not persisted: a reload starts every timeline fresh, like its frames.
 */
export function timelineUiOf(id: ConnectionId): TimelineUi {
  return saved.get(id) ?? DEFAULT_UI
}

export function rememberTimelineUi(id: ConnectionId, ui: TimelineUi): void {
  saved.set(id, ui)
}

export function forgetTimelineUi(id: ConnectionId): void {
  saved.delete(id)
}

/** Selections name frames of one runtime: with the runtime gone, so are they. */
export function forgetAllTimelineUi(): void {
  saved.clear()
}
