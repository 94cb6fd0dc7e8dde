import { cborCodec } from './cbor.ts'
import type { Codec, CodecId } from './codec.ts'
import { engineIoCodec } from './engine-io.ts'
import { graphqlLegacyWsCodec, graphqlTransportWsCodec } from './graphql.ts'
import { jsonRpcCodec } from './json-rpc.ts'
import { msgpackCodec } from './msgpack.ts'
import { signalrCodec } from './signalr.ts'
import { stompCodec } from './stomp.ts'

export const CODECS: readonly Codec[] = [
  jsonRpcCodec,
  graphqlTransportWsCodec,
  graphqlLegacyWsCodec,
  stompCodec,
  engineIoCodec,
  signalrCodec,
  msgpackCodec,
  cborCodec,
]

const BY_ID = new Map<string, Codec>(CODECS.map((codec) => [codec.id, codec]))

/** What a connection decodes with: detected, none, or a codec the user chose. */
export type DecoderChoice = 'auto' | 'none' | CodecId

export function codecById(id: string): Codec | undefined {
  return BY_ID.get(id)
}

/**
 * The codec a connection's traffic is in, from what it negotiated and where it points: the
 * subprotocol first (servers choose it), then URL shapes that name a protocol (Socket.IO's and
 * SignalR's endpoints). Null when nothing says.
 */
export function detectCodec(protocol: string, url: string): Codec | null {
  const negotiated = protocol.trim().toLowerCase()
  if (negotiated !== '') {
    const match = CODECS.find((codec) => codec.subprotocols.includes(negotiated))
    if (match) return match
  }
  if (/\/socket\.io\/?(\?|$)/.test(url) || /[?&]EIO=[34]\b/.test(url)) return engineIoCodec
  if (/\/hubs?\/|hub(\?|$)/i.test(url)) return signalrCodec
  return null
}

export function resolveCodec(choice: DecoderChoice, protocol: string, url: string): Codec | null {
  if (choice === 'none') return null
  if (choice === 'auto') return detectCodec(protocol, url)
  return codecById(choice) ?? null
}
