// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Frame, MessageFrame } from '../../src/engine/frame.ts'
import { FRAME_LOG_CHUNK_SIZE, createFrameLog } from '../../src/engine/frame-log.ts'

let nextId = 1
function message(size = 10, payload: string = 'x'.repeat(size)): MessageFrame {
  return { id: nextId++, at: 0, kind: 'message', direction: 'in', payload, size }
}
function event(): Frame {
  return { id: nextId++, at: 0, kind: 'error', message: 'boom' }
}

function ids(log: ReturnType<typeof createFrameLog>): number[] {
  return log.toArray().map((frame) => frame.id)
}

describe('createFrameLog', () => {
  it('appends frames oldest first and counts their payload bytes', () => {
    const log = createFrameLog()
    const a = message(3)
    const b = event()
    const c = message(5)
    for (const frame of [a, b, c]) log.append(frame)
    expect(log.length()).toBe(3)
    expect(log.bytes()).toBe(8)
    expect(log.dropped()).toBe(0)
    expect(log.at(0)).toBe(a)
    expect(log.at(1)).toBe(b)
    expect(log.at(2)).toBe(c)
    expect(log.at(3)).toBeUndefined()
    expect(log.at(-1)).toBeUndefined()
  })

  it('addresses every frame across chunk boundaries', () => {
    const log = createFrameLog()
    const frames = Array.from({ length: FRAME_LOG_CHUNK_SIZE * 2 + 3 }, () => message(1))
    for (const frame of frames) log.append(frame)
    expect(log.length()).toBe(frames.length)
    for (const index of [0, FRAME_LOG_CHUNK_SIZE - 1, FRAME_LOG_CHUNK_SIZE, FRAME_LOG_CHUNK_SIZE * 2, frames.length - 1]) {
      expect(log.at(index)).toBe(frames[index])
    }
    expect(ids(log)).toEqual(frames.map((frame) => frame.id))
  })

  it('drops the oldest frames beyond the count cap, across chunk boundaries, and counts them', () => {
    const limit = FRAME_LOG_CHUNK_SIZE + 10
    const log = createFrameLog({ maxFrames: limit, maxBytes: Number.MAX_SAFE_INTEGER })
    const frames = Array.from({ length: FRAME_LOG_CHUNK_SIZE * 3 + 5 }, () => message(2))
    for (const frame of frames) log.append(frame)
    const dropped = frames.length - limit
    expect(log.length()).toBe(limit)
    expect(log.dropped()).toBe(dropped)
    expect(log.bytes()).toBe(limit * 2)
    expect(log.at(0)).toBe(frames[dropped])
    expect(log.at(limit - 1)).toBe(frames.at(-1))
    expect(ids(log)).toEqual(frames.slice(dropped).map((frame) => frame.id))
  })

  it('drops the oldest frames beyond the byte cap', () => {
    const log = createFrameLog({ maxFrames: 1000, maxBytes: 25 })
    const frames = [message(10), message(10), event(), message(10)]
    for (const frame of frames) log.append(frame)
    // 30 bytes > 25: the first 10-byte message goes; the event costs nothing.
    expect(ids(log)).toEqual(frames.slice(1).map((frame) => frame.id))
    expect(log.bytes()).toBe(20)
    expect(log.dropped()).toBe(1)
  })

  it('keeps the newest frame even when it alone is over the byte cap', () => {
    const log = createFrameLog({ maxFrames: 1000, maxBytes: 100 })
    log.append(message(50))
    const huge = message(500)
    log.append(huge)
    expect(log.length()).toBe(1)
    expect(log.at(0)).toBe(huge)
    expect(log.bytes()).toBe(500)
    expect(log.dropped()).toBe(1)
    const next = message(10)
    log.append(next)
    expect(ids(log)).toEqual([next.id])
    expect(log.dropped()).toBe(2)
  })

  it('applies tighter limits at once when they change', () => {
    const log = createFrameLog()
    const frames = Array.from({ length: 50 }, () => message(1))
    for (const frame of frames) log.append(frame)
    log.setLimits({ maxFrames: 5, maxBytes: 1000 })
    expect(ids(log)).toEqual(frames.slice(45).map((frame) => frame.id))
    expect(log.dropped()).toBe(45)
  })

  it('says how many frames new limits would drop, without dropping any', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 3000 }),
        fc.integer({ min: 0, max: 3500 }),
        fc.integer({ min: 0, max: 60_000 }),
        (sizes, maxFrames, maxBytes) => {
          const frames = sizes.map((size) => (size < 0 ? event() : message(size, '')))
          const probed = createFrameLog()
          const applied = createFrameLog()
          for (const frame of frames) {
            probed.append(frame)
            applied.append(frame)
          }
          const predicted = probed.overLimits({ maxFrames, maxBytes })
          expect(probed.length()).toBe(frames.length)
          expect(probed.dropped()).toBe(0)
          applied.setLimits({ maxFrames, maxBytes })
          expect(predicted).toBe(applied.dropped())
        },
      ),
      { numRuns: 200 },
    )
  })

  it('clears frames, bytes and the dropped counter, and keeps working afterwards', () => {
    const log = createFrameLog({ maxFrames: 3, maxBytes: 1000 })
    for (let i = 0; i < 10; i++) log.append(message(4))
    expect(log.dropped()).toBe(7)
    expect(log.clears()).toBe(0)
    log.clear()
    expect(log.clears()).toBe(1)
    expect(log.length()).toBe(0)
    expect(log.bytes()).toBe(0)
    expect(log.dropped()).toBe(0)
    expect(log.at(0)).toBeUndefined()
    const after = message(4)
    log.append(after)
    expect(ids(log)).toEqual([after.id])
  })

  it('keeps memory bounded: a long stream under a small cap retains only the cap', () => {
    const log = createFrameLog({ maxFrames: 100, maxBytes: 1_000_000 })
    const total = FRAME_LOG_CHUNK_SIZE * 20
    let last: Frame | undefined
    for (let i = 0; i < total; i++) {
      last = message(1)
      log.append(last)
    }
    expect(log.length()).toBe(100)
    expect(log.dropped()).toBe(total - 100)
    expect(log.at(99)).toBe(last)
    expect(log.toArray()).toHaveLength(100)
  })
})
