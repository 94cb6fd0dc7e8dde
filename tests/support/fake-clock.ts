import type { AutomationTimers } from '../../src/engine/automation/automation.ts'

/**
 * A deterministic clock: timers run only when the test advances time, in due order (ties in
 * the order they were set). A timer set while advancing runs in the same advance if it falls due.
 */
export type FakeClock = AutomationTimers & {
  now(): number
  advance(ms: number): void
  /** Timers still waiting. */
  pending(): number
}

export function createFakeClock(start = 1_000_000): FakeClock {
  let time = start
  let nextId = 0
  const waiting = new Map<number, { at: number; run: () => void; order: number }>()
  return {
    now: () => time,
    setTimeout(run, ms) {
      nextId += 1
      waiting.set(nextId, { at: time + Math.max(0, ms), run, order: nextId })
      return nextId
    },
    clearTimeout(handle) {
      waiting.delete(handle as number)
    },
    advance(ms) {
      const end = time + ms
      for (;;) {
        let first: [number, { at: number; run: () => void; order: number }] | undefined
        for (const item of waiting) if (item[1].at <= end && (!first || item[1].at < first[1].at || (item[1].at === first[1].at && item[1].order < first[1].order))) first = item
        if (!first) break
        waiting.delete(first[0])
        time = first[1].at
        first[1].run()
      }
      time = end
    },
    pending: () => waiting.size,
  }
}
