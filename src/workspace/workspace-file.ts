import * as v from 'valibot'
import type { Frame, FrameId, FrameInput } from '../engine/frame.ts'
import type { Annotation, IndexedAnnotation } from '../engine/view/annotations.ts'
import {
  envelopeSchema,
  fileWorkspaceSchema,
  startsWithPlaceholder,
  WORKSPACE_FILE_FORMAT,
  WORKSPACE_FILE_VERSION,
  WORKSPACE_SCHEMA_PATH,
  type FileConnection,
  type FileWorkspace,
  type TimelineEntry,
  type WorkspaceFile,
} from './file-schema.ts'
import { LIMITS } from './limits.ts'
import { migrateWorkspaceFile } from './migrate.ts'
import { transportKindOf, type Connection, type ConnectionId, type TransportKind, type TransportOptions, type Workspace } from './model.ts'
import { countRedactedMarkers, holdsRedactedMarker, redactWorkspace, type Redaction } from './redact.ts'
import { locateJsonProblem } from './safe-json.ts'
import { capErrors, checkStructure, findDuplicateIds, formatIssues } from './workspace-schema.ts'
import { checkAutomation } from './automation-schema.ts'

/*
 * The workspace file: a public contract (docs/workspace-format.md, public/schema/). One pure module
 * writes it and reads it back. Reading is all-or-nothing, in this order: size cap, decoding,
 * JSON.parse, unsafe keys and nesting, envelope (format, version), migration of older versions,
 * schema validation, semantic checks. Nothing is returned unless every step passed.
 */

/** What a file holds: the workspace without its internal id. The active environment is kept: the runner uses it unless told otherwise. */
export type WorkspaceContent = Pick<Workspace, 'name' | 'connections' | 'variables' | 'environments' | 'activeEnvironmentId' | 'scenarios' | 'filterPresets'>

export type ExportOptions = {
  /** Replace secret-looking values with "<redacted>". Default true: secrets never leave by accident. */
  redact?: boolean
  /** Include each connection's captured frames. Omitted means no timelines (the default). */
  timelines?: (connectionId: ConnectionId) => readonly Frame[] | undefined
  /** The user's pins and notes on those frames, by frame id; written with each entry. */
  annotations?: (connectionId: ConnectionId) => ReadonlyMap<FrameId, Annotation> | undefined
  /** The `$schema` reference; the UI passes the absolute URL of public/schema/ on its own origin. */
  schemaUrl?: string
  exportedAt?: Date
}

export type PreparedExport = {
  text: string
  fileName: string
  /** What was (or, with redact off, would have been) replaced: shown before the download. */
  redactions: Redaction[]
  /** Things the user should know, e.g. a URL that could not be exported. */
  warnings: string[]
}

export const DEFAULT_SCHEMA_URL = `./${WORKSPACE_SCHEMA_PATH}`

/** Builds the file text with a fixed key order and the user's item order, so exports diff cleanly. */
export function prepareWorkspaceExport(workspace: WorkspaceContent, options: ExportOptions = {}): PreparedExport {
  const redact = options.redact ?? true
  const warnings: string[] = []
  const connections = workspace.connections.map((connection) => toFileConnection(connection, options, warnings))
  const redaction = redactWorkspace({ name: workspace.name, connections, ...workspaceAutomationOf(workspace) }, redact)
  const file: WorkspaceFile = {
    $schema: options.schemaUrl ?? DEFAULT_SCHEMA_URL,
    format: WORKSPACE_FILE_FORMAT,
    version: WORKSPACE_FILE_VERSION,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    // True when this export replaced something or the content still holds markers from an
    // earlier redacted export (an imported file): the flag describes the file, not this run.
    redacted: (redact && redaction.redactions.length > 0) || holdsRedactedMarker(redaction.workspace),
    includesTimelines: options.timelines !== undefined,
    workspace: redaction.workspace,
  }
  return {
    text: `${JSON.stringify(file, null, 2)}\n`,
    fileName: workspaceFileName(workspace.name),
    redactions: redaction.redactions,
    warnings,
  }
}

export function serializeWorkspaceFile(workspace: WorkspaceContent, options: ExportOptions = {}): string {
  return prepareWorkspaceExport(workspace, options).text
}

/** One connection in the same envelope: a workspace named after it, holding only it. */
export function prepareConnectionExport(connection: Connection, options: ExportOptions = {}): PreparedExport {
  return prepareWorkspaceExport({ name: connection.name, connections: [connection] }, options)
}

