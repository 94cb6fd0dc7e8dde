import { create } from 'zustand'
import type { ConnectionId, MessageSchema } from '../workspace/model.ts'
import { updateConnection } from './workspace-actions.ts'
import { selectConnection } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

/*
 * Message schemas of a connection (attached by hand in schema-attach.ts, or by an AsyncAPI import)
 * and which one the composer checks its draft against. The choice is runtime-only: it is a view
 * setting, like the timeline's filter, and starts at "none" after a reload.
 */

/** Removes a schema; the last one removes the key (absent means none, as files have it). */
export function removeSchema(id: ConnectionId, name: string): void {
  updateConnection(id, (c) => {
    const schemas = (c.schemas ?? []).filter((s) => s.name !== name)
    if (schemas.length === (c.schemas ?? []).length) return c
    if (schemas.length > 0) return { ...c, schemas }
    const { schemas: _none, ...rest } = c
    return rest
  })
  const chosen = useSchemaChoiceStore.getState().byConnection.get(id)
  if (chosen === name) chooseSchema(id, null)
}

type SchemaChoiceState = { byConnection: ReadonlyMap<ConnectionId, string> }

export const useSchemaChoiceStore = create<SchemaChoiceState>()(() => ({ byConnection: new Map() }))

/** The schema the composer checks against: by name, or null for none. */
export function chooseSchema(id: ConnectionId, name: string | null): void {
  useSchemaChoiceStore.setState((state) => {
    const byConnection = new Map(state.byConnection)
    if (name === null) byConnection.delete(id)
    else byConnection.set(id, name)
    return { byConnection }
  })
}

/** The chosen schema of a connection, if it still has one by that name. */
export function useChosenSchema(id: ConnectionId): MessageSchema | null {
  const name = useSchemaChoiceStore((state) => state.byConnection.get(id) ?? null)
  const schemas = useConnectionSchemas(id)
  return name === null ? null : (schemas.find((s) => s.name === name) ?? null)
}

const NO_SCHEMAS: readonly MessageSchema[] = []

export function useConnectionSchemas(id: ConnectionId): readonly MessageSchema[] {
  return useWorkspaceStore((state) => selectConnection(state, id)?.schemas ?? NO_SCHEMAS)
}
