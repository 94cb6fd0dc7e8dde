import { create } from 'zustand'
import type { ConnectionId, Draft } from '../workspace/model.ts'
import type { ActionResult } from './field-limits.ts'
import { getConnection, setDraft } from './workspace-actions.ts'

export type ComposerLibraryTab = 'saved' | 'history'

/**
 * Runtime-only composer state. `loadCounter` tells a mounted editor that its draft was replaced
 * from outside (a saved message, a history item, "edit and resend" on a timeline row), because the
 * Monaco editor is uncontrolled and will not notice a store change on its own.
 * The library panel's tab and open state are shared by all connections, so switching connections
 * does not make the panel jump around.
 * `unsavedDraftById` holds a draft too long to be stored (over the payload limit): the persisted
 * draft keeps its last storable text, and the composer works on this one until it fits again.
 */
export type ComposerState = {
  loadCounterById: Record<ConnectionId, number>
  libraryTab: ComposerLibraryTab
  libraryOpen: boolean
  unsavedDraftById: Record<ConnectionId, Draft>
  /**
   * Tab leaves the editor (true, the default) or indents. A payload editor that swallowed Tab
   * trapped keyboard users and typed indentation into the draft as they tried to move on.
   */
  tabMovesFocus: boolean
}

export const useComposerStore = create<ComposerState>()(() => ({
  loadCounterById: {},
  libraryTab: 'saved',
  libraryOpen: true,
  unsavedDraftById: {},
  tabMovesFocus: true,
}))

export function toggleTabMovesFocus(): void {
  useComposerStore.setState((state) => ({ tabMovesFocus: !state.tabMovesFocus }))
}

/** A draft kept in memory only, if any. Own keys only: an id may be named like an Object.prototype member. */
export function selectUnsavedDraft(state: ComposerState, connectionId: ConnectionId): Draft | undefined {
  return Object.hasOwn(state.unsavedDraftById, connectionId) ? state.unsavedDraftById[connectionId] : undefined
}

export function selectLoadCounter(state: ComposerState, connectionId: ConnectionId): number {
  return (Object.hasOwn(state.loadCounterById, connectionId) ? state.loadCounterById[connectionId] : undefined) ?? 0
}

/**
 * What the composer edits and sends: the draft kept in memory when it is too long to be saved,
 * otherwise the stored one.
 */
export function getComposerDraft(connectionId: ConnectionId): Draft | undefined {
  return selectUnsavedDraft(useComposerStore.getState(), connectionId) ?? getConnection(connectionId)?.draft
}

/**
 * Every composer edit goes through here. A draft within the limit is stored (and any in-memory
 * copy dropped); a longer one stays in memory only, and the result carries the message to show.
 */
export function editDraft(connectionId: ConnectionId, draft: Draft): ActionResult {
  const stored = setDraft(connectionId, draft)
  const unsaved = useComposerStore.getState().unsavedDraftById
  if (stored.ok) {
    if (Object.hasOwn(unsaved, connectionId)) {
      const { [connectionId]: _dropped, ...rest } = unsaved
      useComposerStore.setState({ unsavedDraftById: rest })
    }
    return stored
  }
  if (getConnection(connectionId)) useComposerStore.setState({ unsavedDraftById: { ...unsaved, [connectionId]: draft } })
  return stored
}

/** Replaces a connection's draft and makes the open editor show it. */
export function loadIntoComposer(connectionId: ConnectionId, draft: Draft): ActionResult {
  const result = editDraft(connectionId, draft)
  useComposerStore.setState((state) => ({
    loadCounterById: { ...state.loadCounterById, [connectionId]: selectLoadCounter(state, connectionId) + 1 },
  }))
  return result
}

export function showComposerLibrary(tab: ComposerLibraryTab): void {
  useComposerStore.setState({ libraryTab: tab, libraryOpen: true })
}

export function setComposerLibraryOpen(open: boolean): void {
  useComposerStore.setState({ libraryOpen: open })
}