/** `<name>.frameline.json`, with characters that some file systems refuse replaced. */
export function workspaceFileName(name: string): string {
  const safe = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, 100)
  return `${safe === '' ? 'workspace' : safe}.frameline.json`
}

function toFileConnection(connection: Connection, options: ExportOptions, warnings: string[]): FileConnection {
  const kind = transportKindOf(connection)
  const url = toFileUrl(connection.url, kind)
  if (url === null) {
    warnings.push(`"${connection.name}": its URL is not ${URL_EXPECTED[kind]} URL yet, so it is exported empty.`)
  }
  // Built key by key, in the documented order; history is deliberately not part of the file.
  const out: FileConnection = {
    id: connection.id,
    name: connection.name,
    url: url ?? '',
    protocols: [...connection.protocols],
    // Written only when on: a workspace that never used the option exports as it always did.
    ...(connection.autoReconnect === true ? { autoReconnect: true } : {}),
    // Written only for other kinds: a WebSocket connection exports exactly as before.
    ...(connection.transport && kind !== 'websocket' ? { transport: copyTransport(connection.transport) } : {}),
    ...(connection.decoder === undefined ? {} : { decoder: connection.decoder }),
    ...pairingOf(connection),
    ...connectionAutomationOf(connection),
    draft: { text: connection.draft.text, mode: connection.draft.mode, ...emitOf(connection.draft) },
    savedMessages: connection.savedMessages.map((m) => ({ id: m.id, name: m.name, text: m.text, mode: m.mode, ...emitOf(m) })),
    // Written only when there are any, after the messages they describe.
    ...schemasOf(connection),
  }
  if (options.timelines) {
    const annotations = options.annotations?.(connection.id)
    out.timeline = (options.timelines(connection.id) ?? []).map((frame) => toAnnotatedTimelineEntry(frame, annotations?.get(frame.id)))
  }
  return out
}

const URL_EXPECTED: Readonly<Record<TransportKind, string>> = {
  websocket: 'a ws:// or wss://',
  websocketstream: 'a ws:// or wss://',
  sse: 'an http:// or https://',
  'socket.io': 'an http://, https://, ws:// or wss://',
}

const KIND_LABEL: Readonly<Record<TransportKind, string>> = {
  websocket: 'WebSocket',
  websocketstream: 'WebSocketStream',
  sse: 'Server-Sent Events',
  'socket.io': 'Socket.IO',
}

/**
 * Automation fields, written only when present (and lists only when not empty), so a workspace
 * that never used them exports exactly as before. Deep copies: the file must not share objects
 * with the live store.
 */
function connectionAutomationOf(connection: Connection): Pick<FileConnection, 'headers' | 'autoResponders' | 'heartbeat' | 'onOpen'> {
  return {
    ...(connection.headers && connection.headers.length > 0 ? { headers: structuredClone(connection.headers) } : {}),
    ...(connection.autoResponders && connection.autoResponders.length > 0 ? { autoResponders: structuredClone(connection.autoResponders) } : {}),
    ...(connection.heartbeat ? { heartbeat: { ...connection.heartbeat } } : {}),
    ...(connection.onOpen && connection.onOpen.length > 0 ? { onOpen: structuredClone(connection.onOpen) } : {}),
  }
}

function workspaceAutomationOf(
  workspace: Pick<Workspace, 'variables' | 'environments' | 'activeEnvironmentId' | 'scenarios' | 'filterPresets'>,
): Pick<FileWorkspace, 'variables' | 'environments' | 'activeEnvironmentId' | 'scenarios' | 'filterPresets'> {
  const active = workspace.environments?.some((environment) => environment.id === workspace.activeEnvironmentId) ? workspace.activeEnvironmentId : undefined
  return {
    ...(workspace.variables && workspace.variables.length > 0 ? { variables: structuredClone(workspace.variables) } : {}),
    ...(workspace.environments && workspace.environments.length > 0 ? { environments: structuredClone(workspace.environments) } : {}),
    ...(active === undefined ? {} : { activeEnvironmentId: active }),
    ...(workspace.scenarios && workspace.scenarios.length > 0 ? { scenarios: structuredClone(workspace.scenarios) } : {}),
    // Named timeline filters, last: written only when there are any.
    ...(workspace.filterPresets && workspace.filterPresets.length > 0 ? { filterPresets: structuredClone(workspace.filterPresets) } : {}),
  }
}

