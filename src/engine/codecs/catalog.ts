import type { CodecId } from './codec.ts'

/**
 * The protocols Frameline decodes, by name, and how one is detected: no decoder code, so the page
 * can offer the menu and say what was detected while the decoding itself runs in the Worker.
 */
export const CODEC_CATALOG: readonly { id: CodecId; label: string; subprotocols: readonly string[]; pairsBy?: string }[] = [
  { id: 'json-rpc', label: 'JSON-RPC 2.0', subprotocols: ['jsonrpc', 'json-rpc', 'jsonrpc-2.0', 'jsonrpc2'], pairsBy: 'JSON-RPC id' },
  { id: 'graphql-transport-ws', label: 'GraphQL (graphql-transport-ws)', subprotocols: ['graphql-transport-ws'], pairsBy: 'GraphQL operation id' },
  { id: 'graphql-ws', label: 'GraphQL (legacy graphql-ws)', subprotocols: ['graphql-ws'], pairsBy: 'GraphQL operation id' },
  { id: 'stomp', label: 'STOMP 1.2', subprotocols: ['v12.stomp', 'v11.stomp', 'v10.stomp', 'stomp'], pairsBy: 'STOMP receipt' },
  { id: 'engine.io', label: 'Engine.IO / Socket.IO packets', subprotocols: [], pairsBy: 'Socket.IO ack id' },
  { id: 'signalr', label: 'SignalR (JSON hub protocol)', subprotocols: [], pairsBy: 'SignalR invocation id' },
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

/** What the protocol pairs requests and replies by ("JSON-RPC id"), or null when it does not pair. */
export function codecPairsBy(id: CodecId): string | null {
  return CODEC_CATALOG.find((entry) => entry.id === id)?.pairsBy ?? null
}
