import type { RawData, WebSocket } from 'ws'
import { stompCodec } from '../engine/codecs/stomp.ts'

/**
 * Two small protocol peers for trying the timeline's decoders offline: a STOMP 1.2 broker for one
 * client (subscribe, send, receipts) and a JSON-RPC 2.0 calculator (requests, notifications,
 * batches, errors). Enough protocol to be honest, no more.
 */

const NUL = '\u0000'

function stompFrame(command: string, headers: Record<string, string>, body = ''): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}:${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/:/g, '\\c')}`)
  return `${command}\n${lines.join('\n')}\n\n${body}${NUL}`
}

function text(data: RawData): string {
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8')
}

type StompValue = { command: string; headers: Record<string, string>; body: string }

export function stompBroker(socket: WebSocket): void {
  const subscriptions = new Map<string, string>()
  let messageId = 0
  socket.on('message', (data) => {
    const decoding = stompCodec.decode(text(data), 'out')
    if (!decoding.ok) {
      socket.send(stompFrame('ERROR', { message: 'malformed frame', 'content-type': 'text/plain' }, decoding.error))
      return
    }
    for (const message of decoding.messages) {
      if (message.type === 'heart-beat') continue
      const { command, headers, body } = message.value as StompValue
      if (command === 'CONNECT' || command === 'STOMP') socket.send(stompFrame('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'frameline-demo/1' }))
      else if (command === 'SUBSCRIBE' && headers.id !== undefined && headers.destination !== undefined) subscriptions.set(headers.id, headers.destination)
      else if (command === 'UNSUBSCRIBE' && headers.id !== undefined) subscriptions.delete(headers.id)
      else if (command === 'SEND') {
        for (const [id, destination] of subscriptions) {
          if (destination !== headers.destination) continue
          messageId += 1
          socket.send(
            stompFrame('MESSAGE', { subscription: id, 'message-id': String(messageId), destination, ...(headers['content-type'] ? { 'content-type': headers['content-type'] } : {}) }, body),
          )
        }
      }
      if (headers.receipt !== undefined) socket.send(stompFrame('RECEIPT', { 'receipt-id': headers.receipt }))
      if (command === 'DISCONNECT') socket.close(1000, 'bye')
    }
  })
}

type RpcRequest = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown }

const METHODS: Record<string, (params: unknown) => unknown> = {
  sum: (params) => (Array.isArray(params) ? params.reduce((total: number, n) => total + (typeof n === 'number' ? n : Number.NaN), 0) : Number.NaN),
  echo: (params) => params,
  time: () => new Date().toISOString(),
}

function answer(request: RpcRequest): object | null {
  const id = request.id ?? null
  if (request.jsonrpc !== '2.0' || typeof request.method !== 'string') return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid Request' } }
  if (!Object.hasOwn(request, 'id')) return null
  const method = Object.hasOwn(METHODS, request.method) ? METHODS[request.method] : undefined
  if (!method) return { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } }
  const result = method(request.params)
  if (typeof result === 'number' && Number.isNaN(result)) return { jsonrpc: '2.0', id, error: { code: -32602, message: 'Invalid params: numbers expected' } }
  return { jsonrpc: '2.0', id, result }
}

export function jsonRpcCalculator(socket: WebSocket): void {
  socket.on('message', (data) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(text(data))
    } catch {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }))
      return
    }
    const batch = Array.isArray(parsed)
    const items: unknown[] = batch ? (parsed as unknown[]) : [parsed]
    if (batch && items.length === 0) {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } }))
      return
    }
    const replies = items.map((item) => answer((item ?? {}) as RpcRequest)).filter((reply): reply is object => reply !== null)
    if (replies.length > 0) socket.send(JSON.stringify(batch ? replies : replies[0]))
  })
}