/** The schemes each kind's URL may use in a file; a URL that starts with a {{variable}} is checked at connect. */
export function fileUrlFits(url: string, kind: TransportKind): boolean {
  if (url === '' || startsWithPlaceholder(url)) return true
  switch (kind) {
    case 'websocket':
    case 'websocketstream':
      return /^wss?:\/\//i.test(url)
    case 'sse':
      return /^https?:\/\//i.test(url)
    case 'socket.io':
      return /^(wss?|https?):\/\//i.test(url)
  }
}

/** A WebSocket's http(s):// means the same thing to Frameline, so it is rewritten to ws(s)://. */
function toFileUrl(url: string, kind: TransportKind): string | null {
  const trimmed = url.trim()
  if (fileUrlFits(trimmed, kind)) return trimmed
  if ((kind === 'websocket' || kind === 'websocketstream') && /^https?:\/\//i.test(trimmed)) return trimmed.replace(/^http/i, 'ws')
  return null
}

function copyTransport(transport: TransportOptions): TransportOptions {
  switch (transport.kind) {
    case 'websocket':
    case 'websocketstream':
      return { kind: transport.kind }
    case 'socket.io':
      return { ...transport, query: transport.query.map((q) => ({ name: q.name, value: q.value })) }
    case 'sse':
      return { ...transport, headers: transport.headers.map((h) => ({ name: h.name, value: h.value })), query: transport.query.map((q) => ({ name: q.name, value: q.value })) }
  }
}

function schemasOf(connection: Pick<Connection, 'schemas'>): Pick<Connection, 'schemas'> {
  const schemas = connection.schemas
  return schemas && schemas.length > 0 ? { schemas: schemas.map((s) => ({ name: s.name, schema: s.schema })) } : {}
}

function emitOf(item: { emit?: Connection['draft']['emit'] }): Pick<Connection['draft'], 'emit'> {
  const emit = item.emit
  if (!emit) return {}
  return {
    emit: { event: emit.event, args: emit.args.map((a) => ({ type: a.type, text: a.text })), ack: emit.ack, ...(emit.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: emit.ackTimeoutMs }) },
  }
}

/** A frame as a file's timeline entry; the user's pin and note, when there are any, come last. */
export function toAnnotatedTimelineEntry(frame: Frame, annotation: Annotation | undefined): TimelineEntry {
  const entry = toTimelineEntry(frame)
  if (!annotation) return entry
  return { ...entry, ...(annotation.pinned ? { pinned: true } : {}), ...(annotation.note !== '' ? { note: annotation.note } : {}) }
}

/** The pins and notes of a file's timeline, by entry index, for playing it back (see ConnectionRuntime.play). */
export function timelineAnnotations(entries: readonly TimelineEntry[]): IndexedAnnotation[] {
  const out: IndexedAnnotation[] = []
  entries.forEach((entry, index) => {
    const note = entry.note !== undefined && entry.note.trim() !== '' ? entry.note : ''
    if (entry.pinned === true || note !== '') out.push({ index, pinned: entry.pinned === true, note })
  })
  return out
}

export function toTimelineEntry(frame: Frame): TimelineEntry {
  switch (frame.kind) {
    case 'message':
      return typeof frame.payload === 'string'
        ? { at: frame.at, direction: frame.direction, kind: 'message', size: frame.size, payload: frame.payload }
        : { at: frame.at, direction: frame.direction, kind: 'message', size: frame.size, payloadBase64: bytesToBase64(new Uint8Array(frame.payload)) }
    case 'connecting':
      return { at: frame.at, direction: 'system', kind: 'connecting', url: frame.url, protocols: [...frame.protocols] }
    case 'open':
      return { at: frame.at, direction: 'system', kind: 'open', protocol: frame.protocol, extensions: frame.extensions }
    case 'error':
      return { at: frame.at, direction: 'system', kind: 'error', message: frame.message }
    case 'notice':
      // Written as files have always carried notices (an error with severity "info"), so every
      // Frameline version reads them; the app reads them back as notices.
      return { at: frame.at, direction: 'system', kind: 'error', severity: 'info', message: frame.message }
    case 'close':
      return { at: frame.at, direction: 'system', kind: 'close', code: frame.code, reason: frame.reason, wasClean: frame.wasClean, meaning: frame.meaning }
  }
}

