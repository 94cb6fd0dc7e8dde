import type { CodecId } from '../engine/codecs/codec.ts'

/**
 * The plain data a user keeps: what is persisted in the browser and written to workspace files.
 * No runtime state (sockets, statuses, frames) belongs here.
 */

export type ConnectionId = string
export type WorkspaceId = string

/** How the composer treats its text: JSON is checked before sending, text is sent as is, binary is hex. */
export type PayloadMode = 'json' | 'text' | 'binary'

export type Draft = {
  text: string
  mode: PayloadMode
}

export type SavedMessage = {
  id: string
  name: string
  text: string
  mode: PayloadMode
}

export type SentItem = {
  text: string
  mode: PayloadMode
  /** Milliseconds since the epoch. */
  at: number
}

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
   * How the timeline decodes this connection's frames: a protocol, or 'none'. Absent means
   * detected from the negotiated subprotocol and the URL. Added to format version 1 like
   * autoReconnect: written only when set.
   */
  decoder?: 'none' | CodecId
  draft: Draft
  savedMessages: SavedMessage[]
  /** The last payloads sent, newest first; bounded. */
  history: SentItem[]
}

export type Workspace = {
  id: WorkspaceId
  name: string
  connections: Connection[]
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
