// @vitest-environment node
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createFrameIds, type Frame } from '../../../src/engine/frame.ts'
import { createFrameLog, type FrameLog } from '../../../src/engine/frame-log.ts'
import { createMergedWindowSource, MERGE_BATCH_ROWS, type MergedWindow, type MergedWindowRequest } from '../../../src/engine/view/merged-window.ts'

const nextId = createFrameIds()
const message = (text: string, at: number, direction: 'in' | 'out' = 'in'): Frame => ({ id: nextId(), at, kind: 'message', direction, payload: text, size: text.length })

const ALL = { direction: 'all', query: '' } as const
const TAIL: MergedWindowRequest = { follow: true, first: 0, count: 1000, selected: null }

function logs(): Record<string, FrameLog> {
  return { a: createFrameLog({ maxFrames: 1_000_000, maxBytes: 1 << 30 }), b: createFrameLog({ maxFrames: 1_000_000, maxBytes: 1 << 30 }) }
}

const shown = (window: MergedWindow) => window.rows.map((row) => `${row.connectionId}:${row.preview}`)

/** Reads until the source has caught up with the logs. */
function settle(source: ReturnType<typeof createMergedWindowSource>, request: MergedWindowRequest = TAIL): MergedWindow {
  let window = source.read(request)
  for (let i = 0; i < 100 && window.scanning; i++) window = source.read(request)
  return window
}