/** A file's timeline entry as a frame to play back; an error with severity "info" is a notice. */
export function fromTimelineEntry(entry: TimelineEntry): FrameInput {
  switch (entry.kind) {
    case 'message': {
      const payload = entry.payloadBase64 !== undefined ? (base64ToBytes(entry.payloadBase64).buffer as ArrayBuffer) : (entry.payload ?? '')
      return { at: entry.at, kind: 'message', direction: entry.direction, payload, size: entry.size }
    }
    case 'connecting':
      return { at: entry.at, kind: 'connecting', url: entry.url, protocols: entry.protocols }
    case 'open':
      return { at: entry.at, kind: 'open', protocol: entry.protocol, extensions: entry.extensions }
    case 'error':
      return entry.severity === 'info' ? { at: entry.at, kind: 'notice', message: entry.message } : { at: entry.at, kind: 'error', message: entry.message }
    case 'close':
      return { at: entry.at, kind: 'close', code: entry.code, reason: entry.reason, wasClean: entry.wasClean, meaning: entry.meaning }
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  // Chunks keep String.fromCharCode's argument list far below engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

// ---------------------------------------------------------------------------------------------
// Reading

export type ParsedWorkspaceFile = {
  /** Connections as the app keeps them; `history` is empty because files do not carry it. */
  workspace: WorkspaceContent
  /** Captured frames by connection id, when the file includes timelines. */
  timelines: ReadonlyMap<ConnectionId, TimelineEntry[]>
  exportedAt: string | null
  /** The version the file was written in, when it was migrated from an older one. */
  migratedFrom: number | null
  /** "<redacted>" markers the user will have to fill in again. */
  redactedMarkers: number
  /** Secret-looking values the file carries in clear text, for the preview to flag. */
  secrets: Redaction[]
}

export type ParseFailure = { ok: false; message: string; details: string[] }
export type ParseResult = { ok: true; value: ParsedWorkspaceFile } | ParseFailure

function fail(message: string, details: string[] = []): ParseFailure {
  return { ok: false, message, details }
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** Call with `File.size` before reading anything: an oversized file is refused unread. */
export function checkFileSize(bytes: number): ParseFailure | null {
  if (bytes <= LIMITS.fileBytes) return null
  return fail(
    `The file is too large: ${formatMegabytes(bytes)} (${bytes.toLocaleString('en-US')} bytes); Frameline imports workspace files up to ${formatMegabytes(LIMITS.fileBytes)} (${LIMITS.fileBytes.toLocaleString('en-US')} bytes). It was not imported.`,
  )
}

/**
 * Decodes file bytes: UTF-8 (a byte-order mark is accepted and dropped) or UTF-16 with a BOM, as
 * some Windows editors write. Anything else that is not valid UTF-8 is refused.
 */
export function decodeWorkspaceFile(bytes: Uint8Array): { ok: true; text: string } | ParseFailure {
  const tooBig = checkFileSize(bytes.byteLength)
  if (tooBig) return tooBig
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes) }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes) }
    const utf16 = utf16WithoutBom(bytes)
    if (utf16) {
      return fail(
        `The file looks like UTF-16 text (${utf16}) without a byte-order mark. Frameline reads UTF-8, or UTF-16 with a byte-order mark: save the file as UTF-8 and try again.`,
      )
    }
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return fail('The file is not UTF-8 text, so it cannot be a workspace file. Save it as UTF-8 JSON and try again.')
  }
}

/**
 * JSON is mostly ASCII, which UTF-16 writes as a zero byte beside each character. NUL is never
 * valid in JSON text, so zeros in every other byte mean UTF-16 that lost (or never had) its
 * byte-order mark, not a damaged UTF-8 file: say so instead of a confusing JSON error.
 */
function utf16WithoutBom(bytes: Uint8Array): 'little-endian' | 'big-endian' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1)
  if (sample.length < 2) return null
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++
    if (sample[i + 1] === 0) oddZeros++
  }
  const units = sample.length / 2
  if (oddZeros >= units * 0.5 && evenZeros === 0) return 'little-endian'
  if (evenZeros >= units * 0.5 && oddZeros === 0) return 'big-endian'
  return null
}

function utf8Length(text: string): number {
  // Cheap bounds first: each UTF-16 unit is 1 to 3 UTF-8 bytes.
  if (text.length * 3 <= LIMITS.fileBytes) return text.length
  return new TextEncoder().encode(text).byteLength
}

function lineAndColumn(text: string, position: number): string {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1
      lineStart = i + 1
    }
  }
  return `line ${line}, column ${position - lineStart + 1}`
}

const JSONC_HINT =
  'This looks like JSONC (JSON with comments, as some editors save settings); JSON allows neither comments nor trailing commas: remove them and import again.'

