/**
 * The resizable panes and what a remembered layout may hold. Pure: no storage, no DOM, so the
 * persistence layer and the store share one definition of a sane layout.
 */

export type PaneId = 'sidebar' | 'composer' | 'detail'

export type PaneState = {
  /**
   * Pixels: the width of the sidebar and the composer, the height of the frame detail. Null until
   * the user sizes the pane: the layout then picks (see PaneLimits), so a default can follow the
   * window, and a later change of default reaches those who never chose.
   */
  size: number | null
  collapsed: boolean
}

export type PaneLayout = Record<PaneId, PaneState>

export type PaneLimits = {
  min: number
  max: number
  /** The size of a pane nobody has sized, where the room for it is not known. */
  initial: number
  /** Where it is known: this share of the room (then clamped), instead of `initial`. */
  share?: number
}

/**
 * Below `min` a pane's controls stop fitting (the sidebar's buttons, the composer's toolbar, the
 * detail's header and a few lines); above `max` it only takes room from the timeline. The
 * defaults leave a 1024 px window most of its width for the timeline (the composer gets 288 px
 * there) and give the composer more of a large one.
 */
export const PANE_LIMITS: Record<PaneId, PaneLimits> = {
  sidebar: { min: 180, max: 480, initial: 240 },
  composer: { min: 260, max: 720, initial: 288, share: 0.37 },
  detail: { min: 96, max: 900, initial: 260 },
}

export const PANE_IDS: readonly PaneId[] = ['sidebar', 'composer', 'detail']

export function clampSize(size: number, min: number, max: number): number {
  // A container smaller than the minimum gets the minimum: a pane never goes below its controls.
  return Math.round(Math.max(min, Math.min(size, Math.max(min, max))))
}

export function defaultLayout(): PaneLayout {
  return {
    sidebar: { size: null, collapsed: false },
    composer: { size: null, collapsed: false },
    detail: { size: null, collapsed: false },
  }
}

/** The size a pane asks for before it is fitted: the user's, or the default for `room` pixels. */
export function wantedSize(pane: PaneId, state: PaneState, room: number | null): number {
  if (state.size !== null) return state.size
  const { initial, share } = PANE_LIMITS[pane]
  return room !== null && share !== undefined ? room * share : initial
}

function sanitizePane(value: unknown, limits: PaneLimits): PaneState {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const size = typeof record.size === 'number' && Number.isFinite(record.size) ? clampSize(record.size, limits.min, limits.max) : null
  return { size, collapsed: record.collapsed === true }
}

/**
 * Whatever was stored (another version's shape, a hand edit, garbage) becomes a usable layout:
 * each pane keeps what is valid of its own entry and falls back to its default otherwise.
 */
export function sanitizeLayout(value: unknown): PaneLayout {
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  return {
    sidebar: sanitizePane(record.sidebar, PANE_LIMITS.sidebar),
    composer: sanitizePane(record.composer, PANE_LIMITS.composer),
    detail: sanitizePane(record.detail, PANE_LIMITS.detail),
  }
}
