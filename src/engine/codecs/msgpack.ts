import { codecLabel, codecSubprotocols } from './catalog.ts'
import { bigValue, ByteReader, bytesValue, DecodeError, mapValue, MAX_DEPTH, utf8 } from './binary-reader.ts'
import { decoded, failed, shapeOf, type Codec } from './codec.ts'

function readValue(reader: ByteReader, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new DecodeError(`nested deeper than ${MAX_DEPTH} levels`)
  const byte = reader.u8()
  if (byte <= 0x7f) return byte
  if (byte >= 0xe0) return byte - 0x100
  if ((byte & 0xf0) === 0x80) return readMap(reader, byte & 0x0f, depth)
  if ((byte & 0xf0) === 0x90) return readArray(reader, byte & 0x0f, depth)
  if ((byte & 0xe0) === 0xa0) return utf8(reader.take(byte & 0x1f), 'a str')
  switch (byte) {
    case 0xc0:
      return null
    case 0xc2:
      return false
    case 0xc3:
      return true
    case 0xc4:
      return bytesValue(reader.take(reader.u8()))
    case 0xc5:
      return bytesValue(reader.take(reader.u16()))
    case 0xc6:
      return bytesValue(reader.take(reader.u32()))
    case 0xc7:
      return readExt(reader, reader.u8())
    case 0xc8:
      return readExt(reader, reader.u16())
    case 0xc9:
      return readExt(reader, reader.u32())
    case 0xca: {
      reader.need(4)
      const value = reader.view.getFloat32(reader.offset)
      reader.offset += 4
      return value
    }
    case 0xcb: {
      reader.need(8)
      const value = reader.view.getFloat64(reader.offset)
      reader.offset += 8
      return value
    }
    case 0xcc:
      return reader.u8()
    case 0xcd:
      return reader.u16()
    case 0xce:
      return reader.u32()
    case 0xcf:
      return bigValue(reader.u64())
    case 0xd0:
      return (reader.u8() << 24) >> 24
    case 0xd1:
      return (reader.u16() << 16) >> 16
    case 0xd2:
      return reader.u32() | 0
    case 0xd3:
      return bigValue(reader.i64())
    case 0xd4:
      return readExt(reader, 1)
    case 0xd5:
      return readExt(reader, 2)
    case 0xd6:
      return readExt(reader, 4)
    case 0xd7:
      return readExt(reader, 8)
    case 0xd8:
      return readExt(reader, 16)
    case 0xd9:
      return utf8(reader.take(reader.u8()), 'a str')
    case 0xda:
      return utf8(reader.take(reader.u16()), 'a str')
    case 0xdb:
      return utf8(reader.take(reader.u32()), 'a str')
    case 0xdc:
      return readArray(reader, reader.u16(), depth)
    case 0xdd:
      return readArray(reader, reader.u32(), depth)
    case 0xde:
      return readMap(reader, reader.u16(), depth)
    case 0xdf:
      return readMap(reader, reader.u32(), depth)
    default:
      throw new DecodeError(`0x${byte.toString(16)} is not a MessagePack type (offset ${reader.offset - 1})`)
  }
}

function readArray(reader: ByteReader, length: number, depth: number): unknown[] {
  // Every item takes at least one byte: a length beyond what is left is a lie, refused before allocating.
  reader.need(length)
  const out: unknown[] = []
  for (let i = 0; i < length; i++) out.push(readValue(reader, depth + 1))
  return out
}

function readMap(reader: ByteReader, length: number, depth: number): unknown {
  reader.need(length * 2)
  const entries: [unknown, unknown][] = []
  for (let i = 0; i < length; i++) entries.push([readValue(reader, depth + 1), readValue(reader, depth + 1)])
  return mapValue(entries)
}

function readExt(reader: ByteReader, length: number): unknown {
  const type = (reader.u8() << 24) >> 24
  const data = reader.take(length)
  if (type === -1) {
    // The timestamp extension: 32-bit seconds, 64-bit nanoseconds+seconds, or 96-bit.
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    let seconds: number
    let nanos = 0
    if (length === 4) seconds = view.getUint32(0)
    else if (length === 8) {
      const high = view.getUint32(0)
      nanos = high >>> 2
      seconds = (high & 0x3) * 2 ** 32 + view.getUint32(4)
    } else if (length === 12) {
      nanos = view.getUint32(0)
      seconds = Number(view.getBigInt64(4))
    } else return { $ext: type, ...bytesValue(data) }
    const ms = seconds * 1000 + Math.floor(nanos / 1e6)
    return { $timestamp: Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : `${seconds}s` }
  }
  return { $ext: type, ...bytesValue(data) }
}

/** MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) in binary frames; several values in a row are all shown. */
export const msgpackCodec: Codec = {
  id: 'msgpack',
  label: codecLabel('msgpack'),
  subprotocols: codecSubprotocols('msgpack'),
  decode(payload) {
    if (typeof payload === 'string') return failed('msgpack', 'MessagePack is binary; this is a text frame')
    const reader = new ByteReader(new Uint8Array(payload))
    try {
      const values: unknown[] = []
      while (reader.remaining() > 0) values.push(readValue(reader, 0))
      if (values.length === 0) return failed('msgpack', 'an empty frame holds no MessagePack value')
      return decoded('msgpack', values.map((value) => ({ type: 'value', summary: `msgpack ${shapeOf(value)}`, value })))
    } catch (error) {
      if (error instanceof DecodeError) return failed('msgpack', error.message)
      throw error
    }
  },
}
