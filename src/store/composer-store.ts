import { create } from 'zustand'
import type { ConnectionId, Draft } from '../workspace/model.ts'
import { setDraft } from './workspace-actions.ts'

export type ComposerLibraryTab = 'saved' | 'history'

/**
 * Runtime-only composer state. `loadCounter` tells a mounted editor that its draft was replaced
 * from outside (a saved message, a history item, "edit and resend" on a timeline row), because the
 * Monaco editor is uncontrolled and will not notice a store change on its own.
 * The library panel's tab and open state are shared by all connections, so switching connections
 * does not make the panel jump around.
 */
export type ComposerState = {
  loadCounterById: Record<ConnectionId, number>
  libraryTab: ComposerLibraryTab
  libraryOpen: boolean
}

export const useComposerStore = create<ComposerState>()(() => ({
  loadCounterById: {},
  libraryTab: 'saved',
  libraryOpen: true,
}))

/** Replaces a connection's draft and makes the open editor show it. */
export function loadIntoComposer(connectionId: ConnectionId, draft: Draft): void {
  setDraft(connectionId, draft)
  useComposerStore.setState((state) => ({
    loadCounterById: { ...state.loadCounterById, [connectionId]: (state.loadCounterById[connectionId] ?? 0) + 1 },
  }))
}

export function showComposerLibrary(tab: ComposerLibraryTab): void {
  useComposerStore.setState({ libraryTab: tab, libraryOpen: true })
}

export function setComposerLibraryOpen(open: boolean): void {
  useComposerStore.setState({ libraryOpen: open })
}
