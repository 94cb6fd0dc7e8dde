import type { AutoResponder, Heartbeat, OnOpenStep } from '../engine/automation/model.ts'
import type { CodecId } from '../engine/codecs/codec.ts'
import type { PairingPaths, PairRequests } from '../engine/view/pair-setting.ts'
import type { Scenario } from '../engine/scenario/model.ts'
import type { Environment, Variable } from '../engine/template/variables.ts'

export type { AutoResponder, Environment, Heartbeat, OnOpenStep, Scenario, Variable }

/**
 * Request/reply pairing by JSON paths the user picks: a request's key at `request`, its reply's at
 * `reply`. `requests` says which side asks (absent: the sent side).
 */
export type Pairing = PairingPaths
export type { PairRequests }

/**
 * The plain data a user keeps: what is persisted in the browser and written to workspace files.
 * No runtime state (sockets, statuses, frames) belongs here.
 */

export type ConnectionId = string
export type WorkspaceId = string

/** How the composer treats its text: JSON is checked before sending, text is sent as is, binary is hex. */
export type PayloadMode = 'json' | 'text' | 'binary'

/** One Socket.IO argument as the user wrote it: JSON, plain text (sent as a string) or hex bytes. */
export type EmitArgDraft = { type: PayloadMode; text: string }

/**
 * A Socket.IO emit: event name, any number of arguments, and whether to wait for an ack. Drafts,
 * saved messages and history of a Socket.IO connection carry it next to `text`.
 */
export type EmitDraft = {
  event: string
  args: EmitArgDraft[]
  ack: boolean
  /** The connection's ack timeout when absent. */
  ackTimeoutMs?: number
}

export type Draft = {
  text: string
  mode: PayloadMode
  emit?: EmitDraft
}

export type SavedMessage = {
  id: string
  name: string
  text: string
  mode: PayloadMode
  emit?: EmitDraft
}

export type SentItem = {
  text: string
  mode: PayloadMode
  emit?: EmitDraft
  /** Milliseconds since the epoch. */
  at: number
}

/** A name and a value: a query parameter or a request header, in the user's order. */
export type KeyValue = { name: string; value: string }

export type TransportKind = 'websocket' | 'socket.io' | 'sse' | 'websocketstream'

export type SocketIoOptions = {
  kind: 'socket.io'
  /** '/' for the main namespace. */
  namespace: string
  /** The server's path option; '/socket.io/' by default. */
  path: string
  query: KeyValue[]
  /** JSON text of the auth object sent at connect ('' for none). A secret: redacted on export. */
  auth: string
  /** 'websocket' only, or long-polling with an upgrade. */
  transports: 'websocket' | 'polling'
  ackTimeoutMs: number
  /** The Socket.IO client's own reconnection. */
  reconnection: boolean
}

export type SseOptions = {
  kind: 'sse'
  method: 'GET' | 'POST'
  headers: KeyValue[]
  query: KeyValue[]
  /** Sent with POST. */
  body: string
  /** Reconnect with Last-Event-ID when the stream ends, as the standard says; on by default. */
  reconnect: boolean
}

export type WebSocketStreamOptions = {
  kind: 'websocketstream'
}

/** What a connection speaks, with that protocol's own options. Absent on a connection: WebSocket. */
export type TransportOptions = { kind: 'websocket' } | SocketIoOptions | SseOptions | WebSocketStreamOptions

export const DEFAULT_SOCKET_IO_OPTIONS: SocketIoOptions = {
  kind: 'socket.io',
  namespace: '/',
  path: '/socket.io/',
  query: [],
  auth: '',
  transports: 'websocket',
  ackTimeoutMs: 5000,
  reconnection: true,
}

export const DEFAULT_SSE_OPTIONS: SseOptions = { kind: 'sse', method: 'GET', headers: [], query: [], body: '', reconnect: true }

export function transportKindOf(connection: { transport?: TransportOptions }): TransportKind {
  return connection.transport?.kind ?? 'websocket'
}

/** A JSON Schema document: an object, or `true`/`false` (anything / nothing matches). */
export type JsonSchema = boolean | { [key: string]: unknown }

/**
 * The schema of one kind of message a connection sends or receives, by name: imported from an
 * AsyncAPI document (its `$ref`s already resolved into `definitions`) or attached by hand. The
 * composer checks its draft against the one the user picks; the timeline checks every frame
 * against all of them (a frame matching none is flagged).
 */
