import { describe, expect, it } from 'vitest'
import { createFrameIds, type Frame } from '../../../src/engine/frame.ts'
import { createFrameLog, type FrameLog } from '../../../src/engine/frame-log.ts'
import { createTimelineWindowSource, MAX_WINDOW_ROWS } from '../../../src/engine/view/timeline-window.ts'

const nextId = createFrameIds()
const message = (text: string, direction: 'in' | 'out' = 'in'): Frame => ({ id: nextId(), at: 1_700_000_000_000, kind: 'message', direction, payload: text, size: text.length })

function logWith(count: number): FrameLog {
  const log = createFrameLog({ maxFrames: 1_000_000, maxBytes: 1 << 30 })
  for (let i = 0; i < count; i++) log.append(message(`frame ${i}`, i % 2 === 0 ? 'in' : 'out'))
  return log
}

describe('timeline windows', () => {
  it('answers the newest rows while following, and a page from `first` otherwise', () => {
    const log = logWith(100)
    const source = createTimelineWindowSource(() => log, { direction: 'all', query: '' })
    const tail = source.read({ follow: true, first: 0, count: 5, selectedSeq: null })
    expect(tail).toMatchObject({ count: 100, first: 95, scanning: false })
    expect(tail.rows.map((r) => r.preview)).toEqual(['frame 95', 'frame 96', 'frame 97', 'frame 98', 'frame 99'])
    expect(tail.rows[0]).toMatchObject({ seq: 95, kind: 'message', tone: 'out', size: 8 })

    const page = source.read({ follow: false, first: 10, count: 3, selectedSeq: 11 })
    expect(page.first).toBe(10)
    expect(page.rows.map((r) => r.seq)).toEqual([10, 11, 12])
    expect(page.selectedRow).toBe(11)
  })

  it('clamps what is asked to what exists and to MAX_WINDOW_ROWS', () => {
    const log = logWith(3)
    const source = createTimelineWindowSource(() => log, { direction: 'all', query: '' })
    expect(source.read({ follow: false, first: 50, count: 10, selectedSeq: null })).toMatchObject({ first: 3, rows: [] })
    expect(source.read({ follow: false, first: -4, count: 2.7, selectedSeq: null }).rows.map((r) => r.seq)).toEqual([0, 1])
    const big = logWith(MAX_WINDOW_ROWS + 50)
    const many = createTimelineWindowSource(() => big, { direction: 'all', query: '' })
    expect(many.read({ follow: true, first: 0, count: 1e9, selectedSeq: null }).rows).toHaveLength(MAX_WINDOW_ROWS)
  })

  it('filters next to the log: rows and counts of received frames matching a query', () => {
    const log = logWith(20)
    const source = createTimelineWindowSource(() => log, { direction: 'in', query: 'FRAME 1' })
    const window = source.read({ follow: true, first: 0, count: 50, selectedSeq: 4 })
    // Received frames are the even ones; "frame 1" matches 10, 12, 14, 16, 18 (case-insensitive).
    expect(window.rows.map((r) => r.preview)).toEqual(['frame 10', 'frame 12', 'frame 14', 'frame 16', 'frame 18'])
    expect(window.count).toBe(5)
    // A selected frame the filter hides has no row.
    expect(window.selectedRow).toBe(-1)
  })

  it('starts a new epoch when the connection gets a new log, and when the log is cleared', () => {
    let log = logWith(5)
    const source = createTimelineWindowSource(() => log, { direction: 'all', query: '' })
    const first = source.read({ follow: true, first: 0, count: 10, selectedSeq: null })
    log.clear()
    log.append(message('after clear'))
    const cleared = source.read({ follow: true, first: 0, count: 10, selectedSeq: null })
    expect(cleared.epoch).not.toBe(first.epoch)
    expect(cleared.rows.map((r) => [r.seq, r.preview])).toEqual([[0, 'after clear']])
    log = logWith(2)
    const replaced = source.read({ follow: true, first: 0, count: 10, selectedSeq: null })
    expect(replaced.epoch).not.toBe(cleared.epoch)
    expect(replaced.count).toBe(2)
  })
})
