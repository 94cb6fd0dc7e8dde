/**
 * Opt-in automatic reconnect: capped exponential backoff with jitter (docs/reliability.md R5, §3.8).
 *
 * Why jitter at all: when a server restarts, every client that lost it retries; identical
 * deterministic delays make them all knock at the same instants and can knock it over again
 * (coder/coder#24096 needed ±30 % jitter to stop exactly that). Why a cap on attempts: each failed
 * handshake also slows every other handshake in the same Chromium renderer (its WebSocket
 * throttler counts recent failures), so a dead server must not be hammered forever.
 */

/** The first retry waits about this long. */
export const RECONNECT_BASE_DELAY_MS = 1_000
/** Each further attempt waits this many times longer than the one before. */
export const RECONNECT_MULTIPLIER = 2
/** The backoff stops growing here; jitter still spreads it (see nextDelay). */
export const RECONNECT_MAX_DELAY_MS = 30_000
/** ±30 %: every delay is drawn uniformly from [0.7, 1.3] × the nominal delay. */
export const RECONNECT_JITTER = 0.3
/** After this many failed attempts in a row Frameline stops and says so. */
export const RECONNECT_MAX_ATTEMPTS = 10
/**
 * A connection that stays open this long counts as healthy again and the attempt counter goes back
 * to zero. Shorter lives keep counting, so a server that accepts and drops at once cannot make
 * Frameline retry every second forever.
 */
export const RECONNECT_STABLE_RESET_MS = 60_000

export type ReconnectTiming = {
  baseDelayMs: number
  multiplier: number
  maxDelayMs: number
  /** Fraction of the nominal delay, 0 ≤ jitter < 1. */
  jitter: number
  maxAttempts: number
  stableResetMs: number
}

export const DEFAULT_RECONNECT_TIMING: Readonly<ReconnectTiming> = Object.freeze({
  baseDelayMs: RECONNECT_BASE_DELAY_MS,
  multiplier: RECONNECT_MULTIPLIER,
  maxDelayMs: RECONNECT_MAX_DELAY_MS,
  jitter: RECONNECT_JITTER,
  maxAttempts: RECONNECT_MAX_ATTEMPTS,
  stableResetMs: RECONNECT_STABLE_RESET_MS,
})

/**
 * The wait before attempt number `attempt` (1 for the first retry), in whole milliseconds.
 * `random` is one draw from [0, 1): 0 gives the shortest delay, 0.5 the nominal one.
 *
 * The cap applies to the nominal delay and the jitter to the capped value, as in gRPC's connection
 * backoff (grpc/grpc doc/connection-backoff.md): capped retries land between 21 s and 39 s.
 * Clamping after the jitter instead would put half of all capped retries at exactly 30 s, the
 * synchronised knocking that jitter exists to prevent.
 *
 * @example
 * nextDelay(1, 0.5) // 1000
 * nextDelay(3, 0)   // 2800 (4 s − 30 %)
 * nextDelay(9, 0.5) // 30000 (256 s, capped)
 */