describe('merged windows', () => {
  it('interleaves the frames of several logs by time, ties by connection order then seq', () => {
    const log = logs()
    log.a!.append(message('a1', 10))
    log.b!.append(message('b1', 5))
    log.a!.append(message('a2', 20))
    log.b!.append(message('b2', 20))
    log.b!.append(message('b3', 20))
    log.a!.append(message('a3', 30))
    const source = createMergedWindowSource(['a', 'b'], (id) => log[id], ALL)
    const window = source.read(TAIL)
    expect(shown(window)).toEqual(['b:b1', 'a:a1', 'a:a2', 'b:b2', 'b:b3', 'a:a3'])
    expect(window).toMatchObject({ count: 6, appended: 6, headRemoved: 0, scanning: false, first: 0 })
    // Each row carries its own connection's seq, for the detail pane.
    expect(window.rows.map((r) => [r.connectionId, r.seq])).toEqual([['b', 0], ['a', 0], ['a', 1], ['b', 1], ['b', 2], ['a', 2]])
    // The order of ids decides ties: b first now.
    const swapped = createMergedWindowSource(['b', 'a'], (id) => log[id], ALL).read(TAIL)
    expect(shown(swapped)).toEqual(['b:b1', 'a:a1', 'b:b2', 'b:b3', 'a:a2', 'a:a3'])
  })

  it('appends new frames at the tail and inserts a late one at its place', () => {
    const log = logs()
    const source = createMergedWindowSource(['a', 'b'], (id) => log[id], ALL)
    log.a!.append(message('a1', 100))
    log.b!.append(message('b1', 200))
    expect(shown(source.read(TAIL))).toEqual(['a:a1', 'b:b1'])
    log.a!.append(message('a2', 300))
    expect(shown(source.read(TAIL))).toEqual(['a:a1', 'b:b1', 'a:a2'])
    // b's frame stamped 150 arrives after a's 300: it goes between a1 and b1, not at the end.
    log.b!.append(message('b-late', 150))
    const window = source.read(TAIL)
    expect(shown(window)).toEqual(['a:a1', 'b:b-late', 'b:b1', 'a:a2'])
    expect(window).toMatchObject({ count: 4, appended: 4 })
    // Selection follows the frame to its row.
    expect(source.read({ ...TAIL, selected: { connectionId: 'b', seq: 1 } }).selectedRow).toBe(1)
    expect(source.read({ ...TAIL, selected: { connectionId: 'a', seq: 1 } }).selectedRow).toBe(3)
    expect(source.read({ ...TAIL, selected: { connectionId: 'a', seq: 9 } }).selectedRow).toBe(-1)
    expect(source.read({ ...TAIL, selected: { connectionId: 'gone', seq: 0 } }).selectedRow).toBe(-1)
  })

  it('applies one filter across every connection', () => {
    const log = logs()
    for (let i = 0; i < 10; i++) {
      log.a!.append(message(`a tick ${i}`, i * 10, i % 2 === 0 ? 'in' : 'out'))
      log.b!.append(message(`b ${i % 3 === 0 ? 'TICK' : 'tock'} ${i}`, i * 10 + 5))
    }
    const source = createMergedWindowSource(['a', 'b'], (id) => log[id], { direction: 'in', query: 'tick' })
    const window = settle(source)
    expect(shown(window)).toEqual(['a:a tick 0', 'b:b TICK 0', 'a:a tick 2', 'b:b TICK 3', 'a:a tick 4', 'a:a tick 6', 'b:b TICK 6', 'a:a tick 8', 'b:b TICK 9'])
    // New frames pass the same filter.
    log.b!.append(message('b tock late', 200))
    log.b!.append(message('b tick late', 201))
    log.a!.append(message('a tick sent', 202, 'out'))
    expect(shown(settle(source)).slice(-2)).toEqual(['b:b TICK 9', 'b:b tick late'])
  })

  it('drops the entries of frames that retention dropped from one log', () => {
    const a = createFrameLog({ maxFrames: 3, maxBytes: 1 << 30 })
    const b = createFrameLog({ maxFrames: 100, maxBytes: 1 << 30 })
    const log: Record<string, FrameLog> = { a, b }
    const source = createMergedWindowSource(['a', 'b'], (id) => log[id], ALL)
    a.append(message('a0', 0))
    b.append(message('b0', 1))
    a.append(message('a1', 2))
    b.append(message('b1', 3))
    a.append(message('a2', 4))
    expect(shown(source.read(TAIL))).toEqual(['a:a0', 'b:b0', 'a:a1', 'b:b1', 'a:a2'])
    a.append(message('a3', 5))
    a.append(message('a4', 6))
    const window = source.read(TAIL)
    // a keeps its newest three; b keeps both.
    expect(shown(window)).toEqual(['b:b0', 'b:b1', 'a:a2', 'a:a3', 'a:a4'])
    expect(window).toMatchObject({ count: 5, appended: 7, headRemoved: 2 })
    expect(window.rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4])
    // Frames appended and dropped between two reads never show.
    for (let i = 5; i < 10; i++) a.append(message(`a${i}`, i + 2))
    expect(shown(source.read(TAIL))).toEqual(['b:b0', 'b:b1', 'a:a7', 'a:a8', 'a:a9'])
  })

  it('starts over when one log is cleared, keeping the other connection’s rows', () => {
    const log = logs()
    const source = createMergedWindowSource(['a', 'b'], (id) => log[id], ALL)
    log.a!.append(message('a0', 0))
    log.b!.append(message('b0', 1))
    log.a!.append(message('a1', 2))
    const before = source.read(TAIL)
    log.a!.clear()
    log.a!.append(message('a-new', 3))
    const after = source.read(TAIL)
    expect(after.epoch).not.toBe(before.epoch)
    expect(shown(after)).toEqual(['b:b0', 'a:a-new'])
    expect(after.rows.map((r) => [r.connectionId, r.seq])).toEqual([['b', 0], ['a', 0]])
    expect(after).toMatchObject({ count: 2, appended: 2, headRemoved: 0 })
  })

  it('reads windows at the tail and in the middle of a long merged list', () => {
    const log = logs()
    // 2.5 batches per connection: the first reads catch up in steps and say so.
    const perLog = Math.floor(MERGE_BATCH_ROWS * 2.5)
    for (let i = 0; i < perLog; i++) {
      log.a!.append(message(`a${i}`, i * 2))
      log.b!.append(message(`b${i}`, i * 2 + 1))
    }
    const source = createMergedWindowSource(['a', 'b'], (id) => log[id], ALL)
    const firstRead = source.read({ follow: true, first: 0, count: 3, selected: null })
    expect(firstRead.scanning).toBe(true)
    const tail = settle(source, { follow: true, first: 0, count: 3, selected: null })
    expect(tail.count).toBe(perLog * 2)
    expect(tail.first).toBe(perLog * 2 - 3)
    expect(shown(tail)).toEqual([`b:b${perLog - 2}`, `a:a${perLog - 1}`, `b:b${perLog - 1}`])
    const middle = source.read({ follow: false, first: 1001, count: 4, selected: { connectionId: 'a', seq: 501 } })
    expect(middle.first).toBe(1001)
    expect(shown(middle)).toEqual(['b:b500', 'a:a501', 'b:b501', 'a:a502'])
    expect(middle.selectedRow).toBe(1002)
    // Past the end: clamped to what exists.
    expect(source.read({ follow: false, first: 1e9, count: 4, selected: null })).toMatchObject({ first: perLog * 2, rows: [] })
  })

  it('treats a connection without a log as empty, and picks up its log when it appears', () => {
    const log: Record<string, FrameLog | undefined> = { a: createFrameLog() }
    log.a!.append(message('a0', 5))
    const source = createMergedWindowSource(['a', 'b'], (id) => log[id], ALL)
    expect(shown(source.read(TAIL))).toEqual(['a:a0'])
    log.b = createFrameLog()
    log.b.append(message('b0', 1))
    const window = source.read(TAIL)
    expect(shown(window)).toEqual(['b:b0', 'a:a0'])
  })
})

