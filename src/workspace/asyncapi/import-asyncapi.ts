import { Validator } from '@cfworker/json-schema'
import { parseDocument } from 'yaml'
import { formatProblem, summariseSchemaErrors } from '../../engine/contracts/schema-errors.ts'
import { LIMITS } from '../limits.ts'
import type { ParsedWorkspaceFile, ParseFailure } from '../workspace-file.ts'
import { findStructureProblem } from '../safe-json.ts'
import { validateWorkspace } from '../workspace-schema.ts'
import { redactWorkspace } from '../redact.ts'
import { findExternalRefs, RefError, type Json } from './refs.ts'
import { loadSpecSchema, specSchemaKey, SUPPORTED_VERSIONS } from './spec-schemas.ts'
import { asyncApiToWorkspace } from './to-workspace.ts'

/*
 * AsyncAPI 2.0–2.6 and 3.0 documents (YAML or JSON) as a workspace: servers × channels become
 * connections, message examples saved messages, payload schemas the connections' message schemas.
 * All or nothing, in this order: size, parse (YAML aliases capped), unsafe keys and nesting,
 * version, the official JSON Schema of that version, references to other files, conversion. The
 * result is an ordinary parsed workspace file, so the import dialog previews and applies it like
 * any other (merge, replace or a new workspace, with undo). No code is generated or evaluated:
 * `yaml` parses and @cfworker/json-schema interprets schemas, both fine under `script-src 'self'`.
 */

/** Documents larger than this are refused before parsing; real AsyncAPI files are well under 1 MB. */
export const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024
/**
 * YAML aliases a document may expand. Each alias to a list or map counts its size, so a
 * "billion laughs" document (aliases of aliases) trips this long before it takes memory.
 */
export const MAX_ALIAS_COUNT = 100
/** Nesting depth of the whole document: payload schemas nest, but not this far. */
export const MAX_DOCUMENT_DEPTH = 64

export type AsyncApiImport = {
  ok: true
  value: ParsedWorkspaceFile
  /** "AsyncAPI 2.6.0 · Chat API 1.0.0" */
  describedAs: string
  /** What was left out or needs the user, for the preview. */
  notes: string[]
}

export type AsyncApiResult = AsyncApiImport | ParseFailure

function fail(message: string, details: string[] = []): ParseFailure {
  return { ok: false, message, details }
}

function parseText(text: string): { ok: true; value: unknown } | ParseFailure {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') return fail('The document is empty.')
  if (/^\s*[{[]/.test(body)) {
    try {
      return { ok: true, value: JSON.parse(body) }
    } catch (thrown) {
      return fail(`This AsyncAPI document is not valid JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}`)
    }
  }
  const document = parseDocument(body, { merge: true, uniqueKeys: true, prettyErrors: true })
  const error = document.errors[0]
  if (error) {
    const where = error.linePos?.[0] ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : ''
    const first = error.message.split('\n')[0] ?? error.message
    return fail(`This AsyncAPI document is not valid YAML${where}: ${first.replace(/ at line \d+, column \d+:?$/, '')}`)
  }
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) }
  } catch (thrown) {
    if (thrown instanceof ReferenceError && /alias/i.test(thrown.message)) {
      return fail(
        `The document expands YAML aliases (*name) too many times (more than ${MAX_ALIAS_COUNT}), the shape of a "billion laughs" attack. It was not imported.`,
      )
    }
    return fail(`This AsyncAPI document could not be read: ${thrown instanceof Error ? thrown.message : String(thrown)}`)
  }
}

