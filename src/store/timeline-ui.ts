import type { DirectionFilter } from '../engine/view/frame-view.ts'
import type { ConnectionId } from '../workspace/model.ts'
import { EMPTY_PARTS, partsOf, persistedFilterOf, persistFilter, savedFilterOf, type FilterExtras } from './timeline-filter.ts'

/** What a timeline shows besides its frames; kept per connection while the page lives. */
export type TimelineUi = {
  direction: DirectionFilter
  query: string
  regex: boolean
  matchCase: boolean
  /** The event filter's chosen names (Socket.IO, SSE); empty shows every frame. */
  events: readonly string[]
  /** Payload type, time range, decoded types and exclusion rules. */
  more?: FilterExtras
  selectedSeq: number | null
}

// A Map, not an object: ids come from files, and one named "__proto__" must stay an ordinary key.
const saved = new Map<ConnectionId, TimelineUi>()

/**
 * The filter, search and selection a connection's timeline had when the user switched away, so
 * coming back shows the same view. The filter is also kept in the workspace (timeline-filter.ts),
 * so after a reload the timeline starts with the same filter; the selection is not (the frames
 * it named are gone).
 */
export function timelineUiOf(id: ConnectionId): TimelineUi {
  const remembered = saved.get(id)
  if (remembered) return remembered
  const persisted = persistedFilterOf(id)
  return { ...(persisted ? partsOf(persisted) : EMPTY_PARTS), selectedSeq: null }
}

export function rememberTimelineUi(id: ConnectionId, ui: TimelineUi): void {
  saved.set(id, ui)
  persistFilter(id, savedFilterOf({ ...ui, more: ui.more ?? {} }))
}

export function forgetTimelineUi(id: ConnectionId): void {
  saved.delete(id)
}

/** Selections name frames of one runtime: with the runtime gone, so are they. */
export function forgetAllTimelineUi(): void {
  saved.clear()
}
