import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { locateJsonProblem } from '../../src/workspace/safe-json.ts'
import { LIMITS } from '../../src/workspace/limits.ts'
import { checkFileSize, decodeWorkspaceFile, parseWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { MALFORMED_CASES } from './malformed-corpus.ts'
import { goldenWorkspace, readFixture } from './sample-workspaces.ts'

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort()

describe('malformed workspace files', () => {
  const rejected = MALFORMED_CASES.filter((c) => c.message !== 'OK')

  it.each(rejected.map((c) => [c.name, c] as const))('rejects %s with a precise message', (_name, malformed) => {
    const before = prototypeNames()
    const result = parseWorkspaceFile(malformed.text())
    expect(result.ok).toBe(false)
    if (result.ok) return
    if (typeof malformed.message === 'string') expect(result.message).toBe(malformed.message)
    else expect(result.message).toMatch(malformed.message)
    expect(result.details).toEqual(malformed.details ?? [])
    // Nothing leaked onto Object.prototype, whatever the file held.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(prototypeNames()).toEqual(before)
  })

  it('accepts duplicate JSON keys the way JSON.parse does: the last one wins', () => {
    const duplicate = MALFORMED_CASES.find((c) => c.message === 'OK')
    const result = parseWorkspaceFile(duplicate?.text() ?? '')
    expect(result.ok && result.value.workspace.name).toBe('Team sockets')
  })

  it('answers quickly even for the worst inputs', () => {
    const started = performance.now()
    for (const malformed of MALFORMED_CASES) parseWorkspaceFile(malformed.text())
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})

describe('JSON with comments or trailing commas (JSONC)', () => {
  const message = (text: string) => {
    const result = parseWorkspaceFile(text)
    return result.ok ? 'imported' : result.message
  }

  it('names the line and column of a // or /* */ comment and says what the file is', () => {
    expect(message('{\n  // exported by hand\n  "format": "frameline.workspace"\n}')).toMatch(
      /^This is not valid JSON \(line 2, column 3\): comments are not allowed in JSON\..*JSONC/,
    )
    expect(message('{"format": "frameline.workspace", /* v1 */ "version": 1}')).toMatch(/^This is not valid JSON \(line 1, column 35\): comments/)
    // After the value, where engines say only "unexpected character".
    expect(message('{"format": "frameline.workspace"}\n// end')).toMatch(/^This is not valid JSON \(line 2, column 1\): comments/)
  })

  it('points at a trailing comma in a list or an object', () => {
    expect(message('{\n  "protocols": ["a", "b",\n  ]\n}')).toMatch(/^This is not valid JSON \(line 2, column 25\): a comma before "]"/)
    expect(message('{"a": 1 ,\n}')).toMatch(/^This is not valid JSON \(line 1, column 9\): a comma before "}"/)
  })

  it('agrees with JSON.parse on which texts are JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        expect(locateJsonProblem(JSON.stringify(value, null, indent))).toBeNull()
      }),
    )
    const jsonish = fc.stringMatching(/^[{}[\]:," \\/*a-z0-9.eE+-]{0,30}$/)
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true
        try {
          JSON.parse(text)
        } catch {
          valid = false
        }
        expect(locateJsonProblem(text) === null).toBe(valid)
      }),
      { numRuns: 2000 },
    )
  })

  it('does not mistake // inside a string for a comment', () => {
    expect(message('{"url": "ws://h/x", }')).toMatch(/^This is not valid JSON \(line 1, column 19\): a comma before "}"/)
  })
})

describe('reading file bytes', () => {
  const valid = readFixture('v1-workspace.frameline.json')

  it('refuses an oversized file by its size alone, before reading it', () => {
    expect(checkFileSize(LIMITS.fileBytes)).toBeNull()
    expect(checkFileSize(25 * 1024 * 1024)?.message).toBe(
      'The file is too large: 25.0 MB (26,214,400 bytes); Frameline imports workspace files up to 20.0 MB (20,971,520 bytes). It was not imported.',
    )
  })

  it('accepts UTF-8 with a byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(valid)])
    const decoded = decodeWorkspaceFile(bytes)
    expect(decoded.ok).toBe(true)
    if (!decoded.ok) return
    const result = parseWorkspaceFile(decoded.text)
    expect(result.ok && result.value.workspace).toEqual(goldenWorkspace())
  })

  it('accepts a BOM left in the text by whoever decoded it', () => {
    const result = parseWorkspaceFile(`\uFEFF${valid}`)
    expect(result.ok).toBe(true)
  })

  it('accepts UTF-16 with a byte-order mark (Windows editors)', () => {
    const units = [0xfeff, ...Array.from(valid, (ch) => ch.charCodeAt(0))]
    const bytes = new Uint8Array(new Uint16Array(units).buffer) // little-endian on every test machine
    const decoded = decodeWorkspaceFile(bytes)
    expect(decoded.ok && parseWorkspaceFile(decoded.text).ok).toBe(true)
  })

  it.each([
    ['little-endian', (unit: number) => [unit & 0xff, unit >> 8]],
    ['big-endian', (unit: number) => [unit >> 8, unit & 0xff]],
  ] as const)('names UTF-16 (%s) without a byte-order mark instead of a JSON error', (order, toBytes) => {
    const bytes = new Uint8Array(Array.from(valid, (ch) => toBytes(ch.charCodeAt(0))).flat())
    expect(decodeWorkspaceFile(bytes)).toEqual({
      ok: false,
      message: `The file looks like UTF-16 text (${order}) without a byte-order mark. Frameline reads UTF-8, or UTF-16 with a byte-order mark: save the file as UTF-8 and try again.`,
      details: [],
    })
  })

  it('refuses bytes that are not UTF-8 text', () => {
    expect(decodeWorkspaceFile(new Uint8Array([0x7b, 0xff, 0xfe, 0xfd, 0x7d]))).toEqual({
      ok: false,
      message: 'The file is not UTF-8 text, so it cannot be a workspace file. Save it as UTF-8 JSON and try again.',
      details: [],
    })
  })
})
