import * as v from 'valibot'
import type { DirectionFilter, ExclusionRule, FrameFilter } from '../engine/view/frame-view.ts'
import { savedFilterSchema } from '../workspace/filter-schema.ts'
import type { SavedExclusionRule, SavedFilter } from '../workspace/model.ts'
import { runtimeClient } from './runtime-binding.ts'
import { useWorkspaceStore } from './workspace-store.ts'

export type { SavedFilter }
export { describeRule, hidingSentence, sameRule } from '../engine/view/filter-wording.ts'
export type { ExclusionRule, PayloadKind } from '../engine/view/frame-view.ts'

/** Filter kinds beyond direction, search and events: payload type, time, decoded type, exclusions. */
export type FilterExtras = {
  payload?: 'text' | 'binary'
  /** "Last N minutes", counted from when the filter is applied. */
  lastMinutes?: number
  from?: number
  to?: number
  decodedTypes?: readonly string[]
  exclude?: readonly ExclusionRule[]
}

/** A timeline's filter as the page edits it: every part present. */
export type FilterParts = {
  direction: DirectionFilter
  query: string
  regex: boolean
  matchCase: boolean
  events: readonly string[]
  more: FilterExtras
}

export const EMPTY_PARTS: FilterParts = Object.freeze({ direction: 'all', query: '', regex: false, matchCase: false, events: [], more: {} })

/** The filter as kept (workspace presets, a connection's current filter): defaults left out. */
export function savedFilterOf(parts: FilterParts): SavedFilter {
  const { more } = parts
  return {
    ...(parts.direction !== 'all' ? { direction: parts.direction } : {}),
    ...(parts.query !== '' ? { query: parts.query } : {}),
    ...(parts.regex ? { regex: true } : {}),
    ...(parts.matchCase ? { matchCase: true } : {}),
    ...(parts.events.length > 0 ? { events: [...parts.events] } : {}),
    ...(more.payload !== undefined ? { payload: more.payload } : {}),
    ...(more.lastMinutes !== undefined ? { lastMinutes: more.lastMinutes } : {}),
    ...(more.lastMinutes === undefined && more.from !== undefined ? { from: more.from } : {}),
    ...(more.lastMinutes === undefined && more.to !== undefined ? { to: more.to } : {}),
    ...(more.decodedTypes && more.decodedTypes.length > 0 ? { decodedTypes: [...more.decodedTypes] } : {}),
    ...(more.exclude && more.exclude.length > 0 ? { exclude: more.exclude.map((rule) => ({ ...rule }) as SavedExclusionRule) } : {}),
  }
}

export function partsOf(saved: SavedFilter): FilterParts {
  const more: FilterExtras = {
    ...(saved.payload !== undefined ? { payload: saved.payload } : {}),
    ...(saved.lastMinutes !== undefined ? { lastMinutes: saved.lastMinutes } : {}),
    ...(saved.lastMinutes === undefined && saved.from !== undefined ? { from: saved.from } : {}),
    ...(saved.lastMinutes === undefined && saved.to !== undefined ? { to: saved.to } : {}),
    ...(saved.decodedTypes && saved.decodedTypes.length > 0 ? { decodedTypes: saved.decodedTypes } : {}),
    ...(saved.exclude && saved.exclude.length > 0 ? { exclude: saved.exclude } : {}),
  }
  return {
    direction: saved.direction ?? 'all',
    query: saved.query ?? '',
    regex: saved.regex === true,
    matchCase: saved.matchCase === true,
    events: saved.events ?? [],
    more,
  }
}

/**
 * The engine's form of the extras. "Last N minutes" becomes a fixed start, `now` minus N minutes:
 * a view's list only grows, so a window sliding with the clock would have to drop rows it showed.
 */
