import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prettyJson } from '../../src/features/timeline/payload-format.ts'
import { formatJson } from '../../src/lib/payload.ts'

describe('formatJson', () => {
  it('moves only whitespace: big numbers, escapes and duplicate keys stay as typed', () => {
    expect(formatJson('{"n":12345678901234567890,"s":"a\\u0041\\"}","s":[ ],"o":{}}')).toEqual({
      ok: true,
      text: '{\n  "n": 12345678901234567890,\n  "s": "a\\u0041\\"}",\n  "s": [],\n  "o": {}\n}',
    })
  })

  it('refuses invalid JSON with the parse error', () => {
    const result = formatJson('{"a":')
    expect(result.ok).toBe(false)
  })

  it('formats exactly as the timeline’s Pretty view does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, spaces) => {
        const text = JSON.stringify(value, null, spaces)
        const formatted = formatJson(text)
        expect(formatted.ok && formatted.text).toBe(prettyJson(text))
      }),
      { numRuns: 500 },
    )
  })
})
