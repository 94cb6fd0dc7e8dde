// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { createFlushScheduler } from '../../src/engine/flush-scheduler.ts'

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
    const scheduler = createFlushScheduler(flush, clock.schedule)
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
    }, clock.schedule)
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
    createFlushScheduler(flush, clock.schedule)
    clock.tick()
    expect(flush).not.toHaveBeenCalled()
    expect(clock.queued()).toBe(0)
  })
})
