import { codecLabel, codecSubprotocols } from './catalog.ts'
import { decoded, failed, idText, isRecord, parseJson, payloadText, type Codec, type CodecId, type Decoding } from './codec.ts'

/** The operation a subscribe/start carries, named as a user wrote it: "subscription OnPrice". */
function operationOf(payload: unknown): string {
  if (!isRecord(payload)) return ''
  if (typeof payload.operationName === 'string' && payload.operationName !== '') return ` ${payload.operationName}`
  if (typeof payload.query !== 'string') return ''
  const match = /\b(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(payload.query)
  if (match) return ` ${match[1]} ${match[2]}`
  const kind = /^\s*(query|mutation|subscription)\b/.exec(payload.query)
  return kind ? ` ${kind[1]}` : ' query'
}

function decodeGraphql(codec: CodecId, known: ReadonlySet<string>, withId: ReadonlySet<string>, text: string): Decoding {
  const parsed = parseJson(text)
  if (!parsed.ok) return failed(codec, parsed.error)
  const message = parsed.value
  if (!isRecord(message) || typeof message.type !== 'string') return failed(codec, 'a message is an object with a "type"')
  const type = message.type
  if (!known.has(type)) return failed(codec, `unknown message type "${type}"`)
  const hasId = withId.has(type)
  if (hasId && (typeof message.id !== 'string' || message.id === '')) return failed(codec, `"${type}" needs an "id"`)
  const id = hasId ? idText(message.id) : ''
  const operation = type === 'subscribe' || type === 'start' ? operationOf(message.payload) : ''
  const errorCount = type === 'error' && Array.isArray(message.payload) ? ` (${message.payload.length} error${message.payload.length === 1 ? '' : 's'})` : ''
  return decoded(codec, [
    {
      type,
      summary: `graphql ${type}${hasId ? ` #${id}` : ''}${operation}${errorCount}`,
      value: message,
      ...(hasId ? { pairKey: `graphql:${id}`, role: type === 'subscribe' || type === 'start' ? ('request' as const) : type === 'stop' ? undefined : ('reply' as const) } : {}),
    },
  ])
}

// https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
const TRANSPORT_WS_TYPES = new Set(['connection_init', 'connection_ack', 'ping', 'pong', 'subscribe', 'next', 'error', 'complete'])
const TRANSPORT_WS_WITH_ID = new Set(['subscribe', 'next', 'error', 'complete'])

/** GraphQL over WebSocket, the `graphql-transport-ws` subprotocol of the graphql-ws library. */
export const graphqlTransportWsCodec: Codec = {
  id: 'graphql-transport-ws',
  label: codecLabel('graphql-transport-ws'),
  subprotocols: codecSubprotocols('graphql-transport-ws'),
  decode: (payload) => decodeGraphql('graphql-transport-ws', TRANSPORT_WS_TYPES, TRANSPORT_WS_WITH_ID, payloadText(payload)),
}

// https://github.com/apollographql/subscriptions-transport-ws/blob/master/PROTOCOL.md
const LEGACY_TYPES = new Set(['connection_init', 'connection_ack', 'connection_error', 'ka', 'start', 'data', 'error', 'complete', 'stop', 'connection_terminate'])
const LEGACY_WITH_ID = new Set(['start', 'data', 'error', 'complete', 'stop'])

/** The legacy `graphql-ws` subprotocol of subscriptions-transport-ws (Apollo). */
export const graphqlLegacyWsCodec: Codec = {
  id: 'graphql-ws',
  label: codecLabel('graphql-ws'),
  subprotocols: codecSubprotocols('graphql-ws'),
  decode: (payload) => decodeGraphql('graphql-ws', LEGACY_TYPES, LEGACY_WITH_ID, payloadText(payload)),
}
