import { VARIABLE_NAME, type Variable } from '../../engine/template/variables.ts'
import { LIMITS } from '../limits.ts'
import {
  DEFAULT_SOCKET_IO_OPTIONS,
  DEFAULT_SSE_OPTIONS,
  type Connection,
  type JsonSchema,
  type MessageSchema,
  type PayloadMode,
  type SavedMessage,
  type TransportKind,
  type TransportOptions,
} from '../model.ts'
import { bundleSchema, deref, isObject, refName, RefError, type Json, type JsonObject } from './refs.ts'

/*
 * The conversion of a valid AsyncAPI document (already checked against its official schema, no
 * external references) into connections. 2.x and 3.0 differ in where things live:
 *
 * |                 | 2.x                                       | 3.0                                     |
 * | server address  | `url` (scheme optional) + `protocol`      | `host` + `pathname` + `protocol`        |
 * | channel address | the key under `channels`                  | `address` (null: none)                  |
 * | messages        | `publish`/`subscribe` `.message` (oneOf)  | `messages` map of the channel           |
 * | on which server | `servers: [names]` (all when absent)      | `servers: [$ref]` (all when absent)     |
 */

type Server = { name: string; kind: TransportKind; url: string }
type Channel = { key: string; name: string; address: string; servers: string[] | null; messages: Message[] }
type Message = { name: string; schema: JsonSchema | null; examples: { name: string; text: string; mode: PayloadMode }[] }

export type Converted = { workspace: { name: string; connections: Connection[]; variables?: Variable[] }; notes: string[] }

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function objectAt(document: Json, value: Json | undefined): JsonObject | null {
  if (value === undefined) return null
  const resolved = deref(document, value).value
  return isObject(resolved) ? resolved : null
}

function entries(document: Json, value: Json | undefined): [string, JsonObject][] {
  const map = objectAt(document, value)
  if (!map) return []
  const out: [string, JsonObject][] = []
  for (const [key, item] of Object.entries(map)) {
    const resolved = objectAt(document, item)
    if (resolved) out.push([key, resolved])
  }
  return out
}

function fit(text: string, max: number = LIMITS.nameChars): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A variable's or parameter's value: its default, else its first enum value or example. */
function defaultOf(document: Json, value: Json | undefined): string | null {
  const node = objectAt(document, value)
  if (!node) return null
  const schema = objectAt(document, node.schema)
  for (const source of [node, schema]) {
    if (!source) continue
    const candidates = [source.default, Array.isArray(source.enum) ? source.enum[0] : undefined, Array.isArray(source.examples) ? source.examples[0] : undefined]
    for (const candidate of candidates) {
      if (typeof candidate === 'string' || typeof candidate === 'number' || typeof candidate === 'boolean') return String(candidate)
    }
  }
  return null
}

/**
 * `{name}` becomes the workspace variable `{{server.name}}` holding the variable's default (one per
 * server, so production's and staging's `port` never overwrite each other): switching a port or
 * host is then an edit of one variable or an environment, not of every URL. Names without a
 * default stay as written (and are noted).
 */
function substitute(document: Json, template: string, variables: Json | undefined, missing: Set<string>, server?: string, into?: Variable[]): string {
  const known = objectAt(document, variables)
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = known && Object.hasOwn(known, name) ? defaultOf(document, known[name]) : null
    if (value === null) {
      missing.add(name)
      return whole
    }
    // Channel parameters keep their defaults: they name one channel, not a server setting.
    if (server === undefined || into === undefined) return value
    const variable = variableName(server, name)
    if (!into.some((item) => item.name === variable)) into.push({ name: variable, value })
    return `{{${variable}}}`
  })
}

/** `server.name` in the characters a variable name may hold (src/engine/template/variables.ts). */
function variableName(server: string, name: string): string {
  const clean = (text: string) => text.replace(/[^\w.-]/g, '_')
  const joined = `${clean(server)}.${clean(name)}`
  return VARIABLE_NAME.test(joined) ? joined : `_${joined}`
}

function kindOf(protocol: string, sse: boolean): TransportKind | null {
  switch (protocol.toLowerCase()) {
    case 'ws':
    case 'wss':
      return 'websocket'
    case 'socketio':
    case 'socket.io':
    case 'socket-io':
      return 'socket.io'
    case 'sse':
      return 'sse'
    case 'http':
    case 'https':
      return sse ? 'sse' : null
    default:
      return null
  }
}

