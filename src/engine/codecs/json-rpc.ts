import { codecLabel, codecSubprotocols } from './catalog.ts'
import { decoded, failed, idText, isRecord, parseJson, payloadText, type Codec, type DecodedMessage } from './codec.ts'

function describe(message: unknown): DecodedMessage | string {
  if (!isRecord(message)) return 'a JSON-RPC message is an object'
  if (message.jsonrpc !== '2.0') return '"jsonrpc" must be "2.0"'
  const hasId = Object.hasOwn(message, 'id')
  const id = idText(message.id)
  if (typeof message.method === 'string') {
    return hasId
      ? { type: 'request', summary: `rpc request #${id} ${message.method}`, value: message, pairKey: `rpc:${id}`, role: 'request' }
      : { type: 'notification', summary: `rpc notification ${message.method}`, value: message }
  }
  if (Object.hasOwn(message, 'result')) return { type: 'result', summary: `rpc result #${id}`, value: message, pairKey: `rpc:${id}`, role: 'reply' }
  if (isRecord(message.error)) {
    const code = typeof message.error.code === 'number' ? ` ${message.error.code}` : ''
    const text = typeof message.error.message === 'string' ? ` ${message.error.message}` : ''
    return { type: 'error', summary: `rpc error #${id}${code}${text}`, value: message, ...(message.id === null ? {} : { pairKey: `rpc:${id}`, role: 'reply' as const }) }
  }
  return 'neither a request (method), a result nor an error'
}

/** JSON-RPC 2.0 (https://www.jsonrpc.org/specification): requests, notifications, results, errors and batches. */
export const jsonRpcCodec: Codec = {
  id: 'json-rpc',
  label: codecLabel('json-rpc'),
  subprotocols: codecSubprotocols('json-rpc'),
  decode(payload) {
    const parsed = parseJson(payloadText(payload))
    if (!parsed.ok) return failed('json-rpc', parsed.error)
    const batch = Array.isArray(parsed.value)
    const items: unknown[] = batch ? (parsed.value as unknown[]) : [parsed.value]
    if (batch && items.length === 0) return failed('json-rpc', 'an empty batch is not a valid JSON-RPC message')
    const messages: DecodedMessage[] = []
    for (const [index, item] of items.entries()) {
      const message = describe(item)
      if (typeof message === 'string') return failed('json-rpc', batch ? `batch item ${index + 1}: ${message}` : message)
      messages.push(message)
    }
    if (batch) {
      const first = messages[0]
      return decoded('json-rpc', messages.map((m, i) => (i === 0 && first ? { ...m, summary: `rpc batch of ${messages.length}: ${m.summary}` } : m)))
    }
    return decoded('json-rpc', messages)
  },
}
