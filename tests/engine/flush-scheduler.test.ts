// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { BUSY_FLUSH_INTERVAL_MS, BUSY_REQUESTS_PER_FLUSH, createFlushScheduler } from '../../src/engine/flush-scheduler.ts'

function manualSchedule() {
  const queue: (() => void)[] = []
  return {
    schedule: (run: () => void) => {
      queue.push(run)
    },
    queued: () => queue.length,
    tick: () => {
      for (const run of queue.splice(0)) run()
    },
  }
}

describe('createFlushScheduler', () => {
  it('coalesces many requests into one flush per tick', () => {
    const clock = manualSchedule()
    const flush = vi.fn()
    const scheduler = createFlushScheduler(flush, { schedule: clock.schedule })
    for (let i = 0; i < 10_000; i++) scheduler.request()
    expect(clock.queued()).toBe(1)
    expect(flush).not.toHaveBeenCalled()
    expect(scheduler.isPending()).toBe(true)
    clock.tick()
    expect(flush).toHaveBeenCalledTimes(1)
    expect(scheduler.isPending()).toBe(false)
  })

  it('schedules again for requests made after a flush, including from inside it', () => {
    const clock = manualSchedule()
    let scheduler: ReturnType<typeof createFlushScheduler> | null = null
    let flushes = 0
    scheduler = createFlushScheduler(() => {
      flushes += 1
      if (flushes === 1) scheduler?.request()
    }, { schedule: clock.schedule })
    scheduler.request()
    clock.tick()
    expect(flushes).toBe(1)
    expect(clock.queued()).toBe(1)
    clock.tick()
    expect(flushes).toBe(2)
    expect(clock.queued()).toBe(0)
  })

  it('does nothing until something is requested', () => {
    const clock = manualSchedule()
    const flush = vi.fn()
    createFlushScheduler(flush, { schedule: clock.schedule })
    clock.tick()
    expect(flush).not.toHaveBeenCalled()
    expect(clock.queued()).toBe(0)
  })

  it('flushes on the next tick while traffic is light', () => {
    const clock = manualSchedule()
    const delays: number[] = []
    const flush = vi.fn()
    const scheduler = createFlushScheduler(flush, { schedule: clock.schedule, delay: (_run, ms) => delays.push(ms), now: () => 0 })
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < BUSY_REQUESTS_PER_FLUSH - 1; i++) scheduler.request()
      clock.tick()
    }
    expect(flush).toHaveBeenCalledTimes(3)
    expect(delays).toEqual([])
  })

  it('waits out the busy interval after a flooded tick, then resumes per-tick flushing', () => {
    const clock = manualSchedule()
    let time = 1000
    const delayed: { run: () => void; ms: number }[] = []
    const flush = vi.fn()
    const scheduler = createFlushScheduler(flush, {
      schedule: clock.schedule,
      delay: (run, ms) => delayed.push({ run, ms }),
      now: () => time,
    })
    for (let i = 0; i < BUSY_REQUESTS_PER_FLUSH; i++) scheduler.request()
    clock.tick()
    expect(flush).toHaveBeenCalledTimes(1)

    time += 16
    scheduler.request()
    expect(clock.queued()).toBe(0)
    expect(delayed).toHaveLength(1)
    expect(delayed[0]?.ms).toBe(BUSY_FLUSH_INTERVAL_MS - 16)
    for (let i = 0; i < 500; i++) scheduler.request()
    expect(delayed).toHaveLength(1)

    time += BUSY_FLUSH_INTERVAL_MS
    delayed[0]?.run()
    clock.tick()
    expect(flush).toHaveBeenCalledTimes(2)

    // That tick was busy too; once a tick is light, the next request flushes on the next tick.
    time += BUSY_FLUSH_INTERVAL_MS
    scheduler.request()
    expect(delayed).toHaveLength(1)
    clock.tick()
    time += 16
    scheduler.request()
    expect(delayed).toHaveLength(1)
    expect(clock.queued()).toBe(1)
  })
})