describe('merged windows against a sort of everything retained', () => {
  type Op = { kind: 'append'; log: number; at: number; text: string } | { kind: 'clear'; log: number } | { kind: 'read' }
  const op = fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('append' as const), log: fc.integer({ min: 0, max: 2 }), at: fc.integer({ min: 0, max: 40 }), text: fc.constantFrom('x', 'y', 'xy') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), log: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 4, arbitrary: fc.constant({ kind: 'read' as const }) },
  )

  it('shows exactly the retained matching frames of every log, in (at, connection, seq) order', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), fc.constantFrom('', 'x'), fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 3, maxLength: 3 }), (ops: Op[], query, caps) => {
        const ids = ['p', 'q', 'r']
        const logsById = new Map(ids.map((id, i) => [id, createFrameLog({ maxFrames: caps[i] ?? 5, maxBytes: 1 << 30 })]))
        const source = createMergedWindowSource(ids, (id) => logsById.get(id), { direction: 'all', query })
        const expected = () => {
          const all: { key: string; at: number; conn: number; seq: number }[] = []
          ids.forEach((id, conn) => {
            const log = logsById.get(id)!
            for (let i = 0; i < log.length(); i++) {
              const frame = log.at(i)!
              if (frame.kind !== 'message' || typeof frame.payload !== 'string' || !frame.payload.includes(query)) continue
              all.push({ key: `${id}:${log.dropped() + i}`, at: frame.at, conn, seq: log.dropped() + i })
            }
          })
          return all.sort((a, b) => a.at - b.at || a.conn - b.conn || a.seq - b.seq).map((e) => e.key)
        }
        const check = () => {
          const window = settle(source)
          expect(window.rows.map((r) => `${r.connectionId}:${r.seq}`)).toEqual(expected())
          expect(window.count).toBe(window.rows.length)
          // Every row can be found again by what it shows.
          for (const [row, summary] of window.rows.entries()) {
            expect(source.read({ ...TAIL, selected: { connectionId: summary.connectionId, seq: summary.seq } }).selectedRow).toBe(row)
          }
        }
        for (const step of ops) {
          if (step.kind === 'append') logsById.get(ids[step.log]!)!.append(message(step.text, step.at))
          else if (step.kind === 'clear') logsById.get(ids[step.log]!)!.clear()
          else check()
        }
        check()
      }),
      { numRuns: 200 },
    )
  })
})
