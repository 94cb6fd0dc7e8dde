import type { Frame, FrameOrigin, Payload } from '../frame.ts'
import { captureValue } from '../match/capture.ts'
import { compileMatcher, type CompiledMatcher } from '../match/matcher.ts'
import { expandTemplate, type TemplateScope } from '../template/template.ts'
import type { ActionResult } from '../transport.ts'
import { MAX_DELAY_MS, MIN_SCHEDULE_INTERVAL_MS, type AutoResponder, type Heartbeat, type OnOpenStep, type SendMode } from './model.ts'
import { automationPayload } from './automation-payload.ts'

/**
 * What one connection does by itself: auto-responders, a heartbeat, the on-open sequence and
 * periodic sends. Pure: the runtime hands it a host (send, notices, the clock and timers), so unit
 * tests run it on a fake clock and the headless runner runs the very same code.
 *
 * Nothing here outlives the connection's session: closed() and dispose() cancel every timer.
 */

/** A setTimeout-like scheduler; tests pass a fake one. */
export type AutomationTimers = {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const PLATFORM_TIMERS: AutomationTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** A saved message as automation sends it; a Socket.IO emit comes already encoded as its text. */
export type AutomationMessage = { id: string; name: string; text: string; mode: SendMode }

export type AutomationConfig = {
  autoResponders?: readonly AutoResponder[]
  heartbeat?: Heartbeat
  onOpen?: readonly OnOpenStep[]
  /** What the on-open steps' savedMessageId refer to. */
  savedMessages?: readonly AutomationMessage[]
}

export type ScheduleSpec = { text: string; mode: SendMode; everyMs: number; count?: number }

export type ScheduleStart = { ok: true; scheduleId: string } | { ok: false; error: string }

export type RuleState = {
  id: string
  name: string
  /** Incoming frames this rule matched (first match wins, so a frame counts for one rule at most). */
  hits: number
  /** Replies that went out. */
  replies: number
  lastError: string | null
  /** Stopped by the rate cap until the rule is edited or switched off and on again. */
  paused: boolean
}

export type ScheduleState = { id: string; text: string; everyMs: number; sent: number; remaining: number | null }

/** Plain data for the connection's snapshot. */
export type AutomationState = {
  rules: RuleState[]
  heartbeat: { active: boolean; intervalMs: number; sent: number } | null
  onOpen: { running: boolean; sent: number; total: number } | null
  schedules: ScheduleState[]
}

export type AutomationHost = {
  send(payload: Payload, origin: FrameOrigin, name?: string): ActionResult
  notice(message: string): void
  /** The state changed: the runtime announces a new snapshot. */
  changed(): void
  isOpen(): boolean
  /** The connection's transport kind ('socket.io' sends `["event", ...args]` as an emit). */
  transport(): string
  variables(): ReadonlyMap<string, string>
  timers: AutomationTimers
  now(): number
  uuid?: () => string
  random?: () => number
}

export type Automation = {
  configure(config: AutomationConfig): void
  /** The session opened (every open, automatic reconnects included). */
  opened(): void
  /** The session closed or went away: every timer stops. */
  closed(): void
  /** Every recorded frame; only incoming messages are looked at. */
  frame(frame: Frame): void
  startSchedule(spec: ScheduleSpec): ScheduleStart
  stopSchedule(scheduleId: string): ActionResult
  state(): AutomationState
  /** True when nothing is configured or running: the runtime may drop it. */
  idle(): boolean
  dispose(): void
}

/**
 * The loop guard. A rule that matches its own reply on an echo server answers itself at round-trip
 * speed: hundreds to thousands of replies a second on a local server. Servers people answer by
 * hand or by rule (pings, tickers, chat) push at most a few messages a second (the demo ticker: 2).
 * 20 replies within one second is ten times the ticker and far below any loop, so a loop is
 * stopped after at most 20 replies, within a second, and an honest rule never trips it.
 */
export const RULE_RATE_CAP = 20
export const RULE_RATE_WINDOW_MS = 1000
/** Delayed replies waiting per rule: a burst of matches with a long delay must not pile up timers. */
export const MAX_PENDING_REPLIES = 100
export const MAX_SCHEDULES = 16
export const MAX_SCHEDULE_COUNT = 1_000_000

type RuleEntry = {
  rule: AutoResponder
  key: string
  matcher: CompiledMatcher | null
  state: RuleState
  /** Times of the latest replies, for the rate cap (at most RULE_RATE_CAP kept). */
  recent: number[]
  pending: Set<unknown>
}

type Running = { id: string; spec: ScheduleSpec; startedAt: number; sent: number; timer: unknown }

export function createAutomation(host: AutomationHost): Automation {
  const timers = host.timers
  let rules: RuleEntry[] = []
  let config: AutomationConfig = {}
  let heartbeat: { spec: Heartbeat; key: string; timer: unknown; sent: number } | null = null
  let heartbeatKey = ''
  let onOpen: { timer: unknown; index: number; sent: number; total: number } | null = null
  const schedules = new Map<string, Running>()
  let nextSchedule = 0
  let counter = 0
  let disposed = false

  /** `check`: a trial expansion that leaves `{{$counter}}` where it was. */
  const scope = (extra?: ReadonlyMap<string, string>, check = false): TemplateScope => {
    const base = host.variables()
    let variables = base
    if (extra && extra.size > 0) {
      const merged = new Map(base)
      for (const [name, value] of extra) merged.set(name, value)
      variables = merged
    }
    return {
      variables,
      now: host.now,
      uuid: host.uuid ?? (() => globalThis.crypto.randomUUID()),
      random: host.random ?? Math.random,
      nextCounter: () => {
        if (check) return counter + 1
        counter += 1
        return counter
      },
    }
  }

  /** Expands and encodes a text; the error says what stopped it. */
  const prepare = (text: string, mode: SendMode, extra?: ReadonlyMap<string, string>, check = false): { ok: true; payload: Payload } | { ok: false; error: string } => {
    const expanded = expandTemplate(text, scope(extra, check))
    if (!expanded.ok) return { ok: false, error: expanded.error }
    return automationPayload(expanded.text, mode, host.transport())
  }

  function compileRules(list: readonly AutoResponder[]): RuleEntry[] {
    const previous = new Map(rules.map((entry) => [entry.rule.id, entry]))
    return list.map((rule) => {
      const key = JSON.stringify(rule)
      const before = previous.get(rule.id)
      if (before && before.key === key) return before
      // Replies are for what the server sent: the direction is forced, so a rule never answers itself.
      const compiled = compileMatcher({ ...rule.match, direction: 'in' })
      for (const timer of before?.pending ?? []) timers.clearTimeout(timer)
      return {
        rule,
        key,
        matcher: compiled.ok ? compiled.matcher : null,
        // Hit counts survive an edit; a pause does not (editing or re-enabling is how the user resumes).
        state: { id: rule.id, name: rule.name, hits: before?.state.hits ?? 0, replies: before?.state.replies ?? 0, lastError: compiled.ok ? null : compiled.error, paused: false },
        recent: [],
        pending: new Set(),
      }
    })
  }

  function fail(entry: RuleEntry, error: string): void {
    entry.state.lastError = error
    host.notice(`Auto-responder "${entry.rule.name}" did not reply: ${error}`)
    host.changed()
  }

  function answer(entry: RuleEntry, frame: Frame): void {
    const at = host.now()
    entry.state.hits += 1
    host.changed()
    const recent = entry.recent.filter((time) => at - time < RULE_RATE_WINDOW_MS)
    entry.recent = recent
    if (recent.length >= RULE_RATE_CAP || entry.pending.size >= MAX_PENDING_REPLIES) {
      entry.state.paused = true
      entry.state.lastError = `Paused after ${RULE_RATE_CAP} replies within ${RULE_RATE_WINDOW_MS / 1000} s: it may be answering its own echo. Edit the rule or switch it off and on to resume.`
      for (const timer of entry.pending) timers.clearTimeout(timer)
      entry.pending.clear()
      host.notice(`Auto-responder "${entry.rule.name}" paused: ${RULE_RATE_CAP} replies within ${RULE_RATE_WINDOW_MS / 1000} s, it may be answering its own echo.`)
      return
    }
    recent.push(at)
    const captured = new Map<string, string>()
    for (const capture of entry.rule.captures ?? []) {
      const value = captureValue(frame, capture)
      if (!value.ok) return fail(entry, value.error)
      captured.set(capture.variable, value.value)
    }
    const prepared = prepare(entry.rule.reply.text, entry.rule.reply.mode, captured)
    if (!prepared.ok) return fail(entry, prepared.error)
    const send = () => {
      if (!host.isOpen()) return
      const result = host.send(prepared.payload, 'auto-responder', entry.rule.name)
      if (result.ok) {
        entry.state.replies += 1
        entry.state.lastError = null
      } else entry.state.lastError = result.error
      host.changed()
    }
    // Always through the scheduler, even without a delay: the reply follows the frame it answers,
    // never interleaves with the recording of it.
    const timer = timers.setTimeout(() => {
      entry.pending.delete(timer)
      send()
    }, entry.rule.delayMs)
    entry.pending.add(timer)
  }

  function startHeartbeat(): void {
    stopHeartbeat()
    const spec = config.heartbeat
    if (!spec?.enabled || !host.isOpen()) return
    const intervalMs = Math.max(MIN_SCHEDULE_INTERVAL_MS, spec.intervalMs)
    const beat = { spec, key: heartbeatKey, timer: undefined as unknown, sent: 0 }
    const tick = () => {
      if (heartbeat !== beat) return
      const prepared = prepare(spec.text, spec.mode)
      if (!prepared.ok) {
        host.notice(`Heartbeat stopped: ${prepared.error}`)
        stopHeartbeat()
        host.changed()
        return
      }
      if (host.send(prepared.payload, 'heartbeat').ok) beat.sent += 1
      host.changed()
      beat.timer = timers.setTimeout(tick, intervalMs)
    }
    heartbeat = beat
    beat.timer = timers.setTimeout(tick, intervalMs)
    host.changed()
  }

  function stopHeartbeat(): void {
    if (!heartbeat) return
    timers.clearTimeout(heartbeat.timer)
    heartbeat = null
    host.changed()
  }

  function message(step: OnOpenStep): { text: string; mode: SendMode } | null {
    if ('savedMessageId' in step) {
      const saved = config.savedMessages?.find((m) => m.id === step.savedMessageId)
      return saved ? { text: saved.text, mode: saved.mode } : null
    }
    return { text: step.text, mode: step.mode }
  }

  function startOnOpen(): void {
    stopOnOpen()
    const steps = config.onOpen ?? []
    if (steps.length === 0) return
    const run = { timer: undefined as unknown, index: 0, sent: 0, total: steps.length }
    const next = () => {
      if (onOpen !== run) return
      const step = steps[run.index]
      if (!step) {
        onOpen = null
        host.changed()
        return
      }
      run.timer = timers.setTimeout(() => {
        if (onOpen !== run) return
        const number = run.index + 1
        run.index += 1
        const chosen = message(step)
        if (!chosen) host.notice(`On-open step ${number} skipped: its saved message no longer exists.`)
        else {
          const prepared = prepare(chosen.text, chosen.mode)
          if (!prepared.ok) host.notice(`On-open step ${number} not sent: ${prepared.error}`)
          else if (host.send(prepared.payload, 'on-open').ok) run.sent += 1
        }
        host.changed()
        next()
      }, step.delayMs)
    }
    onOpen = run
    host.changed()
    next()
  }

  function stopOnOpen(): void {
    if (!onOpen) return
    timers.clearTimeout(onOpen.timer)
    onOpen = null
    host.changed()
  }

  function endSchedule(running: Running, why?: string): void {
    timers.clearTimeout(running.timer)
    if (!schedules.delete(running.id)) return
    if (why) host.notice(why)
    host.changed()
  }

  function scheduleTick(running: Running): void {
    if (schedules.get(running.id) !== running) return
    const prepared = prepare(running.spec.text, running.spec.mode)
    if (!prepared.ok) return endSchedule(running, `Periodic send stopped: ${prepared.error}`)
    const result = host.send(prepared.payload, 'schedule')
    if (!result.ok) return endSchedule(running, `Periodic send stopped: ${result.error}`)
    running.sent += 1
    host.changed()
    if (running.spec.count !== undefined && running.sent >= running.spec.count) return endSchedule(running)
    // Anchored to the start, so the sends keep their pace however late one timer fired.
    const due = running.startedAt + running.sent * running.spec.everyMs
    running.timer = timers.setTimeout(() => scheduleTick(running), Math.max(0, due - host.now()))
  }

  function cancelReplies(): void {
    for (const entry of rules) {
      for (const timer of entry.pending) timers.clearTimeout(timer)
      entry.pending.clear()
    }
  }

  function stopAll(): void {
    stopHeartbeat()
    stopOnOpen()
    cancelReplies()
    const count = schedules.size
    for (const running of [...schedules.values()]) endSchedule(running)
    if (count > 0) host.notice(`${count === 1 ? 'A periodic send' : `${count} periodic sends`} stopped: the connection closed.`)
  }

  return {
    configure(next) {
      if (disposed) return
      config = next
      rules = compileRules(next.autoResponders ?? [])
      const key = JSON.stringify(next.heartbeat ?? null)
      if (key !== heartbeatKey) {
        heartbeatKey = key
        // A changed heartbeat takes effect now, with a full interval before its first beat.
        if (host.isOpen()) startHeartbeat()
      }
      host.changed()
    },

    opened() {
      if (disposed) return
      for (const entry of rules) entry.recent = []
      startHeartbeat()
      startOnOpen()
    },

    closed: stopAll,

    frame(frame) {
      if (frame.kind !== 'message' || frame.direction !== 'in' || rules.length === 0) return
      for (const entry of rules) {
        if (!entry.rule.enabled || entry.state.paused || !entry.matcher) continue
        if (!entry.matcher.test(frame).matched) continue
        answer(entry, frame)
        return
      }
    },

    startSchedule(spec) {
      if (disposed || !host.isOpen()) return { ok: false, error: 'Not started: connect first.' }
      if (!Number.isInteger(spec.everyMs) || spec.everyMs < MIN_SCHEDULE_INTERVAL_MS || spec.everyMs > MAX_DELAY_MS) {
        return { ok: false, error: `Not started: the interval must be a whole number of milliseconds from ${MIN_SCHEDULE_INTERVAL_MS} to ${MAX_DELAY_MS}.` }
      }
      if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1 || spec.count > MAX_SCHEDULE_COUNT)) {
        return { ok: false, error: `Not started: the count must be a whole number from 1 to ${MAX_SCHEDULE_COUNT}, or empty for no end.` }
      }
      if (schedules.size >= MAX_SCHEDULES) return { ok: false, error: `Not started: ${MAX_SCHEDULES} periodic sends are already running on this connection.` }
      // Checked before anything runs, so a typo is refused here instead of stopping the schedule later.
      const check = prepare(spec.text, spec.mode, undefined, true)
      if (!check.ok) return { ok: false, error: check.error.startsWith('Not sent') ? check.error.replace('Not sent', 'Not started') : `Not started: ${check.error}` }
      nextSchedule += 1
      const running: Running = { id: `schedule-${nextSchedule}`, spec: { ...spec }, startedAt: host.now(), sent: 0, timer: undefined }
      schedules.set(running.id, running)
      // The first send goes now: the user pressed Start to send.
      scheduleTick(running)
      return { ok: true, scheduleId: running.id }
    },

    stopSchedule(scheduleId) {
      const running = schedules.get(scheduleId)
      if (!running) return { ok: false, error: 'That periodic send is no longer running.' }
      endSchedule(running)
      return { ok: true }
    },

    state() {
      return {
        rules: rules.map((entry) => ({ ...entry.state })),
        heartbeat: config.heartbeat?.enabled ? { active: heartbeat !== null, intervalMs: config.heartbeat.intervalMs, sent: heartbeat?.sent ?? 0 } : null,
        onOpen: (config.onOpen?.length ?? 0) > 0 ? { running: onOpen !== null, sent: onOpen?.sent ?? 0, total: config.onOpen?.length ?? 0 } : null,
        schedules: [...schedules.values()].map((running) => ({
          id: running.id,
          text: running.spec.text,
          everyMs: running.spec.everyMs,
          sent: running.sent,
          remaining: running.spec.count === undefined ? null : running.spec.count - running.sent,
        })),
      }
    },

    idle: () => rules.length === 0 && !config.heartbeat && (config.onOpen?.length ?? 0) === 0 && schedules.size === 0,

    dispose() {
      if (disposed) return
      stopHeartbeat()
      stopOnOpen()
      cancelReplies()
      for (const running of schedules.values()) timers.clearTimeout(running.timer)
      schedules.clear()
      disposed = true
    },
  }
}
