/**
 * Size limits for everything the workspace format accepts, from storage and from files alike
 * (docs/reliability.md §3.8). They exist so that a hostile or broken file is refused quickly with a
 * message naming the field, instead of freezing the tab or filling browser storage. This is the
 * one place each number is set: store actions check the same values before they change a field
 * (src/store/field-limits.ts) and inputs take their maxLength from here, so the app never creates
 * a workspace that storage would refuse to save.
 */
export const LIMITS = {
  /** Whole import file, in bytes, checked before it is read or parsed. */
  fileBytes: 20 * 1024 * 1024,
  /** Workspace, connection and saved-message names, in characters (UTF-16 code units). */
  nameChars: 200,
  /** A connection URL, in characters: 8 KiB, as proxies and servers cap request lines near there. */
  urlChars: 8 * 1024,
  /** One subprotocol entry; a bearer token or JWT passed as a subprotocol can be long. */
  protocolChars: 4 * 1024,
  protocolsPerConnection: 64,
  /**
   * Draft, saved-message and history text, in characters: 5 MiB, the largest text the composer
   * (Monaco) handles comfortably (docs/reliability.md §3.8, "open in editor" cap). Larger than the 1 MiB
   * proposed for imports on purpose: storage is validated with the same caps, and a stored
   * workspace must never be refused over a payload the app itself let the user write or send.
   */
  payloadChars: 5 * 1024 * 1024,
  /**
   * One sent-history entry, in characters. Much smaller than payloadChars because history keeps up
   * to 100 entries per connection and is saved on every send: 100 × 5 MiB would be 500 MiB of
   * storage for a convenience list. Larger payloads are sent but not remembered (and the user is told).
   */
  historyItemChars: 256 * 1024,
  connections: 5_000,
  savedMessagesPerConnection: 1_000,
  /** Ids are short machine strings; 100 characters leaves room for any id scheme. */
  idChars: 100,
  /** Timeline frames per connection in a file (the default retention cap). */
  timelineFrames: 200_000,
  /** Query parameters or request headers of one connection. */
  keyValuesPerList: 100,
  /** Socket.IO arguments of one emit. */
  emitArgs: 100,
  /** JSON nesting depth; a real workspace file is under 10 levels deep. */
  depth: 32,
  /** Message schemas of one connection (an AsyncAPI channel rarely has more than a few dozen messages). */
  schemasPerConnection: 100,
  /** One message schema as JSON text, in characters; its definitions included. */
  schemaChars: 1024 * 1024,
  /**
   * Nesting inside one message schema. It sits 6 levels down in a file
   * (workspace.connections[i].schemas[j].schema), so this keeps the whole file within `depth`.
   */
  schemaDepth: 25,
  /** A pairing's JSON path (`$.id`, `$.meta.replyTo`): short by nature. */
  pairingPathChars: 500,
} as const