/** Reads an AsyncAPI document into a workspace, or says why not; changes nothing either way. */
export async function importAsyncApi(text: string): Promise<AsyncApiResult> {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return fail(
      `The document is too large: ${text.length.toLocaleString('en-US')} characters; Frameline imports AsyncAPI documents up to ${MAX_DOCUMENT_CHARS.toLocaleString('en-US')}. It was not imported.`,
    )
  }
  const parsed = parseText(text)
  if (!parsed.ok) return parsed
  const raw = parsed.value

  const structure = findStructureProblem(raw, MAX_DOCUMENT_DEPTH)
  if (structure) {
    return fail('The document contains something Frameline refuses to import; nothing was imported.', [
      structure.path === '' ? structure.message : `${structure.path}: ${structure.message}`,
    ])
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('This is not an AsyncAPI document: expected an object with an "asyncapi" version.')
  const document = raw as Record<string, Json>
  const version = document.asyncapi
  if (typeof version !== 'string') return fail('This is not an AsyncAPI document: it has no "asyncapi" version string.')
  const key = specSchemaKey(version)
  if (!key) {
    const hint = version.startsWith('1.') ? ' Convert it to 2.6 or 3.0 first (the AsyncAPI CLI: asyncapi convert).' : ''
    return fail(`AsyncAPI ${version.slice(0, 40)} is not supported: Frameline imports versions ${SUPPORTED_VERSIONS.map((v) => v.replace(/\.0$/, '')).join(', ')}.${hint}`)
  }

  const validator = new Validator((await loadSpecSchema(key)) as object, '7', false)
  const result = validator.validate(document)
  if (!result.valid) {
    const problems = summariseSchemaErrors(result.errors)
    const count = problems.filter((p) => p.path !== '' || !p.message.startsWith('…')).length
    return fail(`This is not a valid AsyncAPI ${version} document (${count === 1 ? '1 problem' : `${count}+ problems`}, deepest first); nothing was imported.`, problems.map(formatProblem))
  }

  const external = findExternalRefs(document)
  if (external.length > 0) {
    const files = [...new Set(external.map((e) => e.ref.split('#')[0] ?? e.ref))]
    return fail(
      `The document refers to other ${files.length === 1 ? 'file' : 'files'}: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}. Frameline reads one document and fetches nothing: bundle it into one file first (asyncapi bundle). Nothing was imported.`,
      external.slice(0, 20).map((e) => `${e.at.replace(/^#/, '')}: $ref "${e.ref}"`),
    )
  }

  let converted: ReturnType<typeof asyncApiToWorkspace>
  try {
    converted = asyncApiToWorkspace(document, key.startsWith('3.') ? 3 : 2)
  } catch (thrown) {
    if (thrown instanceof RefError) return fail(`A reference in the document cannot be resolved: ${thrown.message}. Nothing was imported.`)
    throw thrown
  }
  if (converted.workspace.connections.length === 0) {
    return fail('The document describes no channel Frameline could turn into a connection; nothing was imported.', converted.notes)
  }
  if (converted.workspace.connections.length > LIMITS.connections) {
    return fail(`The document would make ${converted.workspace.connections.length} connections; a workspace holds at most ${LIMITS.connections}. Nothing was imported.`)
  }
  // The same check storage applies: what the preview shows is exactly what can be stored.
  const checked = validateWorkspace({ id: 'asyncapi', ...converted.workspace })
  if (!checked.ok) return fail('The document converts to something Frameline cannot store; nothing was imported.', checked.errors)

  const title = typeof (document.info as Record<string, Json> | undefined)?.title === 'string' ? String((document.info as Record<string, Json>).title) : ''
  const apiVersion = typeof (document.info as Record<string, Json> | undefined)?.version === 'string' ? String((document.info as Record<string, Json>).version) : ''
  const workspace = { name: checked.value.name, connections: checked.value.connections, ...(checked.value.variables ? { variables: checked.value.variables } : {}) }
  return {
    ok: true,
    value: {
      workspace,
      timelines: new Map(),
      exportedAt: null,
      migratedFrom: null,
      redactedMarkers: 0,
      secrets: redactWorkspace(workspace, false).redactions,
    },
    describedAs: `AsyncAPI ${version} · ${title}${apiVersion === '' ? '' : ` ${apiVersion}`}`,
    notes: converted.notes,
  }
}
