import { codecLabel, codecSubprotocols } from './catalog.ts'
import { decoded, failed, idText, isRecord, parseJson, payloadText, type Codec, type DecodedMessage } from './codec.ts'

const RECORD_SEPARATOR = '\u001e'

// https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
const TYPES: Record<number, string> = {
  1: 'invocation',
  2: 'stream item',
  3: 'completion',
  4: 'stream invocation',
  5: 'cancel invocation',
  6: 'ping',
  7: 'close',
  8: 'ack',
  9: 'sequence',
}

function describe(record: unknown): DecodedMessage | string {
  if (!isRecord(record)) return 'a record is a JSON object'
  if (record.type === undefined) {
    // The handshake: the client names its protocol, the server answers {} or {"error": …}.
    if (typeof record.protocol === 'string') return { type: 'handshake', summary: `signalr handshake ${record.protocol} v${idText(record.version)}`, value: record }
    if (typeof record.error === 'string') return { type: 'handshake error', summary: `signalr handshake error ${record.error}`, value: record }
    if (Object.keys(record).length === 0) return { type: 'handshake', summary: 'signalr handshake accepted', value: record }
    return 'a record without "type" that is not a handshake'
  }
  const type = typeof record.type === 'number' ? TYPES[record.type] : undefined
  if (!type) return `unknown message type ${JSON.stringify(record.type)}`
  const id = record.invocationId === undefined ? '' : ` #${idText(record.invocationId)}`
  const target = typeof record.target === 'string' ? ` ${record.target}` : ''
  const failure = typeof record.error === 'string' ? ` error: ${record.error}` : ''
  return {
    type,
    summary: `signalr ${type}${target}${id}${failure}`,
    value: record,
    ...(record.invocationId === undefined
      ? {}
      : { pairKey: `signalr:${idText(record.invocationId)}`, role: record.type === 1 || record.type === 4 ? ('request' as const) : ('reply' as const) }),
  }
}

/** SignalR's JSON hub protocol: JSON records, each ended by the ASCII record separator 0x1E. */
export const signalrCodec: Codec = {
  id: 'signalr',
  label: codecLabel('signalr'),
  subprotocols: codecSubprotocols('signalr'),
  decode(payload) {
    const text = payloadText(payload)
    if (!text.endsWith(RECORD_SEPARATOR)) return failed('signalr', 'a SignalR message ends with the record separator 0x1E')
    const records = text.slice(0, -1).split(RECORD_SEPARATOR)
    const messages: DecodedMessage[] = []
    for (const [index, raw] of records.entries()) {
      const parsed = parseJson(raw)
      const prefix = records.length > 1 ? `record ${index + 1}: ` : ''
      if (!parsed.ok) return failed('signalr', `${prefix}${parsed.error}`)
      const message = describe(parsed.value)
      if (typeof message === 'string') return failed('signalr', `${prefix}${message}`)
      messages.push(message)
    }
    return decoded('signalr', messages)
  },
}
