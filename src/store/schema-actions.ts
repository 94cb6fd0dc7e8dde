import { create } from 'zustand'
import { LIMITS } from '../workspace/limits.ts'
import type { ConnectionId, JsonSchema, MessageSchema } from '../workspace/model.ts'
import * as v from 'valibot'
import { jsonSchemaValue } from '../workspace/workspace-schema.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { getConnection, updateConnection } from './workspace-actions.ts'
import { selectConnection } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

/*
 * Message schemas a user attaches to a connection by hand (an AsyncAPI import attaches them too),
 * and which one the composer checks its draft against. The choice is runtime-only: it is a view
 * setting, like the timeline's filter, and starts at "none" after a reload.
 */

/** Parses and checks schema text as the workspace would store it; the schema or why not. */
export function readSchemaText(text: string): { ok: true; schema: JsonSchema } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'Paste a JSON Schema first.' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (thrown) {
    return { ok: false, error: `Not JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}` }
  }
  const checked = v.safeParse(jsonSchemaValue, value)
  if (!checked.success) return { ok: false, error: `Not a schema Frameline can keep: it ${checked.issues[0]?.message ?? 'is not valid'}.` }
  if (typeof checked.output === 'object' && hasExternalRef(checked.output)) {
    return { ok: false, error: 'The schema refers to another file or URL ($ref not starting with #): Frameline fetches nothing, so paste a self-contained schema.' }
  }
  return { ok: true, schema: checked.output }
}

function hasExternalRef(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasExternalRef)
  if (typeof value !== 'object' || value === null) return false
  return Object.entries(value).some(([key, item]) => (key === '$ref' && typeof item === 'string' && !item.startsWith('#')) || hasExternalRef(item))
}

/** Adds (or, under the same name, replaces) a message schema of a connection. */
export function attachSchema(id: ConnectionId, name: string, text: string): ActionResult {
  const trimmed = name.trim()
  if (trimmed === '') return refuse('Give the schema a name (the message it describes).')
  if (trimmed.length > LIMITS.nameChars) return refuse(`The name is too long: at most ${LIMITS.nameChars} characters.`)
  const read = readSchemaText(text)
  if (!read.ok) return refuse(read.error)
  const connection = getConnection(id)
  if (!connection) return refuse('The connection no longer exists.')
  const schemas = connection.schemas ?? []
  const replacing = schemas.some((s) => s.name === trimmed)
  if (!replacing && schemas.length >= LIMITS.schemasPerConnection) return refuse(`A connection holds at most ${LIMITS.schemasPerConnection} message schemas.`)
  const next: MessageSchema = { name: trimmed, schema: read.schema }
  updateConnection(id, (c) => ({ ...c, schemas: replacing ? (c.schemas ?? []).map((s) => (s.name === trimmed ? next : s)) : [...(c.schemas ?? []), next] }))
  return replacing ? { ok: true, note: `Replaced the schema “${trimmed}”.` } : OK
}

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
