import { codecLabel, codecSubprotocols } from './catalog.ts'
import { decoded, failed, idText, parseJson, payloadText, shapeOf, type Codec, type DecodedMessage } from './codec.ts'

// https://github.com/socketio/engine.io-protocol (v3 and v4 share these packet types)
const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const
// https://github.com/socketio/socket.io-protocol (v4; v2's "error" is v4's connect_error)
const SOCKET_TYPES = ['connect', 'disconnect', 'event', 'ack', 'connect_error', 'binary_event', 'binary_ack'] as const

function socketIoPacket(text: string): DecodedMessage | string {
  const type = SOCKET_TYPES[Number(text[0])]
  if (type === undefined || !/^[0-6]/.test(text)) return `unknown Socket.IO packet type "${text[0] ?? ''}"`
  let rest = text.slice(1)
  let attachments = 0
  if (type === 'binary_event' || type === 'binary_ack') {
    const match = /^(\d+)-/.exec(rest)
    if (!match) return 'a binary packet starts with its attachment count ("1-")'
    attachments = Number(match[1])
    rest = rest.slice(match[0].length)
  }
  let namespace = '/'
  if (rest.startsWith('/')) {
    const comma = rest.indexOf(',')
    namespace = comma < 0 ? rest : rest.slice(0, comma)
    rest = comma < 0 ? '' : rest.slice(comma + 1)
  }
  const ackMatch = /^\d+/.exec(rest)
  const ackId = ackMatch ? ackMatch[0] : undefined
  if (ackMatch) rest = rest.slice(ackMatch[0].length)
  let data: unknown
  if (rest !== '') {
    const parsed = parseJson(rest)
    if (!parsed.ok) return `the packet data is ${parsed.error}`
    data = parsed.value
  }
  const ns = namespace === '/' ? '' : ` ${namespace}`
  const value = { type, namespace, ...(ackId === undefined ? {} : { id: Number(ackId) }), ...(attachments ? { attachments } : {}), ...(data === undefined ? {} : { data }) }
  if (type === 'event' || type === 'binary_event') {
    if (!Array.isArray(data) || data.length === 0) return 'an event carries an array whose first item is the event name'
    const name = typeof data[0] === 'string' ? data[0] : JSON.stringify(data[0])
    const args = data.length - 1
    return {
      type,
      summary: `socket.io event ${name}${ns}${args ? ` · ${args} arg${args === 1 ? '' : 's'}` : ''}${ackId === undefined ? '' : ` · ack #${ackId}`}${attachments ? ` · ${attachments} binary` : ''}`,
      value,
      ...(ackId === undefined ? {} : { pairKey: `sio-ack:${namespace}:${ackId}`, role: 'request' as const }),
    }
  }
  if (type === 'ack' || type === 'binary_ack') {
    if (ackId === undefined) return 'an ack carries the id it answers'
    return { type, summary: `socket.io ack #${ackId}${ns}`, value, pairKey: `sio-ack:${namespace}:${ackId}`, role: 'reply' }
  }
  return { type, summary: `socket.io ${type}${ns}${data === undefined ? '' : ` ${shapeOf(data)}`}`, value }
}

/**
 * Engine.IO packets (protocol 3 and 4) and the Socket.IO packets inside them, as a plain WebSocket
 * connection to a Socket.IO server sees them. Binary frames are a packet's attachments.
 */
export const engineIoCodec: Codec = {
  id: 'engine.io',
  label: codecLabel('engine.io'),
  subprotocols: codecSubprotocols('engine.io'),
  decode(payload) {
    if (typeof payload !== 'string') {
      return decoded('engine.io', [{ type: 'attachment', summary: `socket.io binary attachment · ${payload.byteLength} B`, value: { attachmentBytes: payload.byteLength } }])
    }
    const text = payloadText(payload)
    const type = ENGINE_TYPES[Number(text[0])]
    if (type === undefined || !/^[0-6]/.test(text)) return failed('engine.io', `unknown Engine.IO packet type "${text.slice(0, 1)}"`)
    const body = text.slice(1)
    if (type === 'message') {
      const packet = socketIoPacket(body)
      if (typeof packet === 'string') return failed('engine.io', packet)
      return decoded('engine.io', [packet])
    }
    if (type === 'open') {
      const parsed = parseJson(body)
      if (!parsed.ok) return failed('engine.io', `the open packet is ${parsed.error}`)
      const sid = (parsed.value as { sid?: unknown } | null)?.sid
      return decoded('engine.io', [{ type, summary: `engine.io open${sid === undefined ? '' : ` sid ${idText(sid)}`}`, value: parsed.value }])
    }
    return decoded('engine.io', [{ type, summary: `engine.io ${type}${body ? ` ${body.slice(0, 40)}` : ''}`, value: { type, ...(body ? { data: body } : {}) } }])
  },
}