export function nextDelay(attempt: number, random: number, timing: ReconnectTiming = DEFAULT_RECONNECT_TIMING): number {
  const step = Math.max(0, Math.floor(attempt) - 1)
  // Capped before exponentiating too far: 2 ** 1100 is Infinity, which would still cap, but a
  // huge attempt number must not depend on that.
  const growth = Math.pow(timing.multiplier, Math.min(step, 64))
  const nominal = Math.min(timing.maxDelayMs, timing.baseDelayMs * growth)
  const draw = Math.min(Math.max(random, 0), 1)
  return Math.round(nominal * (1 + timing.jitter * (2 * draw - 1)))
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

/**
 * The policy in one sentence for the UI, from the same numbers the scheduler uses.
 *
 * @example
 * describeReconnectPolicy() // "waits 1 s, then 2 s, 4 s … up to 30 s (±30 %), at most 10 attempts in a row"
 */
export function describeReconnectPolicy(timing: ReconnectTiming = DEFAULT_RECONNECT_TIMING): string {
  const second = Math.min(timing.maxDelayMs, timing.baseDelayMs * timing.multiplier)
  const third = Math.min(timing.maxDelayMs, second * timing.multiplier)
  return (
    `waits ${seconds(timing.baseDelayMs)}, then ${seconds(second)}, ${seconds(third)} … up to ${seconds(timing.maxDelayMs)} ` +
    `(±${Math.round(timing.jitter * 100)} %), at most ${timing.maxAttempts} attempts in a row`
  )
}

/** The subset of the global timer API the scheduler uses; tests pass fakes. */
export type ReconnectTimers = {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const GLOBAL_TIMERS: ReconnectTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export type PendingRetry = {
  /** 1-based number of the attempt that will run. */
  attempt: number
  maxAttempts: number
  delayMs: number
  /** When it runs, on the scheduler's clock (milliseconds since the epoch by default). */
  at: number
}

export type ScheduleOutcome = ({ kind: 'scheduled' } & PendingRetry) | { kind: 'exhausted'; attempts: number }

export type ReconnectScheduler = {
  /**
   * Call when the connection dropped without the user asking. Arms at most one retry (a retry
   * already pending is replaced, never doubled) or reports that the attempts have run out.
   */
  schedule(run: () => void): ScheduleOutcome
  /**
   * Call when a connection opened: drops a retry still waiting, and resets the counter once the
   * connection has stayed open for the stable period.
   */
  opened(): void
  /** Drops any pending retry and the stable-period timer, and forgets the attempts made. */
  reset(): void
  /** The retry waiting to run, or null. */
  pending(): PendingRetry | null
  /** Attempts scheduled since the last reset. */
  attempts(): number
}

export type ReconnectSchedulerOptions = {
  timing?: ReconnectTiming
  /** Uniform draws from [0, 1). */
  random?: () => number
  now?: () => number
  timers?: ReconnectTimers
}

/**
 * One scheduler per saved connection. It only decides when; the caller opens the socket in `run`,
 * so the engine's one-session-per-connection rule keeps a single handshake pending.
 *
 * @example
 * const retries = createReconnectScheduler()
 * const outcome = retries.schedule(() => connectAgain())
 * if (outcome.kind === 'exhausted') say('gave up')
 */
export function createReconnectScheduler(options: ReconnectSchedulerOptions = {}): ReconnectScheduler {
  const timing = options.timing ?? DEFAULT_RECONNECT_TIMING
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const timers = options.timers ?? GLOBAL_TIMERS

  let attempts = 0
  let pending: PendingRetry | null = null
  let retryHandle: unknown = undefined
  let stableHandle: unknown = undefined

  const cancelRetry = () => {
    if (retryHandle !== undefined) timers.clearTimeout(retryHandle)
    retryHandle = undefined
    pending = null
  }
  const cancelStable = () => {
    if (stableHandle !== undefined) timers.clearTimeout(stableHandle)
    stableHandle = undefined
  }

  return {
    schedule(run) {
      cancelRetry()
      // A drop before the stable period ended: the attempts so far still count.
      cancelStable()
      if (attempts >= timing.maxAttempts) return { kind: 'exhausted', attempts }
      attempts += 1
      const delayMs = nextDelay(attempts, random(), timing)
      const retry: PendingRetry = { attempt: attempts, maxAttempts: timing.maxAttempts, delayMs, at: now() + delayMs }
      pending = retry
      retryHandle = timers.setTimeout(() => {
        retryHandle = undefined
        pending = null
        run()
      }, delayMs)
      return { kind: 'scheduled', ...retry }
    },

    opened() {
      // Open now, so a retry still waiting has nothing left to do.
      cancelRetry()
      cancelStable()
      stableHandle = timers.setTimeout(() => {
        stableHandle = undefined
        attempts = 0
      }, timing.stableResetMs)
    },

    reset() {
      cancelRetry()
      cancelStable()
      attempts = 0
    },

    pending: () => pending,
    attempts: () => attempts,
  }
}
