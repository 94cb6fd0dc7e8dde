import { CODEC_IDS } from '../engine/codecs/codec.ts'
import { parseJsonPath } from '../engine/match/json-path.ts'
import { PAIR_REQUESTS } from '../engine/view/pair-setting.ts'
import * as v from 'valibot'
import { LIMITS } from './limits.ts'
import {
  DEFAULT_SOCKET_IO_OPTIONS,
  DEFAULT_SSE_OPTIONS,
  MAX_HISTORY_ITEMS,
  type Connection,
  type JsonSchema,
  type Preferences,
  type TransportOptions,
  type Workspace,
} from './model.ts'
import { findStructureProblem, joinPath } from './safe-json.ts'
import { checkAutomation, connectionAutomationEntries, workspaceAutomationEntries } from './automation-schema.ts'
import { idSchema, nameSchema, objectSchema, payloadModeSchema, payloadTextSchema, textSchema, wholeNumber, MAX_REPORTED_ERRORS, type ValidationResult } from './schema-primitives.ts'
import { filterPresetsSchema, savedFilterSchema } from './filter-schema.ts'

/*
 * Valibot, not zod or ajv (docs/reliability.md §2.9): it is functional and tree-shakable (a few
 * kB for these schemas), and it never generates code with eval/new Function, so it runs under the
 * production CSP `script-src 'self'` without violation reports. Zod 4 probes eval for its JIT and
 * ajv compiles validators with new Function. `v.object` builds a NEW plain object from the
 * declared keys only, which drops unknown keys and cannot carry a prototype-polluting key along.
 */

export { objectSchema, textSchema, idSchema, nameSchema, payloadTextSchema, payloadModeSchema, wholeNumber, MAX_REPORTED_ERRORS, type ValidationResult } from './schema-primitives.ts'

export const protocolsSchema = v.pipe(
  v.array(textSchema(LIMITS.protocolChars), 'must be a list of subprotocols'),
  v.maxLength(LIMITS.protocolsPerConnection, `must have at most ${LIMITS.protocolsPerConnection} entries`),
)

/** Optional: workspaces stored before the option existed simply lack it (off). */
export const autoReconnectSchema = v.optional(v.boolean('must be true or false'))

const MAX_ACK_TIMEOUT_MS = 10 * 60_000

/** Optional: absent means "detect from the subprotocol and URL". */
export const decoderSchema = v.optional(v.picklist(['none', ...CODEC_IDS], `must be "none" or one of ${CODEC_IDS.map((id) => `"${id}"`).join(', ')}`))

/** A JSON path of a pairing: refused with the parser's own words when it does not parse. */
const pairingPathSchema = v.pipe(
  textSchema(LIMITS.pairingPathChars),
  v.check((path) => parseJsonPath(path).ok, (issue) => {
    const parsed = parseJsonPath(String(issue.input))
    return parsed.ok ? 'must be a JSON path' : `must be a JSON path: ${parsed.error}`
  }),
)

/** Optional: absent means "pair by the decoder's ids" (JSON-RPC, GraphQL, Socket.IO acks...). */
export const pairingSchema = v.optional(
  objectSchema({
    request: pairingPathSchema,
    reply: pairingPathSchema,
    requests: v.optional(v.picklist(PAIR_REQUESTS, 'must be "sent", "received" or "both"')),
  }),
)

export const emitSchema = objectSchema({
  event: nameSchema,
  args: v.pipe(
    v.array(objectSchema({ type: payloadModeSchema, text: payloadTextSchema }), 'must be a list of arguments'),
    v.maxLength(LIMITS.emitArgs, `must have at most ${LIMITS.emitArgs} arguments`),
  ),
  ack: v.optional(v.boolean('must be true or false'), false),
  ackTimeoutMs: v.optional(wholeNumber(1, MAX_ACK_TIMEOUT_MS)),
})

/** A Socket.IO emit next to the text: optional, only Socket.IO connections write it. */
const emitField = v.optional(emitSchema)

export const draftSchema = objectSchema({ text: payloadTextSchema, mode: payloadModeSchema, emit: emitField })

export const savedMessageSchema = objectSchema({ id: idSchema, name: nameSchema, text: payloadTextSchema, mode: payloadModeSchema, emit: emitField })

export const keyValuesSchema = v.pipe(
  v.array(objectSchema({ name: textSchema(LIMITS.urlChars), value: textSchema(LIMITS.urlChars) }), 'must be a list of {"name", "value"} pairs'),
  v.maxLength(LIMITS.keyValuesPerList, `must have at most ${LIMITS.keyValuesPerList} entries`),
)

/**
 * The `transport` of a connection, tagged by `kind`. Every option but `kind` may be left out of a
 * hand-written file and takes its default; Frameline always writes them all.
 */
