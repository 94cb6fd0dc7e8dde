import { hex, isRecord } from './codec.ts'

/** Nesting deeper than this is refused: a hostile frame of nested one-element arrays must not overflow the stack. */
export const MAX_DEPTH = 256

export class DecodeError extends Error {}

/** Bounds-checked big-endian reads over a byte array. */
export class ByteReader {
  readonly bytes: Uint8Array
  readonly view: DataView
  offset = 0
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  remaining(): number {
    return this.bytes.length - this.offset
  }
  need(count: number): void {
    if (count > this.remaining()) throw new DecodeError(`needs ${count} more byte${count === 1 ? '' : 's'} at offset ${this.offset}, ${this.remaining()} left`)
  }
  u8(): number {
    this.need(1)
    return this.view.getUint8(this.offset++)
  }
  u16(): number {
    this.need(2)
    const value = this.view.getUint16(this.offset)
    this.offset += 2
    return value
  }
  u32(): number {
    this.need(4)
    const value = this.view.getUint32(this.offset)
    this.offset += 4
    return value
  }
  u64(): number | bigint {
    this.need(8)
    const value = this.view.getBigUint64(this.offset)
    this.offset += 8
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
  }
  i64(): number | bigint {
    this.need(8)
    const value = this.view.getBigInt64(this.offset)
    this.offset += 8
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
  }
  take(count: number): Uint8Array {
    this.need(count)
    const out = this.bytes.subarray(this.offset, this.offset + count)
    this.offset += count
    return out
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

export function utf8(bytes: Uint8Array, where: string): string {
  try {
    return UTF8.decode(bytes)
  } catch {
    throw new DecodeError(`${where} is not valid UTF-8`)
  }
}

/** Binary values made JSON-displayable: bytes as {$hex}, integers beyond 2^53 as text. */
export function bytesValue(bytes: Uint8Array): { $hex: string } {
  return { $hex: hex(bytes) }
}

export function bigValue(value: number | bigint): number | string {
  return typeof value === 'bigint' ? `${value.toString()}n` : value
}

/** A map as an object when every key is text (and none is __proto__), else as a list of pairs. */
export function mapValue(entries: [unknown, unknown][]): unknown {
  if (entries.every(([key]) => typeof key === 'string' && key !== '__proto__')) {
    const out: Record<string, unknown> = {}
    for (const [key, value] of entries) out[key as string] = value
    return out
  }
  return { $map: entries }
}

export { isRecord }