export function extrasFilter(more: FilterExtras, now: number): Partial<FrameFilter> {
  const from = more.lastMinutes !== undefined ? now - more.lastMinutes * 60_000 : more.from
  const to = more.lastMinutes !== undefined ? undefined : more.to
  return {
    ...(more.payload !== undefined ? { payload: more.payload } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(more.decodedTypes && more.decodedTypes.length > 0 ? { decodedTypes: more.decodedTypes } : {}),
    ...(more.exclude && more.exclude.length > 0 ? { exclude: more.exclude } : {}),
  }
}

export function hasExtras(more: FilterExtras): boolean {
  return Object.keys(extrasFilter(more, 0)).length > 0
}

/** One string per distinct filter, keys in a fixed order: what views and lists are keyed by. */
export function filterKeyOf(filter: FrameFilter): string {
  return JSON.stringify([
    filter.direction,
    filter.query,
    filter.regex === true,
    filter.matchCase === true,
    filter.events ?? [],
    filter.invalidOnly === true,
    filter.payload ?? null,
    filter.from ?? null,
    filter.to ?? null,
    filter.decodedTypes ?? [],
    filter.exclude ?? [],
  ])
}

/** The filter a key was made from (the inverse of filterKeyOf). */
export function filterOfKey(key: string): FrameFilter {
  const [direction, query, regex, matchCase, events, invalidOnly, payload, from, to, decodedTypes, exclude] = JSON.parse(key) as [
    DirectionFilter,
    string,
    boolean,
    boolean,
    string[],
    boolean,
    'text' | 'binary' | null,
    number | null,
    number | null,
    string[],
    ExclusionRule[],
  ]
  return {
    direction,
    query,
    regex,
    matchCase,
    ...(events.length > 0 ? { events } : {}),
    ...(invalidOnly ? { invalidOnly } : {}),
    ...(payload !== null ? { payload } : {}),
    ...(from !== null ? { from } : {}),
    ...(to !== null ? { to } : {}),
    ...(decodedTypes.length > 0 ? { decodedTypes } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
  }
}

/** A connection's kept filter (from the workspace, so it survives a reload), or null. */
export function persistedFilterOf(id: string): SavedFilter | null {
  for (const workspace of useWorkspaceStore.getState().workspaces) {
    const connection = workspace.connections.find((c) => c.id === id)
    if (connection) return connection.filter ?? null
  }
  return null
}

/** Typing settles this long before the filter is written to the workspace (and storage). */
export const PERSIST_FILTER_DELAY_MS = 400
const pending = new Map<string, { timer: ReturnType<typeof setTimeout>; filter: SavedFilter }>()

/**
 * Keeps a connection's current filter in the workspace, so a reload shows it again. Connections
 * outside the workspace (recordings) keep theirs for the page only. A filter storage would refuse
 * (over its bounds) is applied but not kept.
 */
export function persistFilter(id: string, filter: SavedFilter, delayMs = PERSIST_FILTER_DELAY_MS): void {
  const waiting = pending.get(id)
  if (waiting) clearTimeout(waiting.timer)
  const timer = setTimeout(() => writeFilter(id), delayMs)
  pending.set(id, { timer, filter })
}

/** Writes pending filters now (tests, and before the page goes away). */
export function flushPersistedFilters(): void {
  for (const id of [...pending.keys()]) writeFilter(id)
}

function writeFilter(id: string): void {
  const waiting = pending.get(id)
  pending.delete(id)
  if (!waiting) return
  clearTimeout(waiting.timer)
  const { filter } = waiting
  if (!v.safeParse(savedFilterSchema, filter).success) return
  const empty = Object.keys(filter).length === 0
  const text = JSON.stringify(filter)
  useWorkspaceStore.setState((state) => {
    let changed = false
    const workspaces = state.workspaces.map((workspace) => {
      if (!workspace.connections.some((c) => c.id === id)) return workspace
      const connections = workspace.connections.map((connection) => {
        if (connection.id !== id) return connection
        if (JSON.stringify(connection.filter ?? {}) === text) return connection
        changed = true
        if (empty) {
          const { filter: _dropped, ...rest } = connection
          return rest
        }
        return { ...connection, filter: structuredClone(filter) }
      })
      return { ...workspace, connections }
    })
    return changed ? { workspaces } : state
  })
}

/** The rule "Hide frames like this" adds for a frame, with the words for it; null once the frame is gone. */
export async function fetchLikeRule(id: string, seq: number): Promise<{ rule: ExclusionRule; codecLabel: string | null } | null> {
  return runtimeClient().likeRule(id, seq)
}

/** The decoded types among a connection's newest frames, with its codec's label; null without a codec. */
export async function fetchDecodedTypes(id: string): Promise<{ label: string; types: string[] } | null> {
  return runtimeClient().decodedTypes(id)
}
