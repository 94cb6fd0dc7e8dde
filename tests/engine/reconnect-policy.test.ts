// @vitest-environment node
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createReconnectScheduler,
  DEFAULT_RECONNECT_TIMING,
  describeReconnectPolicy,
  nextDelay,
  RECONNECT_BASE_DELAY_MS,
  RECONNECT_JITTER,
  RECONNECT_MAX_ATTEMPTS,
  RECONNECT_MAX_DELAY_MS,
  RECONNECT_MULTIPLIER,
  RECONNECT_STABLE_RESET_MS,
  type ReconnectTimers,
} from '../../src/engine/reconnect-policy.ts'

describe('reconnect constants (docs/reliability.md §3.8)', () => {
  it('are base 1 s, ×2, cap 30 s, ±30 %, 10 attempts, reset after 60 s', () => {
    expect([
      RECONNECT_BASE_DELAY_MS,
      RECONNECT_MULTIPLIER,
      RECONNECT_MAX_DELAY_MS,
      RECONNECT_JITTER,
      RECONNECT_MAX_ATTEMPTS,
      RECONNECT_STABLE_RESET_MS,
    ]).toEqual([1_000, 2, 30_000, 0.3, 10, 60_000])
    expect(DEFAULT_RECONNECT_TIMING).toEqual({
      baseDelayMs: 1_000,
      multiplier: 2,
      maxDelayMs: 30_000,
      jitter: 0.3,
      maxAttempts: 10,
      stableResetMs: 60_000,
    })
  })
})

describe('nextDelay', () => {
  it('doubles from 1 s and stops growing at 30 s (nominal: random 0.5)', () => {
    const nominal = Array.from({ length: 10 }, (_, i) => nextDelay(i + 1, 0.5))
    expect(nominal).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000])
  })

  it('spreads each delay over ±30 % of the nominal one', () => {
    expect(nextDelay(1, 0)).toBe(700)
    expect(nextDelay(1, 0.999_999)).toBe(1_300)
    expect(nextDelay(3, 0)).toBe(2_800)
    expect(nextDelay(3, 0.25)).toBe(3_400)
    expect(nextDelay(8, 0)).toBe(21_000)
    expect(nextDelay(8, 0.999_999)).toBe(39_000)
  })

  it('stays within [0.7, 1.3] × min(30 s, 1 s × 2^(n−1)) for any attempt and draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const nominal = Math.min(30_000, 1_000 * 2 ** (attempt - 1))
        const delay = nextDelay(attempt, random)
        expect(Number.isInteger(delay)).toBe(true)
        expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.7))
        expect(delay).toBeLessThanOrEqual(Math.ceil(nominal * 1.3))
      }),
    )
  })

  it('is not synchronised: different draws give different delays at the cap', () => {
    const delays = new Set([0.1, 0.3, 0.5, 0.7, 0.9].map((r) => nextDelay(10, r)))
    expect(delays.size).toBe(5)
  })

  it('takes its timing as a parameter', () => {
    const fast = { ...DEFAULT_RECONNECT_TIMING, baseDelayMs: 10, maxDelayMs: 50, jitter: 0 }
    expect([1, 2, 3, 4, 5].map((n) => nextDelay(n, 0.9, fast))).toEqual([10, 20, 40, 50, 50])
  })
})

describe('describeReconnectPolicy', () => {
  it('states the policy from its numbers', () => {
    expect(describeReconnectPolicy()).toBe('waits 1 s, then 2 s, 4 s … up to 30 s (±30 %), at most 10 attempts in a row')
    expect(describeReconnectPolicy({ ...DEFAULT_RECONNECT_TIMING, baseDelayMs: 500, maxDelayMs: 1_500, maxAttempts: 3, jitter: 0.25 })).toBe(
      'waits 0.5 s, then 1 s, 1.5 s … up to 1.5 s (±25 %), at most 3 attempts in a row',
    )
  })
})

/** Timers driven by hand, so each test says exactly when time passes. */
function manualTimers() {
  let clock = 1_000_000
  let nextHandle = 1
  const queue = new Map<number, { at: number; run: () => void }>()
  const timers: ReconnectTimers = {
    setTimeout: (run, ms) => {
      const handle = nextHandle++
      queue.set(handle, { at: clock + ms, run })
      return handle
    },
    clearTimeout: (handle) => void queue.delete(handle as number),
  }
  const advance = (ms: number) => {
    const until = clock + ms
    for (;;) {
      const due = [...queue].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      queue.delete(due[0])
      clock = due[1].at
      due[1].run()
    }
    clock = until
  }
  return { timers, now: () => clock, advance, armed: () => queue.size }
}