export type MessageSchema = { name: string; schema: JsonSchema }

export type Connection = {
  id: ConnectionId
  name: string
  url: string
  protocols: string[]
  /**
   * Reconnect by itself after a drop the user did not ask for (src/engine/reconnect-policy.ts).
   * Optional and off when absent: added to format version 1 without a version bump, and the app
   * stores `true` or nothing, so existing workspaces and exports stay byte for byte the same.
   */
  autoReconnect?: boolean
  /**
   * The protocol and its options. Optional, WebSocket when absent: added to format version 1
   * without a bump, so every file and stored workspace from before stays valid and unchanged.
   */
  transport?: TransportOptions
  /**
   * How the timeline decodes this connection's frames: a protocol, or 'none'. Absent means
   * detected from the negotiated subprotocol and the URL. Added to format version 1 like
   * autoReconnect: written only when set.
   */
  decoder?: 'none' | CodecId
  /**
   * Pair requests and replies by these JSON paths instead of the decoder's ids. Optional, absent
   * means the decoder's pairing only: added to format version 1 without a bump, written when set.
   */
  pairing?: Pairing
  /**
   * Message schemas (docs/workspace-format.md, `schemas[]`). Optional, none when absent: added to
   * format version 1 without a bump, written only when there is at least one.
   */
  schemas?: MessageSchema[]
  /**
   * Handshake headers only the headless runner sends (a browser's WebSocket cannot). Optional like
   * the fields above; values are secrets, redacted on export.
   */
  headers?: KeyValue[]
  /** Rules that answer matching incoming frames by themselves (src/engine/automation/). */
  autoResponders?: AutoResponder[]
  /** Sent every intervalMs while the connection is open. */
  heartbeat?: Heartbeat
  /** Sent in order after every open, automatic reconnects included. */
  onOpen?: OnOpenStep[]
  draft: Draft
  savedMessages: SavedMessage[]
  /** The last payloads sent, newest first; bounded. */
  history: SentItem[]
  /**
   * The filter its timeline shows now, so a reload shows the same one. Kept in browser storage
   * only: view state, not written to files (presets are). Absent: no filter.
   */
  filter?: SavedFilter
}

/** What "Hide frames like this" adds (src/engine/view/filter-rules.ts): plain data, kept in the filter. */
export type SavedExclusionRule =
  | { kind: 'event'; name: string }
  | { kind: 'decodedType'; type: string }
  | { kind: 'field'; path: string; value: string | number | boolean }
  | { kind: 'shape'; frameKind: 'message' | 'connecting' | 'open' | 'error' | 'notice' | 'close'; direction?: 'in' | 'out'; payload?: 'text' | 'binary'; prefix: string }

/**
 * A timeline filter as it is kept: every key optional, absent meaning "no condition". Time is
 * either `lastMinutes` (resolved against the clock whenever it is applied) or `from`/`to` (ms since
 * the epoch, compared with each frame's `at`).
 */
export type SavedFilter = {
  direction?: 'all' | 'out' | 'in' | 'events'
  query?: string
  regex?: boolean
  matchCase?: boolean
  events?: string[]
  payload?: 'text' | 'binary'
  lastMinutes?: number
  from?: number
  to?: number
  decodedTypes?: string[]
  exclude?: SavedExclusionRule[]
}

/** A named filter of the workspace ("Save filter as…"), applied to any of its timelines. */
export type FilterPreset = { id: string; name: string; filter: SavedFilter }

export type Workspace = {
  id: WorkspaceId
  name: string
  connections: Connection[]
  /** `{{name}}` values for every connection; optional, absent in workspaces that never used them. */
  variables?: Variable[]
  /** Named sets of variables; the active one overrides the workspace's own. */
  environments?: Environment[]
  activeEnvironmentId?: string
  scenarios?: Scenario[]
  /** Named timeline filters; optional, none when absent (added to version 1 without a bump). */
  filterPresets?: FilterPreset[]
}

export type Preferences = {
  connectTimeoutMs: number
  /** Retention per connection's timeline. */
  maxFramesPerConnection: number
  maxBytesPerConnection: number
}

export const DEFAULT_PREFERENCES: Preferences = {
  connectTimeoutMs: 10_000,
  maxFramesPerConnection: 200_000,
  maxBytesPerConnection: 256 * 1024 * 1024,
}

export const MAX_HISTORY_ITEMS = 100