export const transportSchema = v.pipe(
  v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), 'must be an object'),
  v.variant(
    'kind',
    [
      v.object({ kind: v.literal('websocket') }),
      v.object({ kind: v.literal('websocketstream') }),
      v.object({
        kind: v.literal('socket.io'),
        namespace: v.optional(v.pipe(textSchema(LIMITS.nameChars), v.regex(/^\//, 'must start with "/"')), DEFAULT_SOCKET_IO_OPTIONS.namespace),
        path: v.optional(v.pipe(textSchema(LIMITS.nameChars), v.regex(/^\//, 'must start with "/"')), DEFAULT_SOCKET_IO_OPTIONS.path),
        query: v.optional(keyValuesSchema, () => []),
        auth: v.optional(textSchema(LIMITS.payloadChars), ''),
        transports: v.optional(v.picklist(['websocket', 'polling'], 'must be "websocket" or "polling"'), DEFAULT_SOCKET_IO_OPTIONS.transports),
        ackTimeoutMs: v.optional(wholeNumber(1, MAX_ACK_TIMEOUT_MS), DEFAULT_SOCKET_IO_OPTIONS.ackTimeoutMs),
        reconnection: v.optional(v.boolean('must be true or false'), DEFAULT_SOCKET_IO_OPTIONS.reconnection),
      }),
      v.object({
        kind: v.literal('sse'),
        method: v.optional(v.picklist(['GET', 'POST'], 'must be "GET" or "POST"'), DEFAULT_SSE_OPTIONS.method),
        headers: v.optional(keyValuesSchema, () => []),
        query: v.optional(keyValuesSchema, () => []),
        body: v.optional(payloadTextSchema, ''),
        reconnect: v.optional(v.boolean('must be true or false'), DEFAULT_SSE_OPTIONS.reconnect),
      }),
    ],
    'must be "websocket", "socket.io", "sse" or "websocketstream"',
  ),
)

/** Optional on a connection: absent means WebSocket. */
export const transportField = v.optional(transportSchema)

function jsonDepth(value: unknown, limit: number, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (depth >= limit) return false
  for (const item of Object.values(value)) if (!jsonDepth(item, limit, depth + 1)) return false
  return true
}

/**
 * A JSON Schema: an object or a boolean, as JSON (no functions, no cycles), at most
 * LIMITS.schemaChars of JSON text. The copy is a fresh plain object made from that text, so no
 * value from storage or a file is shared with the app's state.
 */
export const jsonSchemaValue = v.pipe(
  v.custom<JsonSchema>((input) => typeof input === 'boolean' || (typeof input === 'object' && input !== null && !Array.isArray(input)), 'must be a JSON Schema (an object, true or false)'),
  v.check((input) => jsonDepth(input, LIMITS.schemaDepth), `must be nested at most ${LIMITS.schemaDepth} levels deep`),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    let text: string | undefined
    try {
      text = JSON.stringify(dataset.value)
    } catch {
      text = undefined
    }
    if (text === undefined) {
      addIssue({ message: 'must be plain JSON' })
      return NEVER
    }
    if (text.length > LIMITS.schemaChars) {
      addIssue({ message: `must be at most ${LIMITS.schemaChars} characters of JSON` })
      return NEVER
    }
    return JSON.parse(text) as JsonSchema
  }),
)

export const messageSchemaSchema = objectSchema({ name: nameSchema, schema: jsonSchemaValue })

/** Optional on a connection: absent means no schemas. */
export const schemasField = v.optional(
  v.pipe(
    v.array(messageSchemaSchema, 'must be a list of message schemas'),
    v.maxLength(LIMITS.schemasPerConnection, `must have at most ${LIMITS.schemasPerConnection} message schemas`),
  ),
)

export const savedMessagesSchema = v.pipe(
  v.array(savedMessageSchema, 'must be a list'),
  v.maxLength(LIMITS.savedMessagesPerConnection, `must have at most ${LIMITS.savedMessagesPerConnection} saved messages`),
)

const timestampSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number of milliseconds'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(8.64e15, 'must be a valid date'),
)

export const sentItemSchema = objectSchema({ text: payloadTextSchema, mode: payloadModeSchema, emit: emitField, at: timestampSchema })

/**
 * In the app and in storage the URL is whatever the user typed, even half-typed: refusing it here
 * would quarantine a whole stored workspace over one unfinished field. Files are stricter
 * (workspace-file.ts).
 */
export const storedUrlSchema = textSchema(LIMITS.urlChars)

export const connectionSchema = objectSchema(
  {
    id: idSchema,
    name: nameSchema,
    url: storedUrlSchema,
    protocols: protocolsSchema,
    autoReconnect: autoReconnectSchema,
    transport: transportField,
    decoder: decoderSchema,
    pairing: pairingSchema,
    schemas: schemasField,
    ...connectionAutomationEntries,
    draft: draftSchema,
    savedMessages: savedMessagesSchema,
    history: v.pipe(
      v.array(sentItemSchema, 'must be a list'),
      v.maxLength(MAX_HISTORY_ITEMS, `must have at most ${MAX_HISTORY_ITEMS} items`),
    ),
    filter: v.optional(savedFilterSchema),
  })

export const workspaceSchema = objectSchema(
  {
    id: idSchema,
    name: nameSchema,
    connections: v.pipe(
      v.array(connectionSchema, 'must be a list'),
      v.maxLength(LIMITS.connections, `must have at most ${LIMITS.connections} connections`),
    ),
    ...workspaceAutomationEntries,
    filterPresets: v.optional(filterPresetsSchema),
  })

function positiveInteger(max: number) {
  return wholeNumber(1, max)
}

/** Bounds are loose on purpose: they reject nonsense (negative, NaN, text), not unusual choices. */
export const preferencesSchema = objectSchema(
  {
    // 0 is the Options field's "no timeout of our own" (src/features/connections/close-input.ts).
    connectTimeoutMs: wholeNumber(0, 24 * 60 * 60 * 1000),
    maxFramesPerConnection: positiveInteger(Number.MAX_SAFE_INTEGER),
    maxBytesPerConnection: positiveInteger(Number.MAX_SAFE_INTEGER),
  })

// Compile-time proof that the schemas produce exactly the model types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemasMatchModel: [
  Same<v.InferOutput<typeof workspaceSchema>, Workspace>,
  Same<v.InferOutput<typeof connectionSchema>, Connection>,
  Same<v.InferOutput<typeof preferencesSchema>, Preferences>,
  Same<v.InferOutput<typeof transportSchema>, TransportOptions>,
] = [true, true, true, true]
void schemasMatchModel

/** `connections[2].url: must start with ws:// or wss://`, relative to the validated value. */
export function formatIssues(issues: readonly v.BaseIssue<unknown>[], rootPath = ''): string[] {
  const lines: string[] = []
  for (const issue of issues) {
    let path = rootPath
    for (const item of issue.path ?? []) {
      if (typeof item.key === 'string' || typeof item.key === 'number') path = joinPath(path, item.key)
    }
    // Valibot reports a missing required key as an object issue on the key's own path.
    const missing = issue.kind === 'schema' && issue.type === 'object' && issue.received === 'undefined' && issue.path
    const message = missing ? 'is missing' : issue.message
    lines.push(path === '' ? message : `${path}: ${message}`)
  }
  return capErrors(lines)
}

export function capErrors(lines: string[]): string[] {
  if (lines.length <= MAX_REPORTED_ERRORS) return lines
  return [...lines.slice(0, MAX_REPORTED_ERRORS), `…and ${lines.length - MAX_REPORTED_ERRORS} more problems`]
}

/**
 * Ids must be unique: connections are looked up by id everywhere, and a merge decides conflicts by
 * id. Saved-message ids are unique across the whole workspace, which duplicateConnection keeps true.
 */
export function findDuplicateIds(connections: readonly Pick<Connection, 'id' | 'savedMessages'>[], rootPath = ''): string[] {
  const errors: string[] = []
  const connectionIds = new Map<string, number>()
  const messageIds = new Map<string, string>()
  connections.forEach((connection, index) => {
    const path = joinPath(joinPath(rootPath, 'connections'), index)
    const first = connectionIds.get(connection.id)
    if (first === undefined) connectionIds.set(connection.id, index)
    else errors.push(`${path}.id: duplicate connection id "${connection.id}" (also used by ${joinPath(joinPath(rootPath, 'connections'), first)})`)
    connection.savedMessages.forEach((message, messageIndex) => {
      const messagePath = `${path}.savedMessages[${messageIndex}]`
      const seen = messageIds.get(message.id)
      if (seen === undefined) messageIds.set(message.id, messagePath)
      else errors.push(`${messagePath}.id: duplicate saved message id "${message.id}" (also used by ${seen})`)
    })
  })
  return errors
}

/** Shared gate: unsafe keys and hostile nesting are refused before any schema looks at the value. */
export function checkStructure(value: unknown, rootPath = ''): string[] {
  const problem = findStructureProblem(value, LIMITS.depth, rootPath)
  if (!problem) return []
  return [problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`]
}

/**
 * Validates an in-app workspace (from storage or any other untrusted source) and returns a NEW
 * plain object built from the declared fields only. Errors carry paths such as
 * `connections[2].savedMessages[0].mode: must be "json", "text" or "binary"`.
 */
export function validateWorkspace(value: unknown): ValidationResult<Workspace> {
  const structure = checkStructure(value)
  if (structure.length > 0) return { ok: false, errors: structure }
  const result = v.safeParse(workspaceSchema, value)
  if (!result.success) return { ok: false, errors: formatIssues(result.issues) }
  const duplicates = [...findDuplicateIds(result.output.connections), ...checkAutomation(result.output, '')]
  if (duplicates.length > 0) return { ok: false, errors: capErrors(duplicates) }
  return { ok: true, value: result.output }
}

export function validatePreferences(value: unknown): ValidationResult<Preferences> {
  const structure = checkStructure(value)
  if (structure.length > 0) return { ok: false, errors: structure }
  const result = v.safeParse(preferencesSchema, value)
  return result.success ? { ok: true, value: result.output } : { ok: false, errors: formatIssues(result.issues) }
}
