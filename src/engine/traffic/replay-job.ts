import type { Frame, FrameInput } from '../frame.ts'

export type ReplayState = 'playing' | 'paused' | 'done' | 'stopped' | 'failed'

export type ReplayProgress = { played: number; total: number; state: ReplayState; error?: string }

export type ReplayJobOptions = {
  /** Frames to play, oldest first (a snapshot of the recording's log). */
  frames: readonly Frame[]
  /** Times faster than recorded; null plays as fast as possible. */
  speed: number | null
  /** Plays a batch into the target timeline (the runtime's play through the list transport). */
  play: (frames: FrameInput[]) => { ok: true } | { ok: false; error: string }
  now?: () => number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
  onProgress: (progress: ReplayProgress) => void
}

export type ReplayJob = { pause(): void; resume(): void; stop(): void }

/** Frames per task when playing as fast as possible: the runtime keeps answering in between. */
const MAX_BATCH = 2_000
/** Gaps shorter than this are played together rather than with a timer each. */
const TIMER_GRAIN_MS = 4

function restamp(frame: Frame, at: number): FrameInput {
  const { id: _id, ...rest } = frame
  if (rest.kind === 'message') {
    const { detail: _detail, ...message } = rest
    return { ...message, at }
  }
  return { ...rest, at } as FrameInput
}

/**
 * Plays a recording back into a new timeline at its original pace, N times faster, or as fast as
 * possible; pausable. Frames are stamped with the time they are replayed at, so the new timeline
 * shows the replay as it happened. Gaps are measured from the recording's times, so pausing
 * shifts the rest of the replay rather than bunching it up.
 */
export function startReplayJob(options: ReplayJobOptions): ReplayJob {
  const now = options.now ?? Date.now
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>))
  const frames = options.frames
  const total = frames.length
  const speed = options.speed !== null && options.speed > 0 && Number.isFinite(options.speed) ? options.speed : null
  const firstAt = frames[0]?.at ?? 0
  let next = 0
  let state: ReplayState = 'playing'
  let timer: unknown = null
  // The wall-clock time at which the recording's first frame counts as played.
  let origin = now()
  let pausedAt = 0

  const report = (error?: string) => options.onProgress({ played: next, total, state, ...(error ? { error } : {}) })

  const dueAt = (index: number) => origin + ((frames[index]?.at ?? firstAt) - firstAt) / (speed ?? Infinity)

  const tick = () => {
    timer = null
    if (state !== 'playing') return
    const current = now()
    const batch: FrameInput[] = []
    while (next < total && batch.length < MAX_BATCH) {
      const frame = frames[next]
      if (!frame) break
      if (speed !== null && dueAt(next) > current + TIMER_GRAIN_MS) break
      batch.push(restamp(frame, speed === null ? current : Math.max(current, dueAt(next))))
      next += 1
    }
    if (batch.length > 0) {
      const result = options.play(batch)
      if (!result.ok) {
        state = 'failed'
        report(result.error)
        return
      }
    }
    if (next >= total) {
      state = 'done'
      report()
      return
    }
    report()
    const wait = speed === null ? 0 : Math.max(0, dueAt(next) - now())
    timer = setTimer(tick, wait)
  }

  timer = setTimer(tick, 0)
  return {
    pause() {
      if (state !== 'playing') return
      state = 'paused'
      pausedAt = now()
      if (timer !== null) clearTimer(timer)
      timer = null
      report()
    },
    resume() {
      if (state !== 'paused') return
      state = 'playing'
      origin += now() - pausedAt
      report()
      timer = setTimer(tick, 0)
    },
    stop() {
      if (state !== 'playing' && state !== 'paused') return
      state = 'stopped'
      if (timer !== null) clearTimer(timer)
      timer = null
      report()
    },
  }
}
