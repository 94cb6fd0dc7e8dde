import * as v from 'valibot'
import type { Capabilities } from '../engine/transport.ts'
import { checkEventName, decodeEmitArg, encodeEmitRequest, type EmitArg } from '../engine/transports/socket-io/emit-request.ts'
import { normalizeSocketIoUrl } from '../engine/transports/socket-io/socket-io-url.ts'
import { checkSseUrl } from '../engine/transports/sse/sse-url.ts'
import { normalizeWebSocketUrl } from '../engine/transports/websocket/ws-url.ts'
import { TRANSPORT_CAPABILITIES } from '../engine/transports/capabilities.ts'
import {
  DEFAULT_SOCKET_IO_OPTIONS,
  DEFAULT_SSE_OPTIONS,
  transportKindOf,
  type Connection,
  type ConnectionId,
  type EmitDraft,
  type TransportKind,
  type TransportOptions,
} from '../workspace/model.ts'
import { emitSchema, formatIssues, transportSchema } from '../workspace/workspace-schema.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { runtimeClient } from './runtime-binding.ts'
import { getConnection, recordSent, updateConnection } from './workspace-actions.ts'

export { bytesToHex } from '../engine/transports/socket-io/emit-request.ts'
export { transportKindOf, type TransportKind }

/** The kinds a user can add, in the order the picker offers them, with what each is. */
export const TRANSPORT_KINDS: readonly { kind: TransportKind; label: string; hint: string }[] = [
  { kind: 'websocket', label: 'WebSocket', hint: 'ws:// or wss://, the browser’s WebSocket' },
  { kind: 'socket.io', label: 'Socket.IO', hint: 'events with arguments and acks (Socket.IO 4)' },
  { kind: 'sse', label: 'Server-Sent Events', hint: 'a text/event-stream over GET or POST' },
  { kind: 'websocketstream', label: 'WebSocketStream', hint: 'WebSocket with backpressure (Chromium)' },
]

export const URL_PLACEHOLDERS: Readonly<Record<TransportKind, string>> = {
  websocket: 'ws://localhost:8080/socket',
  websocketstream: 'ws://localhost:8080/socket',
  'socket.io': 'http://localhost:3000',
  sse: 'http://localhost:8080/events',
}

export function kindLabel(kind: TransportKind): string {
  return TRANSPORT_KINDS.find((k) => k.kind === kind)?.label ?? kind
}

const NO_CAPABILITIES: Capabilities = { send: false, binary: false, closeCode: false, subprotocols: false, reconnectsItself: false, readControl: false }
let capabilityCache: ReadonlyMap<string, Capabilities> | null = null

/** What a kind's transport can do (the engine's own declaration), so each kind shows only its fields. */
export function capabilitiesOf(kind: TransportKind): Capabilities {
  capabilityCache ??= new Map<string, Capabilities>(Object.entries(TRANSPORT_CAPABILITIES))
  return capabilityCache.get(kind) ?? NO_CAPABILITIES
}

/**
 * Why this browser cannot open the kind, or null. Read on the page; the connection Worker has the
 * same globals in Chromium (both expose WebSocketStream), and its transport checks again at open.
 */
export function kindUnavailableReason(kind: TransportKind): string | null {
  if (kind !== 'websocketstream') return null
  if (typeof (globalThis as { WebSocketStream?: unknown }).WebSocketStream !== 'function') {
    return 'This browser has no WebSocketStream (Chromium 124 and later have it): the connection cannot open here. Use a WebSocket connection instead.'
  }
  return null
}

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string }

/** The URL check of the connection's own kind (the same the engine applies at connect). */
export function checkConnectionUrl(url: string, kind: TransportKind): UrlCheck {
  switch (kind) {
    case 'websocket':
    case 'websocketstream':
      return normalizeWebSocketUrl(url)
    case 'socket.io': {
      const checked = normalizeSocketIoUrl(url)
      return checked.ok ? { ok: true, url: url.trim() } : checked
    }
    case 'sse': {
      const error = checkSseUrl(url)
      return error ? { ok: false, error } : { ok: true, url: url.trim() }
    }
  }
}

export function defaultTransport(kind: TransportKind): TransportOptions | undefined {
  switch (kind) {
    case 'websocket':
      return undefined
    case 'websocketstream':
      return { kind: 'websocketstream' }
    case 'socket.io':
      return { ...DEFAULT_SOCKET_IO_OPTIONS, query: [] }
    case 'sse':
      return { ...DEFAULT_SSE_OPTIONS, headers: [], query: [] }
  }
}

