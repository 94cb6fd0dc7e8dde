import * as v from 'valibot'
import { LIMITS } from '../workspace/limits.ts'
import type { ConnectionId, JsonSchema, MessageSchema } from '../workspace/model.ts'
import { jsonSchemaValue } from '../workspace/workspace-schema.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { getConnection, updateConnection } from './workspace-actions.ts'

/*
 * Attaching a JSON Schema by hand. Only the Connection options panel's schema form uses this, and
 * that form loads when the panel opens, so none of it weighs on the first page load.
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

