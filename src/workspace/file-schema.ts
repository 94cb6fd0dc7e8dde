import * as v from 'valibot'
import { LIMITS } from './limits.ts'
import { MAX_NOTE_CHARS } from '../engine/view/annotation-limits.ts'
import {
  autoReconnectSchema,
  decoderSchema,
  draftSchema,
  idSchema,
  nameSchema,
  objectSchema,
  pairingSchema,
  protocolsSchema,
  savedMessagesSchema,
  schemasField,
  textSchema,
  transportField,
} from './workspace-schema.ts'
import { connectionAutomationEntries, workspaceAutomationEntries } from './automation-schema.ts'
import { filterPresetsSchema } from './filter-schema.ts'

/** The `format` value every workspace file carries: what makes a JSON file ours. */
export const WORKSPACE_FILE_FORMAT = 'frameline.workspace'
/** The version this build writes. Older files are migrated (migrate.ts); newer ones are refused. */
export const WORKSPACE_FILE_VERSION = 1
/** Where the JSON Schema is served, relative to the app's base URL (public/ in the repository). */
export const WORKSPACE_SCHEMA_PATH = 'schema/workspace-v1.schema.json'

/**
 * Files are stricter than storage: a URL must be empty, ws(s):// or http(s)://. Which schemes a
 * connection may use depends on its transport, checked in workspace-file.ts (a WebSocket's
 * http(s):// is rewritten to ws(s):// on export, so Frameline's own files always pass).
 */
export const fileUrlSchema = v.pipe(
  textSchema(LIMITS.urlChars),
  v.check((url) => url === '' || /^(wss?|https?):\/\//i.test(url) || startsWithPlaceholder(url), 'must start with ws://, wss://, http://, https:// or a {{variable}}'),
)

/** `{{base}}/path`: the scheme comes from a variable, so it is checked when the URL is expanded at connect. */
export function startsWithPlaceholder(url: string): boolean {
  return /^\{\{\s*[A-Za-z_][\w.-]*\s*\}\}/.test(url)
}

const timestamp = v.pipe(v.number('must be a number'), v.integer('must be a whole number of milliseconds'), v.minValue(0, 'must not be negative'))
const systemDirection = v.literal('system', 'must be "system"')
const longText = v.string('must be text')

/** The user's pin and note on a frame (issue 10): optional on every entry kind, written only when set. */
const annotationEntries = {
  pinned: v.optional(v.boolean('must be true or false')),
  note: v.optional(v.pipe(v.string('must be text'), v.maxLength(MAX_NOTE_CHARS, `must be at most ${MAX_NOTE_CHARS} characters`))),
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * One frame of an exported timeline. Messages carry `payload` (text, exactly as on the wire) or
 * `payloadBase64` (binary bytes); workspace-file.ts checks that exactly one is present. Payloads
 * are capped only by the file size limit: a received frame may be large.
 */
export const timelineEntrySchema = v.variant(
  'kind',
  [
    v.object({
      at: timestamp,
      direction: v.picklist(['in', 'out'], 'must be "in" or "out"'),
      kind: v.literal('message'),
      size: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must not be negative')),
      payload: v.optional(longText),
      payloadBase64: v.optional(v.pipe(longText, v.regex(BASE64, 'must be base64'))),
      ...annotationEntries,
    }),
    v.object({
      at: timestamp,
      direction: systemDirection,
      kind: v.literal('connecting'),
      url: textSchema(LIMITS.urlChars),
      protocols: protocolsSchema,
      ...annotationEntries,
    }),
    v.object({
      at: timestamp,
      direction: systemDirection,
      kind: v.literal('open'),
      protocol: textSchema(LIMITS.protocolChars),
      extensions: textSchema(LIMITS.protocolChars),
      ...annotationEntries,
    }),
    v.object({
      at: timestamp,
      direction: systemDirection,
      kind: v.literal('error'),
      // Absent: an error. "info": a notice that is not a failure (an automatic retry scheduled).
      severity: v.optional(v.literal('info', 'must be "info" or absent')),
      message: longText,
      ...annotationEntries,
    }),
    v.object({
      at: timestamp,
      direction: systemDirection,
      kind: v.literal('close'),
      code: v.pipe(v.number('must be a number'), v.integer('must be a whole number')),
      reason: longText,
      wasClean: v.boolean('must be true or false'),
      meaning: longText,
      ...annotationEntries,
    }),
  ],
  'must be "message", "connecting", "open", "error" or "close"',
)

export const fileConnectionSchema = objectSchema({
  id: idSchema,
  name: nameSchema,
  url: fileUrlSchema,
  // Optional in files so a hand-written file can stay short; Frameline always writes them.
  protocols: v.optional(protocolsSchema, () => []),
  // Absent means off; Frameline writes it only when on, so exports without it diff cleanly.
  autoReconnect: autoReconnectSchema,
  // Absent means WebSocket: every file written before the field existed stays valid.
  transport: transportField,
  // Absent means detected; Frameline writes it only when the user chose one.
  decoder: decoderSchema,
  // Absent means pairing by the decoder's ids only; Frameline writes it only when the user set paths.
  pairing: pairingSchema,
  // Absent means no message schemas; Frameline writes it only when there is at least one.
  schemas: schemasField,
  // Automation (headers for the runner, auto-responders, heartbeat, on-open): absent means none.
  ...connectionAutomationEntries,
  draft: v.optional(draftSchema, () => ({ text: '', mode: 'json' as const })),
  savedMessages: v.optional(savedMessagesSchema, () => []),
  timeline: v.optional(
    v.pipe(
      v.array(timelineEntrySchema, 'must be a list'),
      v.maxLength(LIMITS.timelineFrames, `must have at most ${LIMITS.timelineFrames} frames`),
    ),
  ),
})

export const fileWorkspaceSchema = objectSchema({
  name: nameSchema,
  connections: v.pipe(
    v.array(fileConnectionSchema, 'must be a list'),
    v.maxLength(LIMITS.connections, `must have at most ${LIMITS.connections} connections`),
  ),
  // Variables, environments and scenarios: absent in files that never used them.
  ...workspaceAutomationEntries,
  // Named timeline filters: absent means none.
  filterPresets: v.optional(filterPresetsSchema),
})

/** Envelope fields other than `workspace`, which is validated on its own so paths read `connections[2].url`. */
export const envelopeSchema = objectSchema({
  $schema: v.optional(textSchema(LIMITS.urlChars)),
  format: v.literal(WORKSPACE_FILE_FORMAT),
  version: v.literal(WORKSPACE_FILE_VERSION),
  exportedAt: v.optional(textSchema(64)),
  redacted: v.optional(v.boolean('must be true or false')),
  includesTimelines: v.optional(v.boolean('must be true or false')),
})

export type TimelineEntry = v.InferOutput<typeof timelineEntrySchema>
export type FileConnection = v.InferOutput<typeof fileConnectionSchema>
export type FileWorkspace = v.InferOutput<typeof fileWorkspaceSchema>

/** The file as written, keys in the order they appear in the text. */
export type WorkspaceFile = {
  $schema: string
  format: typeof WORKSPACE_FILE_FORMAT
  version: typeof WORKSPACE_FILE_VERSION
  exportedAt: string
  /** True when secret-looking values were replaced by "<redacted>". */
  redacted: boolean
  /** True when connections carry a `timeline` of captured frames. */
  includesTimelines: boolean
  workspace: FileWorkspace
}
