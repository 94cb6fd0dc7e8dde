import { describe, expect, it } from 'vitest'
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

  it('refuses bytes that are not UTF-8 text', () => {
    expect(decodeWorkspaceFile(new Uint8Array([0x7b, 0xff, 0xfe, 0xfd, 0x7d]))).toEqual({
      ok: false,
      message: 'The file is not UTF-8 text, so it cannot be a workspace file. Save it as UTF-8 JSON and try again.',
      details: [],
    })
  })
})
