import { describe, expect, it } from 'vitest'
import { cborCodec } from '../../../src/engine/codecs/cbor.ts'
import type { Decoding } from '../../../src/engine/codecs/codec.ts'
import { msgpackCodec } from '../../../src/engine/codecs/msgpack.ts'

const hex = (text: string) => {
  const clean = text.replace(/\s+/g, '')
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out.buffer as ArrayBuffer
}
const values = (decoding: Decoding) => (decoding.ok ? decoding.messages.map((m) => m.value) : `error: ${decoding.error}`)

describe('MessagePack', () => {
  it('decodes the spec example byte for byte', () => {
    // {"compact":true,"schema":0} from msgpack.org
    const decoding = msgpackCodec.decode(hex('82 a7 63 6f 6d 70 61 63 74 c3 a6 73 63 68 65 6d 61 00'), 'in')
    expect(values(decoding)).toEqual([{ compact: true, schema: 0 }])
    expect(decoding.ok && decoding.messages[0]?.summary).toBe('msgpack {compact, schema}')
  })

  it('covers every family: ints of each width, floats, str, bin, ext, timestamps, nil', () => {
    const frame = hex(
      [
        'dc 00 10', // array16 of 16
        '7f e0 cc ff cd 01 00 ce 00 01 00 00 cf 00 20 00 00 00 00 00 00', // 127, -32, 255, 256, 65536, 2^53
        'd0 80 d1 80 00 d2 80 00 00 00 d3 80 00 00 00 00 00 00 00', // -128, -32768, -2^31, -2^63
        'ca 3f c0 00 00 cb 40 09 21 fb 54 44 2d 18', // 1.5, pi
        'd9 03 61 62 63', // "abc" (str8)
        'c4 02 de ad', // bin8
        'd4 05 2a', // fixext1 type 5
        'd6 ff 00 00 00 01', // timestamp32: 1 s
      ].join(' '),
    )
    expect(values(msgpackCodec.decode(frame, 'in'))).toEqual([
      [127, -32, 255, 256, 65536, '9007199254740992n', -128, -32768, -2147483648, '-9223372036854775808n', 1.5, 3.141592653589793, 'abc', { $hex: 'dead' }, { $ext: 5, $hex: '2a' }, { $timestamp: '1970-01-01T00:00:01.000Z' }],
    ])
    expect(values(msgpackCodec.decode(hex('d6 ff 00 00 00 01 c0'), 'in'))).toEqual([{ $timestamp: '1970-01-01T00:00:01.000Z' }, null])
  })

  it('keeps maps with non-text keys as pairs, and never sets a prototype', () => {
    expect(values(msgpackCodec.decode(hex('81 01 a1 78'), 'in'))).toEqual([{ $map: [[1, 'x']] }])
    const proto = values(msgpackCodec.decode(hex('81 a9 5f 5f 70 72 6f 74 6f 5f 5f 81 a1 61 01'), 'in')) as unknown[]
    expect(proto).toEqual([{ $map: [['__proto__', { a: 1 }]] }])
    expect(({} as Record<string, unknown>).a).toBeUndefined()
  })

  it('refuses truncated, lying and hostile frames with the reason', () => {
    expect(values(msgpackCodec.decode(hex('a5 61 62'), 'in'))).toBe('error: needs 5 more bytes at offset 1, 2 left')
    expect(values(msgpackCodec.decode(hex('dd ff ff ff ff'), 'in'))).toBe('error: needs 4294967295 more bytes at offset 5, 0 left')
    expect(values(msgpackCodec.decode(hex('c1'), 'in'))).toBe('error: 0xc1 is not a MessagePack type (offset 0)')
    expect(values(msgpackCodec.decode(hex('91'.repeat(300) + 'c0'), 'in'))).toBe('error: nested deeper than 256 levels')
    expect(values(msgpackCodec.decode(hex('a2 c3 28'), 'in'))).toBe('error: a str is not valid UTF-8')
    expect(values(msgpackCodec.decode('text', 'in'))).toBe('error: MessagePack is binary; this is a text frame')
  })
})

describe('CBOR (RFC 8949 appendix A examples)', () => {
  it.each([
    ['1903e8', 1000],
    ['3903e7', -1000],
    ['1b000000e8d4a51000', 1000000000000],
    ['3bffffffffffffffff', '-18446744073709551616n'],
    ['f93c00', 1],
    ['f97bff', 65504],
    ['fa47c35000', 100000],
    ['fb3ff199999999999a', 1.1],
    ['f4', false],
    ['f6', null],
    ['6449455446', 'IETF'],
    ['4401020304', { $hex: '01020304' }],
    ['8301820203820405', [1, [2, 3], [4, 5]]],
    ['a201020304', { $map: [[1, 2], [3, 4]] }],
    ['a26161016162820203', { a: 1, b: [2, 3] }],
    ['9f018202039f0405ffff', [1, [2, 3], [4, 5]]],
    ['bf6346756ef563416d7421ff', { Fun: true, Amt: -2 }],
    ['5f42010243030405ff', { $hex: '0102030405' }],
    ['7f657374726561646d696e67ff', 'streaming'],
    ['c074323031332d30332d32315432303a30343a30305a', { $date: '2013-03-21T20:04:00Z' }],
    ['c11a514b67b0', { $date: '2013-03-21T20:04:00.000Z' }],
    ['d82076687474703a2f2f7777772e6578616d706c652e636f6d', { $tag: 32, value: 'http://www.example.com' }],
  ])('decodes %s', (bytes, expected) => {
    expect(values(cborCodec.decode(hex(bytes), 'in'))).toEqual([expected])
  })

  it('refuses truncated and malformed items with the reason', () => {
    expect(values(cborCodec.decode(hex('6449'), 'in'))).toBe('error: a length of 4 is more than the frame holds')
    expect(values(cborCodec.decode(hex('9b ffffffffffffffff'), 'in'))).toBe('error: a length of 18446744073709551615 is more than the frame holds')
    expect(values(cborCodec.decode(hex('ff'), 'in'))).toBe('error: a "break" outside an indefinite-length item (offset 0)')
    expect(values(cborCodec.decode(hex('1c'), 'in'))).toBe('error: additional information 28 is reserved (offset 0)')
    expect(values(cborCodec.decode(hex('81'.repeat(300) + 'f6'), 'in'))).toBe('error: nested deeper than 256 levels')
    expect(values(cborCodec.decode(hex('9f 01 02'), 'in'))).toBe('error: needs 1 more byte at offset 3, 0 left')
  })
})
