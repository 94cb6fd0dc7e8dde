import type { Codec, Decoding } from '../codecs/codec.ts'
import type { Frame, FrameId } from '../frame.ts'

/** Above this many bytes a row does not decode its frame (the detail pane still does, on request). */
export const ROW_DECODE_LIMIT_BYTES = 256 * 1024

/** Decodings kept per view: a window re-read on every batch must not decode the same rows again. */
const DECODE_CACHE_SIZE = 4096

/** Decodes a message frame with `codec`, remembering the newest results by frame id. */
export function createDecodeCache(): (codec: Codec, frame: Frame) => Decoding | null {
  let cache = new Map<FrameId, { codec: Codec; decoding: Decoding }>()
  return (codec, frame) => {
    if (frame.kind !== 'message') return null
    const hit = cache.get(frame.id)
    if (hit && hit.codec === codec) return hit.decoding
    const decoding = codec.decode(frame.payload, frame.direction)
    if (cache.size >= DECODE_CACHE_SIZE) cache = new Map([...cache].slice(DECODE_CACHE_SIZE / 2))
    cache.set(frame.id, { codec, decoding })
    return decoding
  }
}
