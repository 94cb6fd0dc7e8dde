import type { CodecId } from './codec.ts'

/**
 * The protocols Frameline decodes, by name, and how one is detected: no decoder code, so the page
 * can offer the menu and say what was detected while the decoding itself runs in the Worker.
 */
export const CODEC_CATALOG: readonly { id: CodecId; label: string; subprotocols: readonly string[] }[] = [
  { id: 'json-rpc', label: 'JSON-RPC 2.0', subprotocols: ['jsonrpc', 'json-rpc', 'jsonrpc-2.0', 'jsonrpc2'] },
  { id: 'graphql-transport-ws', label: 'GraphQL (graphql-transport-ws)', subprotocols: ['graphql-transport-ws'] },
  { id: 'graphql-ws', label: 'GraphQL (legacy graphql-ws)', subprotocols: ['graphql-ws'] },
  { id: 'stomp', label: 'STOMP 1.2', subprotocols: ['v12.stomp', 'v11.stomp', 'v10.stomp', 'stomp'] },
  { id: 'engine.io', label: 'Engine.IO / Socket.IO packets', subprotocols: [] },
  { id: 'signalr', label: 'SignalR (JSON hub protocol)', subprotocols: [] },
  { id: 'msgpack', label: 'MessagePack', subprotocols: ['msgpack', 'messagepack'] },
  { id: 'cbor', label: 'CBOR', subprotocols: ['cbor'] },
]

/**
 * The protocol a connection's traffic is in, from what it negotiated and where it points: the
 * subprotocol first (servers choose it), then URL shapes that name a protocol (Socket.IO's and
 * SignalR's endpoints). Null when nothing says.
 */
export function detectCodecId(protocol: string, url: string): CodecId | null {
  const negotiated = protocol.trim().toLowerCase()
  if (negotiated !== '') {
    const match = CODEC_CATALOG.find((entry) => entry.subprotocols.includes(negotiated))
    if (match) return match.id
  }
  if (/\/socket\.io\/?(\?|$)/.test(url) || /[?&]EIO=[34]\b/.test(url)) return 'engine.io'
  if (/\/hubs?\/|hub(\?|$)/i.test(url)) return 'signalr'
  return null
}

export function codecLabel(id: CodecId): string {
  return CODEC_CATALOG.find((entry) => entry.id === id)?.label ?? id
}

export function codecSubprotocols(id: CodecId): readonly string[] {
  return CODEC_CATALOG.find((entry) => entry.id === id)?.subprotocols ?? []
}
