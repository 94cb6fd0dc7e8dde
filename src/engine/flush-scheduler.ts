export type Schedule = (run: () => void) => void

/** Hidden tabs get no animation frames; a slow timer keeps counters moving there. */
const HIDDEN_FLUSH_MS = 250

export const animationFrameSchedule: Schedule = (run) => {
  if (typeof document !== 'undefined' && document.hidden) {
    setTimeout(run, HIDDEN_FLUSH_MS)
    return
  }
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
  else setTimeout(run, 16)
}

/**
 * Coalesces any number of `request()` calls into one `flush()` per scheduled tick (an animation
 * frame in the browser). Data is never held here: callers append to their log first and only use
 * this to tell the UI, so frames that arrive while nothing can render still land.
 */
export function createFlushScheduler(flush: () => void, schedule: Schedule = animationFrameSchedule) {
  let pending = false
  const run = () => {
    pending = false
    flush()
  }
  return {
    request() {
      if (pending) return
      pending = true
      schedule(run)
    },
    isPending: () => pending,
  }
}