describe('createReconnectScheduler (hand-driven timers)', () => {
  it('schedules attempts 1…10 within their jitter bounds, then reports exhaustion', () => {
    const clock = manualTimers()
    const draws = [0, 0.999_999, 0.5, 0.2, 0.8, 0, 0.999_999, 0.5, 0.1, 0.9]
    let draw = 0
    const scheduler = createReconnectScheduler({ timers: clock.timers, now: clock.now, random: () => draws[draw++] ?? 0.5 })
    const runs: number[] = []

    for (let attempt = 1; attempt <= 10; attempt++) {
      const outcome = scheduler.schedule(() => runs.push(clock.now()))
      if (outcome.kind !== 'scheduled') throw new Error(`attempt ${attempt} not scheduled`)
      const nominal = Math.min(30_000, 1_000 * 2 ** (attempt - 1))
      expect(outcome.attempt).toBe(attempt)
      expect(outcome.maxAttempts).toBe(10)
      expect(outcome.delayMs).toBeGreaterThanOrEqual(nominal * 0.7)
      expect(outcome.delayMs).toBeLessThanOrEqual(nominal * 1.3)
      expect(outcome.at).toBe(clock.now() + outcome.delayMs)
      expect(scheduler.pending()).toEqual({ attempt, maxAttempts: 10, delayMs: outcome.delayMs, at: outcome.at })

      // Not a millisecond early, and exactly once.
      const before = runs.length
      clock.advance(outcome.delayMs - 1)
      expect(runs.length).toBe(before)
      clock.advance(1)
      expect(runs.length).toBe(before + 1)
      expect(scheduler.pending()).toBeNull()
    }
    expect(runs).toHaveLength(10)
    expect(scheduler.schedule(() => runs.push(-1))).toEqual({ kind: 'exhausted', attempts: 10 })
    expect(scheduler.pending()).toBeNull()
    clock.advance(10 * 60_000)
    expect(runs).toHaveLength(10)
  })

  it('never holds two retries: scheduling again replaces the pending one', () => {
    const clock = manualTimers()
    const scheduler = createReconnectScheduler({ timers: clock.timers, now: clock.now, random: () => 0.5 })
    const runs: string[] = []
    scheduler.schedule(() => runs.push('first'))
    scheduler.schedule(() => runs.push('second'))
    expect(clock.armed()).toBe(1)
    expect(scheduler.pending()?.attempt).toBe(2)
    clock.advance(60_000)
    expect(runs).toEqual(['second'])
  })

  it('reset() cancels the pending retry and starts counting from 1 again', () => {
    const clock = manualTimers()
    const scheduler = createReconnectScheduler({ timers: clock.timers, now: clock.now, random: () => 0.5 })
    const run = vi.fn()
    scheduler.schedule(run)
    scheduler.schedule(run)
    scheduler.reset()
    expect(scheduler.pending()).toBeNull()
    expect(scheduler.attempts()).toBe(0)
    clock.advance(60_000)
    expect(run).not.toHaveBeenCalled()
    const next = scheduler.schedule(run)
    expect(next).toMatchObject({ kind: 'scheduled', attempt: 1, delayMs: 1_000 })
  })

  it('resets the counter after 60 s of stable open, not before', () => {
    const clock = manualTimers()
    const scheduler = createReconnectScheduler({ timers: clock.timers, now: clock.now, random: () => 0.5 })
    const run = vi.fn()
    for (let i = 0; i < 3; i++) {
      scheduler.schedule(run)
      clock.advance(60_000)
    }
    expect(scheduler.attempts()).toBe(3)

    // Open for 59.999 s, then dropped: still attempt 4, with the longer delay.
    scheduler.opened()
    clock.advance(RECONNECT_STABLE_RESET_MS - 1)
    expect(scheduler.attempts()).toBe(3)
    expect(scheduler.schedule(run)).toMatchObject({ kind: 'scheduled', attempt: 4, delayMs: 8_000 })
    // The drop cancelled the stable timer: the counter survives however long the retry waits.
    clock.advance(RECONNECT_STABLE_RESET_MS * 2)
    expect(scheduler.attempts()).toBe(4)

    // Open for a full minute: the next drop is attempt 1 again.
    scheduler.opened()
    clock.advance(RECONNECT_STABLE_RESET_MS)
    expect(scheduler.attempts()).toBe(0)
    expect(scheduler.schedule(run)).toMatchObject({ kind: 'scheduled', attempt: 1, delayMs: 1_000 })
  })

  it('a stable period also makes an exhausted scheduler usable again', () => {
    const clock = manualTimers()
    const timing = { ...DEFAULT_RECONNECT_TIMING, maxAttempts: 2 }
    const scheduler = createReconnectScheduler({ timing, timers: clock.timers, now: clock.now, random: () => 0.5 })
    scheduler.schedule(() => {})
    scheduler.schedule(() => {})
    expect(scheduler.schedule(() => {})).toEqual({ kind: 'exhausted', attempts: 2 })
    scheduler.opened()
    clock.advance(RECONNECT_STABLE_RESET_MS)
    expect(scheduler.schedule(() => {})).toMatchObject({ kind: 'scheduled', attempt: 1 })
  })
})

describe('createReconnectScheduler (vitest fake timers, default globals)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-22T10:00:00.000Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('uses the global timers and clock by default, with Math.random for jitter', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0)
    const scheduler = createReconnectScheduler()
    const run = vi.fn()
    const outcome = scheduler.schedule(run)
    expect(outcome).toEqual({ kind: 'scheduled', attempt: 1, maxAttempts: 10, delayMs: 700, at: Date.now() + 700 })
    vi.advanceTimersByTime(699)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
    expect(random).toHaveBeenCalledTimes(1)
    random.mockRestore()
  })

  it('leaves no timer behind after reset()', () => {
    const scheduler = createReconnectScheduler({ random: () => 0.5 })
    scheduler.schedule(() => {})
    scheduler.opened()
    expect(vi.getTimerCount()).toBe(1)
    scheduler.schedule(() => {})
    scheduler.opened()
    scheduler.reset()
    expect(vi.getTimerCount()).toBe(0)
  })
})
