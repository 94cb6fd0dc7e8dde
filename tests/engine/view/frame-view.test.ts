// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createFrameIds, type Frame } from '../../../src/engine/frame.ts'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import { frameSummary, previewText } from '../../../src/engine/view/frame-summary.ts'
import { createFrameView } from '../../../src/engine/view/frame-view.ts'
import { hexDump, prettyJson, truncateForDisplay } from '../../../src/features/timeline/payload-format.ts'
import { formatBytes, formatCount, formatTime } from '../../../src/lib/format.ts'

const nextFrameId = createFrameIds()

function text(payload: string, direction: 'in' | 'out' = 'in'): Frame {
  return { id: nextFrameId(), at: 0, kind: 'message', direction, payload, size: payload.length }
}

function shown(view: ReturnType<typeof createFrameView>): string[] {
  const { count } = view.sync()
  const out: string[] = []
  for (let row = 0; row < count; row++) {
    const frame = view.frameAt(row)
    out.push(frame?.kind === 'message' && typeof frame.payload === 'string' ? frame.payload : `#${frame?.kind}`)
  }
  return out
}

describe('createFrameView', () => {
  it('passes every frame through when nothing is filtered', () => {
    const log = createFrameLog()
    const view = createFrameView(log, { direction: 'all', query: '' })
    log.append(text('a'))
    log.append(text('b', 'out'))
    expect(shown(view)).toEqual(['a', 'b'])
    expect(view.sync()).toMatchObject({ count: 2, appended: 2, headRemoved: 0, scanning: false })
  })

  it('scans only frames appended since the last sync', () => {
    const log = createFrameLog()
    const view = createFrameView(log, { direction: 'in', query: 'x' })
    log.append(text('x1'))
    log.append(text('x2', 'out'))
    expect(shown(view)).toEqual(['x1'])
    // Count reads of the log: frames already scanned must not be read again.
    let reads = 0
    const at = log.at.bind(log)
    log.at = (index: number) => {
      reads += 1
      return at(index)
    }
    log.append(text('X3'))
    log.append(text('nope'))
    reads = 0
    view.sync()
    // Only the two new frames: a clear is read from the log's counter, not from old frames.
    expect(reads).toBe(2)
    expect(shown(view)).toEqual(['x1', 'X3'])
  })

  it('follows retention: dropped rows leave the head and are counted', () => {
    const log = createFrameLog({ maxFrames: 3, maxBytes: 1e9 })
    const view = createFrameView(log, { direction: 'in', query: '' })
    for (const payload of ['a', 'b', 'c']) log.append(text(payload))
    expect(view.sync()).toMatchObject({ count: 3, headRemoved: 0, appended: 3 })
    const selectedSeq = view.seqAt(2)
    log.append(text('d'))
    log.append(text('e', 'out'))
    expect(shown(view)).toEqual(['c', 'd'])
    expect(view.sync()).toMatchObject({ count: 2, headRemoved: 2, appended: 4 })
    // Sequence numbers survive drops: the frame "c" is now row 0.
    expect(view.rowOfSeq(selectedSeq)).toBe(0)
    expect(view.rowOfSeq(view.seqAt(1))).toBe(1)
    expect(view.rowOfSeq(0)).toBe(-1)
  })

  it('starts over when the log was cleared', () => {
    const log = createFrameLog()
    const view = createFrameView(log, { direction: 'all', query: 'keep' })
    for (const payload of ['keep 1', 'keep 2', 'other']) log.append(text(payload))
    const before = view.sync()
    log.clear()
    log.append(text('keep 3'))
    log.append(text('keep 4'))
    log.append(text('keep 5'))
    expect(shown(view)).toEqual(['keep 3', 'keep 4', 'keep 5'])
    expect(view.sync().epoch).toBe(before.epoch + 1)
  })

  it('starts over when a clear is followed by more frames than retention keeps', () => {
    const log = createFrameLog({ maxFrames: 3, maxBytes: 1e9 })
    const filtered = createFrameView(log, { direction: 'in', query: '' })
    const all = createFrameView(log, { direction: 'all', query: '' })
    for (const payload of ['a', 'b', 'c']) log.append(text(payload))
    const before = filtered.sync()
    const beforeAll = all.sync()
    log.clear()
    // More than maxFrames before the next redraw: every frame seen before the clear is gone.
    for (let i = 0; i < 10; i++) log.append(text(`n${i}`))
    expect(shown(filtered)).toEqual(['n7', 'n8', 'n9'])
    expect(filtered.sync()).toMatchObject({ epoch: before.epoch + 1, appended: 3, headRemoved: 0 })
    expect(all.sync()).toMatchObject({ epoch: beforeAll.epoch + 1, appended: 10, headRemoved: 7 })
  })

  it('spreads a long scan over several syncs and reports that it is still scanning', () => {
    const log = createFrameLog()
    for (let i = 0; i < 50_000; i++) log.append(text(i % 2 === 0 ? `even ${i}` : `odd ${i}`))
    const view = createFrameView(log, { direction: 'all', query: 'even' })
    let snapshot = view.sync(0)
    expect(snapshot.scanning).toBe(true)
    expect(snapshot.count).toBeLessThan(25_000)
    let rounds = 1
    while (snapshot.scanning) {
      snapshot = view.sync(0)
      rounds += 1
    }
    expect(rounds).toBeGreaterThan(1)
    expect(snapshot.count).toBe(25_000)
    expect(view.frameAt(24_999)).toMatchObject({ payload: 'even 49998' })
  })

  it('treats the search text literally, not as a pattern', () => {
    const log = createFrameLog()
    log.append(text('a.b'))
    log.append(text('axb'))
    log.append(text('(x)'))
    expect(shown(createFrameView(log, { direction: 'all', query: 'a.b' }))).toEqual(['a.b'])
    expect(shown(createFrameView(log, { direction: 'all', query: '(X' }))).toEqual(['(x)'])
  })

  it('finds events by their words and never matches binary', () => {
    const log = createFrameLog()
    log.append({ id: nextFrameId(), at: 0, kind: 'close', code: 4001, reason: 'token expired', wasClean: true, meaning: 'Application-defined' })
    log.append({ id: nextFrameId(), at: 0, kind: 'message', direction: 'in', payload: new TextEncoder().encode('token').buffer as ArrayBuffer, size: 5 })
    const view = createFrameView(log, { direction: 'all', query: 'TOKEN' })
    expect(shown(view)).toEqual(['#close'])
    expect(shown(createFrameView(log, { direction: 'events', query: '' }))).toEqual(['#close'])
  })
})

