import { codecLabel, codecSubprotocols } from './catalog.ts'
import { bigValue, ByteReader, bytesValue, DecodeError, mapValue, MAX_DEPTH, utf8 } from './binary-reader.ts'
import { decoded, failed, shapeOf, type Codec } from './codec.ts'

const BREAK = Symbol('break')

function readLength(reader: ByteReader, info: number): number | bigint | null {
  if (info < 24) return info
  if (info === 24) return reader.u8()
  if (info === 25) return reader.u16()
  if (info === 26) return reader.u32()
  if (info === 27) return reader.u64()
  if (info === 31) return null
  throw new DecodeError(`additional information ${info} is reserved (offset ${reader.offset - 1})`)
}

function asCount(length: number | bigint, reader: ByteReader, minBytesEach: number): number {
  if (typeof length === 'bigint' || length * minBytesEach > reader.remaining()) throw new DecodeError(`a length of ${length} is more than the frame holds`)
  return length
}

function halfFloat(bits: number): number {
  const exponent = (bits >> 10) & 0x1f
  const fraction = bits & 0x3ff
  const sign = bits & 0x8000 ? -1 : 1
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024)
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024)
}

function readValue(reader: ByteReader, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new DecodeError(`nested deeper than ${MAX_DEPTH} levels`)
  const initial = reader.u8()
  const major = initial >> 5
  const info = initial & 0x1f
  switch (major) {
    case 0: {
      const value = readLength(reader, info)
      if (value === null) throw new DecodeError('an integer cannot have indefinite length')
      return bigValue(value)
    }
    case 1: {
      const value = readLength(reader, info)
      if (value === null) throw new DecodeError('an integer cannot have indefinite length')
      return typeof value === 'bigint' || value >= Number.MAX_SAFE_INTEGER ? `${-1n - BigInt(value)}n` : -1 - value
    }
    case 2:
    case 3: {
      const length = readLength(reader, info)
      const chunks: Uint8Array[] = []
      if (length === null) {
        for (;;) {
          if (reader.bytes[reader.offset] === 0xff) {
            reader.offset += 1
            break
          }
          const chunk = readValue(reader, depth + 1)
          if (major === 2 && (typeof chunk !== 'object' || chunk === null || !('$hex' in chunk))) throw new DecodeError('an indefinite byte string holds only byte strings')
          if (major === 3 && typeof chunk !== 'string') throw new DecodeError('an indefinite text string holds only text strings')
          chunks.push(major === 2 ? hexBytes((chunk as { $hex: string }).$hex) : new TextEncoder().encode(chunk as string))
        }
      } else chunks.push(reader.take(asCount(length, reader, 1)))
      const bytes = concat(chunks)
      return major === 2 ? bytesValue(bytes) : utf8(bytes, 'a text string')
    }
    case 4: {
      const length = readLength(reader, info)
      const items: unknown[] = []
      if (length === null) {
        for (;;) {
          const item = readItemOrBreak(reader, depth)
          if (item === BREAK) break
          items.push(item)
        }
      } else {
        const count = asCount(length, reader, 1)
        for (let i = 0; i < count; i++) items.push(readValue(reader, depth + 1))
      }
      return items
    }
    case 5: {
      const length = readLength(reader, info)
      const entries: [unknown, unknown][] = []
      if (length === null) {
        for (;;) {
          const key = readItemOrBreak(reader, depth)
          if (key === BREAK) break
          entries.push([key, readValue(reader, depth + 1)])
        }
      } else {
        const count = asCount(length, reader, 2)
        for (let i = 0; i < count; i++) entries.push([readValue(reader, depth + 1), readValue(reader, depth + 1)])
      }
      return mapValue(entries)
    }
    case 6: {
      const tag = readLength(reader, info)
      if (tag === null) throw new DecodeError('a tag cannot have indefinite length')
      const value = readValue(reader, depth + 1)
      if (tag === 0 && typeof value === 'string') return { $date: value }
      if (tag === 1 && typeof value === 'number') return { $date: new Date(value * 1000).toISOString() }
      return { $tag: bigValue(tag), value }
    }
    default:
      return readSimple(reader, info)
  }
}

function readItemOrBreak(reader: ByteReader, depth: number): unknown {
  reader.need(1)
  if (reader.bytes[reader.offset] === 0xff) {
    reader.offset += 1
    return BREAK
  }
  return readValue(reader, depth + 1)
}

function readSimple(reader: ByteReader, info: number): unknown {
  if (info === 20) return false
  if (info === 21) return true
  if (info === 22) return null
  if (info === 23) return { $undefined: true }
  if (info < 20) return { $simple: info }
  if (info === 24) return { $simple: reader.u8() }
  if (info === 25) return halfFloat(reader.u16())
  if (info === 26) {
    reader.need(4)
    const value = reader.view.getFloat32(reader.offset)
    reader.offset += 4
    return value
  }
  if (info === 27) {
    reader.need(8)
    const value = reader.view.getFloat64(reader.offset)
    reader.offset += 8
    return value
  }
  if (info === 31) throw new DecodeError(`a "break" outside an indefinite-length item (offset ${reader.offset - 1})`)
  throw new DecodeError(`simple value ${info} is reserved`)
}

function hexBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16)
  return out
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] ?? new Uint8Array()
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** CBOR (RFC 8949) in binary frames, indefinite lengths and tags included; several items in a row are all shown. */
export const cborCodec: Codec = {
  id: 'cbor',
  label: codecLabel('cbor'),
  subprotocols: codecSubprotocols('cbor'),
  decode(payload) {
    if (typeof payload === 'string') return failed('cbor', 'CBOR is binary; this is a text frame')
    const reader = new ByteReader(new Uint8Array(payload))
    try {
      const values: unknown[] = []
      while (reader.remaining() > 0) values.push(readValue(reader, 0))
      if (values.length === 0) return failed('cbor', 'an empty frame holds no CBOR item')
      return decoded('cbor', values.map((value) => ({ type: 'item', summary: `cbor ${shapeOf(value)}`, value })))
    } catch (error) {
      if (error instanceof DecodeError) return failed('cbor', error.message)
      throw error
    }
  },
}
