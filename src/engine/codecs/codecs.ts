import { cborCodec } from './cbor.ts'
import { detectCodecId } from './catalog.ts'
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

/** The codec a connection's traffic is in (see detectCodecId), or null when nothing says. */
export function detectCodec(protocol: string, url: string): Codec | null {
  const id = detectCodecId(protocol, url)
  return id === null ? null : (codecById(id) ?? null)
}

export function resolveCodec(choice: DecoderChoice, protocol: string, url: string): Codec | null {
  if (choice === 'none') return null
  if (choice === 'auto') return detectCodec(protocol, url)
  return codecById(choice) ?? null
}
