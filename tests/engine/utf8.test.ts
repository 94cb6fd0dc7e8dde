import { describe, expect, it } from 'vitest'
import { utf8ByteLength } from '../../src/engine/utf8.ts'

const encoded = (text: string) => new TextEncoder().encode(text).byteLength

describe('utf8ByteLength', () => {
  it.each([
    ['empty', ''],
    ['ASCII', 'hello {"a":1}'],
    ['two-byte', 'héllo wörld'],
    ['three-byte', '€ 日本語'],
    ['surrogate pairs', '😀 👍🏽'],
    ['a lone high surrogate (encoded as U+FFFD, 3 bytes)', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
  ])('counts %s like TextEncoder', (_name, text) => {
    expect(utf8ByteLength(text)).toBe(encoded(text))
  })

  it('takes the native path for very large strings and still counts non-ASCII ones exactly', () => {
    const ascii = 'x'.repeat(200_000)
    expect(utf8ByteLength(ascii)).toBe(200_000)
    // One non-ASCII character anywhere sends a large string to the counting loop.
    const mixed = `${ascii}é${ascii}😀`
    expect(utf8ByteLength(mixed)).toBe(encoded(mixed))
    const control = `\u0000\u001f${'y'.repeat(100_000)}\u007f`
    expect(utf8ByteLength(control)).toBe(control.length)
  })
})
