export type Schedule = (run: () => void) => void

/** Without a host schedule: a short timer, which batches like an animation frame does. */
const timerSchedule: Schedule = (run) => void setTimeout(run, 16)

/**
 * Under a flood, a render per animation frame costs the main thread more than receiving does
 * (bench: ~6–9 ms per timeline render, ~95 renders per 100,000 frames), and every millisecond spent
 * rendering is one the socket's message tasks wait. So once a tick carries at least
 * BUSY_REQUESTS_PER_FLUSH requests, the next flush waits until BUSY_FLUSH_INTERVAL_MS after the last:
 * at most 10 UI updates a second while flooded, one per animation frame otherwise (an echo shows at once).
 */
export const BUSY_REQUESTS_PER_FLUSH = 32
export const BUSY_FLUSH_INTERVAL_MS = 100

export type FlushSchedulerOptions = {
  schedule?: Schedule
  /** Runs `run` after `ms`; tests pass a manual clock. */
  delay?: (run: () => void, ms: number) => void
  now?: () => number
}

/**
 * Coalesces any number of `request()` calls into one `flush()` per scheduled tick (an animation
 * frame in the browser), throttled to BUSY_FLUSH_INTERVAL_MS while requests pour in. Data is never
 * held here: callers append to their log first and only use this to tell the UI, so frames that
 * arrive while nothing can render still land.
 */
export function createFlushScheduler(flush: () => void, options: FlushSchedulerOptions = {}) {
  const schedule = options.schedule ?? timerSchedule
  const delay = options.delay ?? ((run: () => void, ms: number) => void setTimeout(run, ms))
  const now = options.now ?? (() => performance.now())
  let pending = false
  let requests = 0
  let busy = false
  let lastFlushAt = -Infinity
  const run = () => {
    pending = false
    busy = requests >= BUSY_REQUESTS_PER_FLUSH
    requests = 0
    lastFlushAt = now()
    flush()
  }
  return {
    request() {
      requests += 1
      if (pending) return
      pending = true
      const wait = busy ? BUSY_FLUSH_INTERVAL_MS - (now() - lastFlushAt) : 0
      if (wait > 0) delay(() => schedule(run), wait)
      else schedule(run)
    },
    isPending: () => pending,
  }
}