function describeJsonError(text: string, thrown: unknown): string {
  const raw = thrown instanceof Error ? thrown.message : String(thrown)
  const engineReason = raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s+in JSON at position \d+/, '').replace(/\s+at position \d+/, '')
  const snippet = engineReason.length > 200 ? `${engineReason.slice(0, 200)}…` : engineReason
  // Where, from our own reading: engines do not all say, and say it in different words.
  const problem = locateJsonProblem(text)
  if (problem === null) return `This is not valid JSON: ${snippet}`
  const where = lineAndColumn(text, problem.position)
  switch (problem.kind) {
    case 'comment':
      return `This is not valid JSON (${where}): comments are not allowed in JSON. ${JSONC_HINT}`
    case 'trailing-comma':
      return `This is not valid JSON (${where}): a comma before "${problem.closer ?? '}'}" is not allowed in JSON. ${JSONC_HINT}`
    case 'end':
      return `This is not valid JSON (${where}): the text ends too early, as if it were cut off.`
    case 'syntax':
      return `This is not valid JSON (${where}): ${snippet}`
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

const NOT_OURS = `This is not a Frameline workspace file: expected a JSON object with "format": "${WORKSPACE_FILE_FORMAT}"`

/** Other tools' exports get named, so the user knows why it does not import. */
function foreignFormat(value: Record<string, unknown>): string | null {
  const log = value.log
  if (typeof log === 'object' && log !== null && 'entries' in log) {
    return 'This is a HAR file, not a workspace file. Open it with "Import traffic…" under Recordings: each WebSocket entry becomes a recording'
  }
  const info = value.info
  if (typeof info === 'object' && info !== null && ('_postman_id' in info || String((info as Record<string, unknown>).schema ?? '').includes('getpostman.com'))) {
    return 'This looks like a Postman collection. Frameline imports only its own workspace files'
  }
  if ('_postman_variable_scope' in value) return 'This looks like a Postman environment. Frameline imports only its own workspace files'
  if (value._type === 'export' && '__export_format' in value) return 'This looks like an Insomnia export. Frameline imports only its own workspace files'
  if (typeof value.type === 'string' && value.type.startsWith('collection.insomnia')) return 'This looks like an Insomnia collection. Frameline imports only its own workspace files'
  if ('requests' in value && 'folders' in value && 'v' in value) return 'This looks like a Hoppscotch collection. Frameline imports only its own workspace files'
  if (value.type === 'excalidraw') return 'This is an Excalidraw drawing, not a Frameline workspace file'
  return null
}

/**
 * Parses workspace file text into the app's model, or says precisely why not. Pure: no I/O,
 * no store, no randomness; the caller decides how to apply the result.
 */
export function parseWorkspaceFile(text: string): ParseResult {
  const size = utf8Length(text)
  const tooBig = checkFileSize(size)
  if (tooBig) return tooBig
  // A UTF-8 byte-order mark (Windows Notepad) is harmless: accept it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') return fail('The file is empty.')

  let raw: unknown
  try {
    raw = JSON.parse(body)
  } catch (thrown) {
    return fail(describeJsonError(body, thrown))
  }

  const structure = checkStructure(raw)
  if (structure.length > 0) return fail('The file contains something Frameline refuses to import; nothing was imported.', structure)

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`${NOT_OURS}, found ${kindOf(raw)}.`)
  const envelope = raw as Record<string, unknown>
  if (!('format' in envelope)) {
    const foreign = foreignFormat(envelope)
    return fail(foreign ? `${foreign} (format "${WORKSPACE_FILE_FORMAT}").` : `${NOT_OURS}; this object has no "format".`)
  }
  if (envelope.format !== WORKSPACE_FILE_FORMAT) {
    const found = typeof envelope.format === 'string' ? `"${envelope.format.slice(0, 100)}"` : kindOf(envelope.format)
    return fail(`${NOT_OURS}; its "format" is ${found}.`)
  }

  const version = envelope.version
  if (version === undefined) return fail('The file has no "version", so Frameline cannot tell how to read it.')
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return fail(`The file's "version" must be a whole number, found ${typeof version === 'number' ? String(version) : kindOf(version)}.`)
  }
  if (version > WORKSPACE_FILE_VERSION) {
    return fail(
      `This file was made by a newer version of Frameline (file format version ${version}; this app reads up to version ${WORKSPACE_FILE_VERSION}). Update Frameline to import it.`,
    )
  }
  const migrated = migrateWorkspaceFile(envelope, version)
  if (!migrated.ok) return fail(migrated.message)
  const file = migrated.file

  const envelopeCheck = v.safeParse(envelopeSchema, file)
  if (!envelopeCheck.success) {
    return fail(problemCount(envelopeCheck.issues.length), formatIssues(envelopeCheck.issues))
  }
  if (!('workspace' in file)) return fail('The file has no "workspace" object.')
  const workspaceCheck = v.safeParse(fileWorkspaceSchema, file.workspace)
  if (!workspaceCheck.success) {
    return fail(problemCount(workspaceCheck.issues.length), formatIssues(workspaceCheck.issues, 'workspace'))
  }
  const workspace = workspaceCheck.output
  const semantic = [
    ...findDuplicateIds(workspace.connections, 'workspace'),
    ...checkTransportUrls(workspace),
    ...checkTimelinePayloads(workspace),
    ...checkAutomation(workspace, 'workspace'),
  ]
  if (semantic.length > 0) return fail(problemCount(semantic.length), capErrors(semantic))

  const timelines = new Map<ConnectionId, TimelineEntry[]>()
  for (const connection of workspace.connections) if (connection.timeline) timelines.set(connection.id, connection.timeline)
  return {
    ok: true,
    value: {
      workspace: { name: workspace.name, connections: workspace.connections.map(toAppConnection), ...workspaceAutomationOf(workspace) },
      timelines,
      exportedAt: envelopeCheck.output.exportedAt ?? null,
      migratedFrom: migrated.from === WORKSPACE_FILE_VERSION ? null : migrated.from,
      redactedMarkers: countRedactedMarkers(workspace),
      secrets: redactWorkspace(workspace, false).redactions,
    },
  }
}