function schemeFor(kind: TransportKind, protocol: string): string {
  const secure = /s$/i.test(protocol) && protocol.toLowerCase() !== 'ws'
  if (kind === 'websocket') return protocol.toLowerCase() === 'wss' ? 'wss' : 'ws'
  if (kind === 'sse') return protocol.toLowerCase() === 'https' ? 'https' : 'http'
  return secure ? 'https' : 'http'
}

function readServers(document: JsonObject, version: 2 | 3, sse: boolean, notes: string[], variables: Variable[]): Server[] {
  const servers: Server[] = []
  for (const [name, server] of entries(document, document.servers)) {
    const protocol = str(server.protocol) ?? ''
    const kind = kindOf(protocol, sse)
    if (!kind) {
      notes.push(`Server "${name}" speaks ${protocol || 'an unnamed protocol'}: Frameline connects over WebSocket, Socket.IO and Server-Sent Events, so it was left out.`)
      continue
    }
    const missing = new Set<string>()
    let url: string
    if (version === 2) {
      url = substitute(document, str(server.url) ?? '', server.variables, missing, name, variables)
      if (!SCHEME.test(url)) url = `${schemeFor(kind, protocol)}://${url.replace(/^\/+/, '')}`
    } else {
      const host = substitute(document, str(server.host) ?? '', server.variables, missing, name, variables)
      const pathname = substitute(document, str(server.pathname) ?? '', server.variables, missing, name, variables)
      url = `${SCHEME.test(host) ? '' : `${schemeFor(kind, protocol)}://`}${host}${pathname === '' || pathname.startsWith('/') ? pathname : `/${pathname}`}`
    }
    // A WebSocket server written with http(s):// (some documents do) means the same thing.
    if (kind === 'websocket') url = url.replace(/^http(s?):\/\//i, 'ws$1://')
    if (missing.size > 0) notes.push(`Server "${name}": ${[...missing].map((m) => `{${m}}`).join(', ')} has no default; fill it in in the URL.`)
    servers.push({ name, kind, url })
  }
  return servers
}

const JSON_SCHEMA_FORMATS = /^(application\/vnd\.aai\.asyncapi(\+json|\+yaml)?(;version=[\d.]+)?|application\/schema\+(json|yaml)(;version=draft-0?7)?)$/i

/** The payload's JSON Schema, bundled; null (with a note) when there is none Frameline can check with. */
function payloadSchema(document: Json, message: JsonObject, name: string, version: 2 | 3, notes: string[]): JsonSchema | null {
  let payload: Json | undefined = message.payload
  let format = str(message.schemaFormat)
  if (version === 3 && isObject(payload) && typeof payload.schemaFormat === 'string' && 'schema' in payload) {
    // A 3.0 Multi Format Schema Object.
    format = payload.schemaFormat
    payload = payload.schema
  }
  if (payload === undefined) {
    notes.push(`Message "${name}" has no payload schema, so its frames are not checked against one.`)
    return null
  }
  if (format !== undefined && !JSON_SCHEMA_FORMATS.test(format)) {
    notes.push(`Message "${name}": its payload schema is ${format}, which Frameline does not check; only JSON Schema is.`)
    return null
  }
  const schema = bundleSchema(document, payload)
  const size = JSON.stringify(schema).length
  if (size > LIMITS.schemaChars) {
    notes.push(`Message "${name}": its payload schema is too large to keep (${size.toLocaleString('en-US')} characters of JSON, at most ${LIMITS.schemaChars.toLocaleString('en-US')}).`)
    return null
  }
  if (!withinDepth(schema, LIMITS.schemaDepth)) {
    notes.push(`Message "${name}": its payload schema nests more than ${LIMITS.schemaDepth} levels deep, more than a workspace keeps.`)
    return null
  }
  return schema
}

function withinDepth(value: unknown, limit: number, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (depth >= limit) return false
  return Object.values(value).every((item) => withinDepth(item, limit, depth + 1))
}

function contentTypeOf(document: JsonObject, message: JsonObject): string {
  return (str(message.contentType) ?? str(document.defaultContentType) ?? 'application/json').toLowerCase()
}

function exampleText(payload: Json, contentType: string): { text: string; mode: PayloadMode } {
  if (typeof payload === 'string' && !/json/.test(contentType)) return { text: payload, mode: 'text' }
  return { text: JSON.stringify(payload, null, 2), mode: 'json' }
}

function readMessage(document: JsonObject, value: Json, fallbackName: string, version: 2 | 3, notes: string[]): Message | null {
  const { value: resolved, ref } = deref(document, value)
  if (!isObject(resolved)) return null
  // 2.x messages and examples can carry traits; a message's own fields win over them.
  const name = str(resolved.name) ?? str(resolved.messageId) ?? (ref ? refName(ref) : undefined) ?? str(resolved.title) ?? fallbackName
  const contentType = contentTypeOf(document, resolved)
  const examples: Message['examples'] = []
  const listed = objectOrList(document, resolved.examples)
  listed.forEach((example, index) => {
    if (!Object.hasOwn(example, 'payload')) return
    const label = str(example.name) ?? str(example.summary) ?? `example ${index + 1}`
    examples.push({ name: label, ...exampleText(example.payload ?? null, contentType) })
  })
  const schema = payloadSchema(document, resolved, name, version, notes)
  if (examples.length === 0 && schema !== null && typeof schema === 'object' && Array.isArray(schema.examples)) {
    // JSON Schema's own `examples` keyword: the document's authors wrote payloads there instead.
    schema.examples.forEach((payload, index) => examples.push({ name: `example ${index + 1}`, ...exampleText(payload as Json, contentType) }))
  }
  return { name, schema, examples }
}

function objectOrList(document: Json, value: Json | undefined): JsonObject[] {
  if (!Array.isArray(value)) return []
  const out: JsonObject[] = []
  for (const item of value) {
    const resolved = objectAt(document, item)
    if (resolved) out.push(resolved)
  }
  return out
}

function readChannels2(document: JsonObject, notes: string[]): Channel[] {
  const channels: Channel[] = []
  for (const [address, channel] of entries(document, document.channels)) {
    const messages: Message[] = []
    for (const operation of ['publish', 'subscribe'] as const) {
      const op = objectAt(document, channel[operation])
      if (!op || op.message === undefined) continue
      const fallback = `${str(op.operationId) ?? address} (${operation === 'publish' ? 'sent' : 'received'})`
      const message = objectAt(document, op.message)
      const list = message && Array.isArray(message.oneOf) ? message.oneOf : [op.message]
      list.forEach((item, index) => {
        const read = readMessage(document, item, list.length > 1 ? `${fallback} ${index + 1}` : fallback, 2, notes)
        if (read) messages.push(read)
      })
    }
    const servers = Array.isArray(channel.servers) ? channel.servers.filter((s): s is string => typeof s === 'string') : null
    channels.push({ key: address, name: address, address, servers, messages: distinct(messages) })
  }
  return channels
}

/** One message used by both operations of a channel (sent and echoed back) is listed once. */
function distinct(messages: Message[]): Message[] {
  const seen = new Set<string>()
  return messages.filter((message) => {
    const key = JSON.stringify(message)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function readChannels3(document: JsonObject, notes: string[]): Channel[] {
  const channels: Channel[] = []
  for (const [key, channel] of entries(document, document.channels)) {
    const messages: Message[] = []
    const map = objectAt(document, channel.messages)
    for (const [id, item] of Object.entries(map ?? {})) {
      const read = readMessage(document, item, id, 3, notes)
      // In 3.0 the key is the message's id within the channel: the name to show when it has none.
      if (read) messages.push(isObject(deref(document, item).value) && str((deref(document, item).value as JsonObject).name) === undefined ? { ...read, name: id } : read)
    }
    const servers = Array.isArray(channel.servers)
      ? channel.servers.flatMap((s) => (isObject(s) && typeof s.$ref === 'string' ? [refName(s.$ref)] : []))
      : null
    channels.push({ key, name: str(channel.title) ?? key, address: str(channel.address) ?? '', servers, messages })
  }
  return channels
}

function substituteParameters(document: Json, address: string, channel: JsonObject | null, missing: Set<string>): string {
  return substitute(document, address, channel?.parameters, missing)
}

function joinUrl(base: string, address: string): string {
  if (address === '') return base
  return `${base.replace(/\/+$/, '')}/${address.replace(/^\/+/, '')}`
}

function transportFor(kind: TransportKind, address: string): TransportOptions | undefined {
  switch (kind) {
    case 'websocket':
    case 'websocketstream':
      return undefined
    case 'sse':
      return { ...DEFAULT_SSE_OPTIONS, headers: [], query: [] }
    case 'socket.io':
      // Socket.IO documents name a namespace by their channel ("/", "/chat").
      return { ...DEFAULT_SOCKET_IO_OPTIONS, namespace: address.startsWith('/') ? address : '/', query: [] }
  }
}

function uniqueNames<T extends { name: string }>(items: T[]): T[] {
  const seen = new Set<string>()
  return items.map((item) => {
    let name = fit(item.name)
    for (let n = 2; seen.has(name); n++) name = fit(item.name, LIMITS.nameChars - ` ${n}`.length) + ` ${n}`
    seen.add(name)
    return { ...item, name }
  })
}

/** Converts a validated AsyncAPI document; throws RefError when a reference cannot be resolved. */
export function asyncApiToWorkspace(document: JsonObject, version: 2 | 3): Converted {
  const notes: string[] = []
  const channels = version === 2 ? readChannels2(document, notes) : readChannels3(document, notes)
  const sse = channels.some((c) => c.messages.length > 0) && /event-stream/i.test(JSON.stringify([document.defaultContentType ?? null, document.channels ?? null, document.components ?? null]))
  const variables: Variable[] = []
  const servers = readServers(document, version, sse, notes, variables)
  const hadServers = Object.keys(objectAt(document, document.servers) ?? {}).length > 0
  if (servers.length === 0) {
    notes.push(
      hadServers
        ? 'No server speaks WebSocket, Socket.IO or Server-Sent Events: the connections have no URL yet.'
        : 'The document names no servers: the connections have no URL yet.',
    )
  }
  const connections: Connection[] = []
  let messageCount = 0
  for (const channel of channels) {
    const onServers: (Server | null)[] = servers.length === 0 ? [null] : servers.filter((s) => channel.servers === null || channel.servers.includes(s.name))
    const missing = new Set<string>()
    const channelNode = objectAt(document, (objectAt(document, document.channels) ?? {})[channel.key])
    const address = substituteParameters(document, channel.address, channelNode, missing)
    if (missing.size > 0) notes.push(`Channel "${channel.name}": ${[...missing].map((m) => `{${m}}`).join(', ')} has no default; fill it in in the URL.`)
    const schemas: MessageSchema[] = uniqueNames(channel.messages.flatMap((m) => (m.schema === null ? [] : [{ name: m.name, schema: m.schema }])))
    if (schemas.length > LIMITS.schemasPerConnection) notes.push(`Channel "${channel.name}": only the first ${LIMITS.schemasPerConnection} message schemas are kept.`)
    for (const server of onServers) {
      const kind = server?.kind ?? 'websocket'
      const id = `c_asyncapi_${connections.length + 1}`
      const savedMessages: SavedMessage[] = []
      for (const message of channel.messages) {
        for (const example of message.examples) {
          if (savedMessages.length >= LIMITS.savedMessagesPerConnection) break
          if (example.text.length > LIMITS.payloadChars) continue
          messageCount += 1
          const name = fit(`${message.name} · ${example.name}`)
          savedMessages.push(
            kind === 'socket.io'
              ? { id: `m_asyncapi_${messageCount}`, name, text: '', mode: 'json', emit: { event: fit(message.name), args: [{ type: example.mode, text: example.text }], ack: false } }
              : { id: `m_asyncapi_${messageCount}`, name, text: example.text, mode: example.mode },
          )
        }
      }
      const transport = server ? transportFor(server.kind, address) : undefined
      const url = server === null ? '' : server.kind === 'socket.io' ? server.url : joinUrl(server.url, address)
      const label = servers.length > 1 && server ? `${channel.name} (${server.name})` : channel.name
      connections.push({
        id,
        name: fit(label === '' ? channel.key : label),
        url: url.length > LIMITS.urlChars ? '' : url,
        protocols: [],
        ...(transport ? { transport } : {}),
        ...(schemas.length > 0 ? { schemas: schemas.slice(0, LIMITS.schemasPerConnection) } : {}),
        draft: kind === 'socket.io' ? { text: '', mode: 'json', emit: { event: schemas[0]?.name ?? 'message', args: [{ type: 'json', text: '' }], ack: false } } : { text: '', mode: 'json' },
        savedMessages: uniqueNames(savedMessages),
        history: [],
      })
    }
  }
  if (channels.length === 0) notes.push('The document has no channels.')
  const info = objectAt(document, document.info)
  const title = str(info?.title)?.trim() ?? ''
  return { workspace: { name: fit(title === '' ? 'AsyncAPI import' : title), connections, ...(variables.length > 0 ? { variables } : {}) }, notes: [...new Set(notes)] }
}

export { RefError }
