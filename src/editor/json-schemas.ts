import type { JsonSchema } from '../workspace/model.ts'
import { BASE_JSON_DIAGNOSTICS, jsonDefaults } from './monaco-setup.ts'

/*
 * Which JSON Schema applies to which composer model. Monaco's JSON worker takes all schemas in one
 * options object (setDiagnosticsOptions replaces the whole object), so every change re-sends the
 * full list. Each schema is bound to exactly one model by its URI (`fileMatch`), one model per
 * connection (`draft/<id>.json`), so two composers never check against each other's schema. The
 * schema is given inline and schema requests are off: nothing is fetched.
 */

const byModel = new Map<string, { uri: string; schema: JsonSchema }>()

function publish(): void {
  jsonDefaults.setDiagnosticsOptions({
    ...BASE_JSON_DIAGNOSTICS,
    schemas: [...byModel].map(([model, entry]) => ({ uri: entry.uri, fileMatch: [model], schema: entry.schema })),
  })
}

/** Binds `schema` (under the id `uri`) to the model, or unbinds it with null. */
export function setModelSchema(modelUri: string, entry: { uri: string; schema: JsonSchema } | null): void {
  const current = byModel.get(modelUri)
  if (entry === null) {
    if (!current) return
    byModel.delete(modelUri)
  } else {
    if (current && current.uri === entry.uri && current.schema === entry.schema) return
    byModel.set(modelUri, entry)
  }
  publish()
}