/** A URL carried over to another kind: ws(s):// and http(s):// swapped where the kind needs it. */
export function urlForKind(url: string, kind: TransportKind): string {
  const trimmed = url.trim()
  if (kind === 'sse') return trimmed.replace(/^ws(s?):\/\//i, 'http$1://')
  if (kind === 'websocket' || kind === 'websocketstream') return trimmed.replace(/^http(s?):\/\//i, 'ws$1://')
  return trimmed
}

/** Stores a connection's transport options; anything the file format would refuse is refused with the reason. */
export function setConnectionTransport(id: ConnectionId, transport: TransportOptions | undefined): ActionResult {
  if (transport && transport.kind !== 'websocket') {
    const checked = v.safeParse(transportSchema, transport)
    if (!checked.success) return refuse(`Not changed: ${formatIssues(checked.issues, 'transport').join('; ')}`)
  }
  updateConnection(id, (c) => {
    if (!transport || transport.kind === 'websocket') {
      if (!c.transport) return c
      const { transport: _gone, ...rest } = c
      return rest
    }
    return { ...c, transport }
  })
  return OK
}

/** Switches a connection to another kind with that kind's defaults; the URL's scheme follows. */
export function setConnectionKind(id: ConnectionId, kind: TransportKind): ActionResult {
  const connection = getConnection(id)
  if (!connection) return refuse('That connection no longer exists.')
  if (transportKindOf(connection) === kind) return OK
  const result = setConnectionTransport(id, defaultTransport(kind))
  if (!result.ok) return result
  updateConnection(id, (c) => ({ ...c, url: urlForKind(c.url, kind) }))
  return OK
}

/** Changes some options of the connection's current transport (of that kind only). */
export function patchTransport<K extends TransportOptions['kind']>(id: ConnectionId, kind: K, patch: Partial<Extract<TransportOptions, { kind: K }>>): ActionResult {
  const connection = getConnection(id)
  const current = connection?.transport
  if (!current || current.kind !== kind) return refuse('This connection is not of that kind any more.')
  return setConnectionTransport(id, { ...current, ...patch } as TransportOptions)
}

/** The composer's Socket.IO arguments as the engine's emit request, or the first problem. */
export function checkEmit(emit: EmitDraft): { ok: true; text: string } | { ok: false; error: string } {
  const nameError = checkEventName(emit.event.trim())
  if (nameError) return { ok: false, error: nameError }
  const args: EmitArg[] = emit.args.map((arg) => (arg.type === 'binary' ? { type: 'binary', hex: arg.text } : { type: arg.type, text: arg.text }))
  for (const [index, arg] of args.entries()) {
    const decoded = decodeEmitArg(arg, index + 1)
    if (!decoded.ok) return decoded
  }
  return { ok: true, text: encodeEmitRequest({ event: emit.event.trim(), args, ack: emit.ack, ...(emit.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: emit.ackTimeoutMs }) }) }
}

/** How an emit reads in history and saved lists: `event(arg, arg)`. */
export function emitSummary(emit: EmitDraft): string {
  const args = emit.args.map((a) => (a.type === 'text' ? JSON.stringify(a.text) : a.type === 'binary' ? `<${a.text.replace(/\s+/g, ' ').trim()}>` : a.text.replace(/\s+/g, ' ').trim()))
  return `${emit.event}(${args.join(', ')})${emit.ack ? ' + ack' : ''}`
}

/** Emits a Socket.IO event; invalid JSON or hex in an argument is refused with its position. */
export async function sendEmit(id: ConnectionId, emit: EmitDraft): Promise<ActionResult> {
  const checked = checkEmit(emit)
  if (!checked.ok) return refuse(checked.error)
  const result = await runtimeClient().send(id, checked.text)
  if (!result.ok) return result
  const recorded = recordSent(id, { text: emitSummary(emit), mode: 'json', emit: copyEmit(emit), at: Date.now() })
  return recorded.ok ? result : { ok: true, note: recorded.error }
}

export function copyEmit(emit: EmitDraft): EmitDraft {
  return { event: emit.event, args: emit.args.map((a) => ({ type: a.type, text: a.text })), ack: emit.ack, ...(emit.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: emit.ackTimeoutMs }) }
}

export const EMPTY_EMIT: EmitDraft = { event: 'message', args: [{ type: 'json', text: '{}' }], ack: false }

/** Stores the Socket.IO composer's draft (event and arguments) next to the text draft. */
export function setEmitDraft(id: ConnectionId, emit: EmitDraft): ActionResult {
  const checked = v.safeParse(emitSchema, emit)
  if (!checked.success) return refuse(`Not saved: ${formatIssues(checked.issues, 'emit').join('; ')}`)
  updateConnection(id, (c: Connection) => ({ ...c, draft: { ...c.draft, emit: copyEmit(emit) } }))
  return OK
}

/** What a new connection of a kind starts with (the sidebar's "Add" of that kind). */
export function newConnectionFields(kind: TransportKind): Partial<Connection> {
  const transport = defaultTransport(kind)
  return {
    ...(transport ? { transport } : {}),
    ...(kind === 'socket.io' ? { draft: { text: '', mode: 'json' as const, emit: copyEmit(EMPTY_EMIT) } } : {}),
    ...(kind === 'sse' ? { draft: { text: '', mode: 'json' as const } } : {}),
  }
}
