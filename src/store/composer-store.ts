import { create } from 'zustand'
import type { ConnectionId, Draft } from '../workspace/model.ts'
import { setDraft } from './workspace-actions.ts'

/**
 * Runtime-only composer state. `loadCounter` tells a mounted editor that its draft was replaced
 * from outside (a saved message, a history item, "edit and resend" on a timeline row), because the
 * Monaco editor is uncontrolled and will not notice a store change on its own.
 */
export type ComposerState = {
  loadCounterById: Record<ConnectionId, number>
}

export const useComposerStore = create<ComposerState>()(() => ({ loadCounterById: {} }))

/** Replaces a connection's draft and makes the open editor show it. */
export function loadIntoComposer(connectionId: ConnectionId, draft: Draft): void {
  setDraft(connectionId, draft)
  useComposerStore.setState((state) => ({
    loadCounterById: { ...state.loadCounterById, [connectionId]: (state.loadCounterById[connectionId] ?? 0) + 1 },
  }))
}
