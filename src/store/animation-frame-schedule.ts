import type { Schedule } from '../engine/flush-scheduler.ts'

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