function problemCount(count: number): string {
  return count === 1 ? 'The file has 1 problem; nothing was imported.' : `The file has ${count} problems; nothing was imported.`
}

function checkTransportUrls(workspace: FileWorkspace): string[] {
  const errors: string[] = []
  workspace.connections.forEach((connection, c) => {
    const kind = transportKindOf(connection)
    if (!fileUrlFits(connection.url, kind)) errors.push(`workspace.connections[${c}].url: must be ${URL_EXPECTED[kind]} URL for a ${KIND_LABEL[kind]} connection`)
  })
  return errors
}

function checkTimelinePayloads(workspace: FileWorkspace): string[] {
  const errors: string[] = []
  workspace.connections.forEach((connection, c) => {
    connection.timeline?.forEach((entry, f) => {
      if (entry.kind === 'message' && (entry.payload === undefined) === (entry.payloadBase64 === undefined)) {
        errors.push(`workspace.connections[${c}].timeline[${f}]: a message needs either "payload" (text) or "payloadBase64" (binary), not both or neither`)
      }
    })
  })
  return errors
}

function toAppConnection(connection: FileConnection): Connection {
  return {
    id: connection.id,
    name: connection.name,
    url: connection.url,
    protocols: connection.protocols,
    // `false` in a hand-written file means the same as absent; the app keeps only `true`.
    ...(connection.autoReconnect === true ? { autoReconnect: true } : {}),
    // {"kind": "websocket"} means the same as no transport; the app keeps only other kinds.
    ...(connection.transport && connection.transport.kind !== 'websocket' ? { transport: connection.transport } : {}),
    ...(connection.decoder === undefined ? {} : { decoder: connection.decoder }),
    ...pairingOf(connection),
    ...schemasOf(connection),
    ...(connection.headers && connection.headers.length > 0 ? { headers: connection.headers } : {}),
    ...(connection.autoResponders && connection.autoResponders.length > 0 ? { autoResponders: connection.autoResponders } : {}),
    ...(connection.heartbeat ? { heartbeat: connection.heartbeat } : {}),
    ...(connection.onOpen && connection.onOpen.length > 0 ? { onOpen: connection.onOpen } : {}),
    draft: connection.draft,
    savedMessages: connection.savedMessages,
    history: [],
  }
}

/** Written only when set, key by key (requests only when not the default), so exports diff cleanly. */
function pairingOf(connection: { pairing?: Connection['pairing'] }): { pairing?: NonNullable<Connection['pairing']> } {
  const pairing = connection.pairing
  if (!pairing) return {}
  return { pairing: { request: pairing.request, reply: pairing.reply, ...(pairing.requests === undefined || pairing.requests === 'sent' ? {} : { requests: pairing.requests }) } }
}