describe('prettyJson', () => {
  it('re-indents without touching strings, escapes or number text', () => {
    expect(prettyJson('{"a":"x\\"},{[:","n":1.50e+3,"big":12345678901234567890,"l":[true,null,[ ]]}')).toBe(
      ['{', '  "a": "x\\"},{[:",', '  "n": 1.50e+3,', '  "big": 12345678901234567890,', '  "l": [', '    true,', '    null,', '    []', '  ]', '}'].join('\n'),
    )
  })

  it('returns null for text that is not JSON', () => {
    expect(prettyJson('{"a":')).toBeNull()
    expect(prettyJson('hello')).toBeNull()
  })

  it('keeps unicode and duplicate keys as sent', () => {
    expect(prettyJson('{"k":"é😀","k":2}')).toBe('{\n  "k": "é😀",\n  "k": 2\n}')
  })
})

describe('row and detail formatting', () => {
  it('formats times, sizes and counts', () => {
    expect(formatTime(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe('03:04:05.006')
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1229)).toBe('1.2 KB')
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB')
    expect(formatCount(1234567)).toBe('1,234,567')
  })

  it('previews binary frames as size and leading bytes', () => {
    const payload = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6]).buffer
    expect(frameSummary({ id: 1, at: 0, kind: 'message', direction: 'in', payload, size: 10 })).toBe('binary 10 B · de ad be ef 01 02 03 04…')
  })

  it('does not split a surrogate pair when truncating', () => {
    const value = `${'a'.repeat(199)}😀tail`
    expect(previewText(value)).toBe(`${'a'.repeat(199)}…`)
  })

  it('dumps bytes with printable ASCII and dots for the rest', () => {
    expect(hexDump(new Uint8Array([0x41, 0x0a, 0x7e, 0x7f]))).toBe(`00000000  41 0a 7e 7f ${' '.repeat(12)} ${' '.repeat(24)} |A.~.|`)
  })
})

describe('truncateForDisplay', () => {
  it('cuts by characters and by lines, and says so', () => {
    expect(truncateForDisplay('abcdef', 4)).toEqual({ text: 'abcd', truncated: true })
    expect(truncateForDisplay('abc', 4)).toEqual({ text: 'abc', truncated: false })
    expect(truncateForDisplay('1\n2\n3\n4', 100, 2)).toEqual({ text: '1\n2', truncated: true })
    expect(truncateForDisplay('1\n2', 100, 2)).toEqual({ text: '1\n2', truncated: false })
  })
})

describe('search queries', () => {
  it('escapes substrings, compiles regular expressions with chosen flags, and says why one is invalid', async () => {
    const { compileQuery } = await import('../../../src/engine/view/frame-view.ts')
    const plain = compileQuery({ query: 'a.b', regex: false })
    expect(plain.ok && plain.pattern?.test('xA.Bx')).toBe(true)
    expect(plain.ok && plain.pattern?.test('axb')).toBe(false)
    const cased = compileQuery({ query: 'Abc', matchCase: true })
    expect(cased.ok && cased.pattern?.test('abc')).toBe(false)
    const regex = compileQuery({ query: '^price\\s+\\d+$', regex: true })
    expect(regex.ok && regex.pattern?.flags).toBe('i')
    expect(regex.ok && regex.pattern?.test('PRICE 12')).toBe(true)
    const literal = compileQuery({ query: '/^a.b$/s', regex: true })
    expect(literal.ok && literal.pattern?.flags).toBe('s')
    expect(literal.ok && literal.pattern?.test('a\nb')).toBe(true)
    // g and y would make test() remember lastIndex between frames: dropped.
    const stateful = compileQuery({ query: '/x/gy', regex: true })
    expect(stateful.ok && stateful.pattern?.flags).toBe('')
    expect(compileQuery({ query: '/x/q', regex: true })).toEqual({ ok: false, error: 'Unknown flag in "q": use i, m, s or u.' })
    expect(compileQuery({ query: '(unclosed', regex: true })).toMatchObject({ ok: false, error: expect.stringMatching(/^Not a regular expression: /) })
  })

  it('filters by a regular expression, and an invalid one matches nothing instead of throwing', () => {
    const log = createFrameLog()
    for (const payload of ['tick 1', 'tock 22', 'tick 333']) log.append(text(payload))
    const view = createFrameView(log, { direction: 'all', query: '^tick \\d{3}$', regex: true })
    expect(view.sync().count).toBe(1)
    expect(view.frameAt(0)).toMatchObject({ payload: 'tick 333' })
    const broken = createFrameView(log, { direction: 'all', query: '(', regex: true })
    expect(broken.sync().count).toBe(0)
  })
})
