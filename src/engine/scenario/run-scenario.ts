import type { Frame, Payload } from '../frame.ts'
import { compileMatcher, type CompiledMatcher } from '../match/matcher.ts'
import { captureValue } from '../match/capture.ts'
import { expandTemplate, type Expansion, type TemplateScope } from '../template/template.ts'
import { maskSecrets } from '../template/variables.ts'
import type { ActionResult } from '../transport.ts'
import { frameSummary } from '../view/frame-summary.ts'
import { describeStep } from './describe-step.ts'
import { DEFAULT_CONNECT_TIMEOUT_MS, type Scenario, type ScenarioStep } from './model.ts'
import type { FailureKind, FrameNote, ScenarioReport, StepReport } from './report.ts'
import type { SendMode } from '../automation/model.ts'

/**
 * Runs one scenario against live connections. Framework-free: the browser runs it next to the
 * runtime in the Worker, the headless runner in Node, the tests on a fake clock. The host gives
 * it a context (open, send, close, frames, a clock); every wait has a deadline, so a run always ends.
 */

export type ScenarioClock = {
  now(): number
  /** Runs fn after ms; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void
}

/** A message as the user saved it: text, mode, and for Socket.IO an emit. */
export type SendableMessage = { text: string; mode: SendMode; emit?: { event: string; args: { type: SendMode; text: string }[]; ack: boolean; ackTimeoutMs?: number } }

export type ScenarioContext = {
  clock: ScenarioClock
  /** Variables in effect for the run (workspace, environment, --var); captures are added on top. */
  variables: ReadonlyMap<string, string>
  /** Values masked in everything the report says. */
  secrets?: readonly string[]
  uuid(): string
  random(): number
  /** Display name of a connection, or undefined when the workspace has no such connection. */
  connectionName(id: string): string | undefined
  savedMessage(id: string): SendableMessage | undefined
  /** Expands the connection's own settings (URL, subprotocols, headers) with `expand` and opens it. */
  connect(connectionId: string, expand: (text: string) => Expansion): ActionResult
  /** Turns a message into what goes on the wire, each text expanded with `expand`. */
  prepare(message: SendableMessage, expand: (text: string) => Expansion): { ok: true; payload: Payload } | { ok: false; error: string }
  /** `scenario` names the run, so the timeline can mark the frame as sent by it. */
  send(connectionId: string, payload: Payload, scenario?: string): ActionResult
  close(connectionId: string, code?: number, reason?: string): ActionResult
  isOpen(connectionId: string): boolean
  onFrame(connectionId: string, listener: (frame: Frame) => void): () => void
}

export type RunOptions = {
  onProgress?: (report: ScenarioReport) => void
  signal?: AbortSignal
  /** A bound on the whole scenario, on top of each step's own. */
  timeoutMs?: number
}

type Entry = { connection: string; frame: Frame }

/** Frames kept for matching; older ones are dropped from the front (a flood cannot grow memory without bound). */
const MAX_BUFFERED_FRAMES = 50_000
const CLOSE_WAIT_MS = 5_000
const NOTES_AROUND_FAILURE = 8
const PREVIEW_CHARS = 160

class StepFailure extends Error {
  readonly kind: FailureKind
  readonly frames?: FrameNote[]
  constructor(message: string, kind: FailureKind, frames?: FrameNote[]) {
    super(message)
    this.kind = kind
    if (frames) this.frames = frames
  }
}

export async function runScenario(scenario: Scenario, context: ScenarioContext, options: RunOptions = {}): Promise<ScenarioReport> {
  const { clock } = context
  const mask = (text: string) => (context.secrets && context.secrets.length > 0 ? maskSecrets(text, context.secrets) : text)
  const nameOf = (id: string | undefined) => context.connectionName(id ?? scenario.connection) ?? id ?? scenario.connection
  const report: ScenarioReport = {
    id: scenario.id,
    name: scenario.name,
    status: 'running',
    startedAt: clock.now(),
    durationMs: 0,
    steps: scenario.steps.map((step, index) => ({ index, type: step.type, label: mask(describeStep(step, nameOf)), status: 'pending' })),
    captured: {},
  }
  const progress = () => options.onProgress?.(structuredClone(report))

  // Every connection a step names is watched from the start, so no frame falls between two steps.
  const entries: Entry[] = []
  let dropped = 0
  let wake: (() => void) | null = null
  const watched = new Set<string>([scenario.connection])
  for (const step of scenario.steps) if ('connection' in step && step.connection) watched.add(step.connection)
  const unsubscribes: (() => void)[] = []
  for (const id of watched) {
    unsubscribes.push(
      context.onFrame(id, (frame) => {
        entries.push({ connection: id, frame })
        if (entries.length > MAX_BUFFERED_FRAMES) {
          const excess = entries.length - MAX_BUFFERED_FRAMES
          entries.splice(0, excess)
          dropped += excess
        }
        wake?.()
      }),
    )
  }
  // Positions are absolute (dropped frames included), so cursors survive the front being trimmed.
  const entryAt = (position: number) => entries[position - dropped]
  const end = () => dropped + entries.length
  let cursor = 0
  let lastMatch: Frame | undefined

  const variables = new Map(context.variables)
  const counters = new Map<string, number>()
  const scopeFor = (connection: string): TemplateScope => ({
    variables,
    now: () => clock.now(),
    uuid: () => context.uuid(),
    random: () => context.random(),
    nextCounter: () => {
      const next = (counters.get(connection) ?? 0) + 1
      counters.set(connection, next)
      return next
    },
  })
  const expanderFor = (connection: string) => {
    const scope = scopeFor(connection)
    return (text: string) => expandTemplate(text, scope)
  }
  const opened = new Set<string>()

  let aborted: string | null = null
  const onAbort = () => {
    aborted = 'The run was cancelled.'
    wake?.()
  }
  options.signal?.addEventListener('abort', onAbort)
  let cancelOverall: (() => void) | null = null
  if (options.timeoutMs !== undefined) {
    cancelOverall = clock.setTimeout(() => {
      aborted = `The scenario took longer than its ${options.timeoutMs} ms limit.`
      wake?.()
    }, options.timeoutMs)
  }

  /**
   * Waits until `check` says done, or the deadline passes (`onDeadline` decides), re-checking on
   * every frame. The only way a step waits, so every wait is bounded.
   */
  const waitFor = <T>(check: () => T | undefined, ms: number, onDeadline: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let settled = false
      const finish = (value: T | Error) => {
        if (settled) return
        settled = true
        wake = null
        cancel()
        if (value instanceof Error) reject(value)
        else resolve(value)
      }
      const cancel = clock.setTimeout(() => {
        try {
          finish(onDeadline())
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)))
        }
      }, ms)
      wake = () => {
        if (aborted) return finish(new StepFailure(aborted, aborted.startsWith('The run was cancelled') ? 'cancelled' : 'timeout'))
        try {
          const value = check()
          if (value !== undefined) finish(value)
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)))
        }
      }
      wake()
    })

  const note = (entry: Entry, extra: Partial<FrameNote> = {}): FrameNote => {
    const frame = entry.frame
    return {
      at: frame.at,
      connection: nameOf(entry.connection),
      direction: frame.kind === 'message' ? frame.direction : 'system',
      kind: frame.kind,
      preview: mask(clip(frameSummary(frame))),
      ...extra,
      ...(extra.reason ? { reason: mask(extra.reason) } : {}),
    }
  }
  const framesAround = (connection: string, from: number, reasons?: ReadonlyMap<number, string>): FrameNote[] => {
    const notes: FrameNote[] = []
    for (let position = end() - 1; position >= Math.max(from, dropped) && notes.length < NOTES_AROUND_FAILURE; position--) {
      const entry = entryAt(position)
      const reason = reasons?.get(position)
      if (entry && entry.connection === connection) notes.unshift(note(entry, reason === undefined ? {} : { reason, matched: false }))
    }
    return notes
  }

  const runStep = async (step: ScenarioStep, result: StepReport): Promise<void> => {
    const connection = ('connection' in step && step.connection) || scenario.connection
    switch (step.type) {
      case 'connect': {
        if (context.isOpen(connection)) {
          result.message = 'already open'
          return
        }
        const from = end()
        const started = context.connect(connection, expanderFor(connection))
        if (!started.ok) throw new StepFailure(`Could not connect ${nameOf(connection)}: ${started.error}`, 'connect')
        opened.add(connection)
        const timeout = step.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
        let scanned = from
        await waitFor(
          () => {
            for (; scanned < end(); scanned++) {
              const entry = entryAt(scanned)
              if (!entry || entry.connection !== connection) continue
              if (entry.frame.kind === 'open') return true
              if (entry.frame.kind === 'close') {
                throw new StepFailure(`Could not connect ${nameOf(connection)}: closed with ${entry.frame.code} (${shortMeaning(entry.frame.meaning)})${entry.frame.reason ? `: ${entry.frame.reason}` : ''}.`, 'connect', framesAround(connection, from))
              }
            }
            return undefined
          },
          timeout,
          () => {
            throw new StepFailure(`Could not connect ${nameOf(connection)}: not open after ${timeout} ms.`, 'connect', framesAround(connection, from))
          },
        )
        return
      }
      case 'send': {
        const message: SendableMessage | undefined = 'savedMessageId' in step ? context.savedMessage(step.savedMessageId) : { text: step.text, mode: step.mode }
        if (!message) throw new StepFailure(`No saved message "${'savedMessageId' in step ? step.savedMessageId : ''}".`, 'step')
        const prepared = context.prepare(message, expanderFor(connection))
        if (!prepared.ok) throw new StepFailure(prepared.error, 'step')
        const sent = context.send(connection, prepared.payload, scenario.name)
        if (!sent.ok) throw new StepFailure(`Not sent on ${nameOf(connection)}: ${sent.error}`, 'step')
        return
      }
      case 'wait':
        await waitFor(() => undefined, step.ms, () => true)
        return
      case 'expect': {
        const compiled = compileMatcher(step.match)
        if (!compiled.ok) throw new StepFailure(compiled.error, 'step')
        const outcome = await expectFrames(step, connection, compiled.matcher)
        result.message = outcome.message
        result.frames = outcome.frames
        return
      }
      case 'capture': {
        if (!lastMatch) throw new StepFailure('Nothing to capture from: no expectation has matched a frame yet.', 'step')
        const value = captureValue(lastMatch, step)
        if (!value.ok) throw new StepFailure(value.error, 'step')
        variables.set(step.variable, value.value)
        report.captured[step.variable] = mask(value.value)
        result.message = `{{${step.variable}}} = ${mask(clip(value.value))}`
        return
      }
      case 'expectClose': {
        const from = cursor
        let scanned = from
        const frame = await waitFor(
          () => {
            for (; scanned < end(); scanned++) {
              const entry = entryAt(scanned)
              if (entry && entry.connection === connection && entry.frame.kind === 'close') return entry.frame
            }
            return undefined
          },
          step.withinMs,
          () => {
            throw new StepFailure(`${nameOf(connection)} did not close within ${step.withinMs} ms.`, 'expectation', framesAround(connection, from))
          },
        )
        cursor = scanned + 1
        if (frame.kind === 'close' && step.code !== undefined && frame.code !== step.code) {
          throw new StepFailure(`${nameOf(connection)} closed with ${frame.code} (${frame.meaning}), expected ${step.code}.`, 'expectation', framesAround(connection, from))
        }
        if (frame.kind === 'close') result.message = `closed with ${frame.code}${frame.reason ? ` (${mask(frame.reason)})` : ''}`
        return
      }
      case 'close': {
        if (!context.isOpen(connection)) {
          result.message = 'already closed'
          return
        }
        const from = end()
        const closed = context.close(connection, step.code, step.reason)
        if (!closed.ok) throw new StepFailure(closed.error, 'step')
        let scanned = from
        await waitFor(
          () => {
            for (; scanned < end(); scanned++) {
              const entry = entryAt(scanned)
              if (entry && entry.connection === connection && entry.frame.kind === 'close') return true
            }
            return undefined
          },
          CLOSE_WAIT_MS,
          () => {
            throw new StepFailure(`${nameOf(connection)} did not finish closing within ${CLOSE_WAIT_MS} ms.`, 'step')
          },
        )
        return
      }
    }
  }

  const expectFrames = (step: Extract<ScenarioStep, { type: 'expect' }>, connection: string, matcher: CompiledMatcher): Promise<{ message: string; frames?: FrameNote[] }> => {
    const times = step.times ?? { mode: 'atLeast' as const, count: 1 }
    const wanted = times.mode === 'none' ? 0 : times.count
    const from = cursor
    let scanned = Math.max(from, dropped)
    const matches: { position: number; frame: Frame }[] = []
    // Why each frame missed, by position (two frames can share a time and a preview: an echo).
    const misses = new Map<number, string>()
    let lastMiss = ''
    let closedAt: Frame | undefined
    const failure = (message: string) => new StepFailure(message, 'expectation', framesAround(connection, from, misses))
    const scan = () => {
      for (; scanned < end(); scanned++) {
        const entry = entryAt(scanned)
        if (!entry || entry.connection !== connection) continue
        const result = matcher.test(entry.frame)
        if (result.matched) {
          matches.push({ position: scanned, frame: entry.frame })
          if (times.mode === 'atLeast' && matches.length >= wanted) {
            scanned += 1
            return
          }
        } else {
          misses.set(scanned, result.reason)
          lastMiss = result.reason
          // Only the last few are ever shown; a flood must not grow this map.
          if (misses.size > NOTES_AROUND_FAILURE * 4) misses.delete(misses.keys().next().value as number)
        }
        if (entry.frame.kind === 'close' && (step.match.kind ?? 'message') !== 'close') closedAt = entry.frame
      }
    }
    const finishWith = (message: string) => {
      cursor = scanned
      const last = matches.at(-1)
      if (last) lastMatch = last.frame
      const lastEntry = last ? entryAt(last.position) : undefined
      return { message, ...(lastEntry ? { frames: [note(lastEntry, { matched: true })] } : {}) }
    }
    return waitFor(
      () => {
        scan()
        if (times.mode === 'none' && matches.length > 0) {
          const first = matches[0]
          const entry = first ? entryAt(first.position) : undefined
          throw new StepFailure(`A frame matched although none should have: ${entry ? note(entry).preview : ''}`, 'expectation', entry ? [note(entry, { matched: true })] : undefined)
        }
        if (times.mode === 'exactly' && matches.length > wanted) throw failure(`${matches.length} frames matched, expected exactly ${wanted}.`)
        if (times.mode === 'atLeast' && matches.length >= wanted) return finishWith(`${matches.length} matched`)
        if (closedAt && closedAt.kind === 'close' && times.mode !== 'none' && matches.length < wanted) {
          throw failure(`${nameOf(connection)} closed (${closedAt.code} ${closedAt.meaning}) after ${matches.length} of ${wanted} matching frames.`)
        }
        return undefined
      },
      step.withinMs,
      () => {
        scan()
        if (times.mode === 'none') return finishWith('nothing matched, as expected')
        if (times.mode === 'exactly' && matches.length === wanted) return finishWith(`exactly ${wanted} matched`)
        const why = lastMiss !== '' ? ` The nearest miss: ${lastMiss}.` : matches.length === 0 ? ' No frames arrived on this connection in that time.' : ''
        throw failure(`${matches.length} of ${times.mode === 'exactly' ? 'exactly' : 'at least'} ${wanted} matching frames within ${step.withinMs} ms.${why}`)
      },
    )
  }

  let failed = false
  try {
    for (const [index, step] of scenario.steps.entries()) {
      const result = report.steps[index]
      if (!result) continue
      if (failed || aborted) {
        result.status = 'skipped'
        continue
      }
      result.status = 'running'
      result.startedAt = clock.now()
      progress()
      try {
        if (aborted) throw new StepFailure(aborted, 'cancelled')
        await runStep(step, result)
        result.status = 'passed'
      } catch (error) {
        failed = true
        const failure = error instanceof StepFailure ? error : new StepFailure(error instanceof Error ? error.message : String(error), 'step')
        result.status = 'failed'
        result.message = mask(failure.message)
        if (failure.frames) result.frames = failure.frames
        report.failure = { kind: failure.kind, step: index, message: result.message }
      }
      result.durationMs = clock.now() - (result.startedAt ?? clock.now())
      if (result.message) result.message = mask(result.message)
      progress()
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe()
    options.signal?.removeEventListener('abort', onAbort)
    cancelOverall?.()
    // Nothing a scenario opened outlives it.
    for (const id of opened) if (context.isOpen(id)) context.close(id, 1000, 'Scenario finished')
  }
  report.status = failed ? 'failed' : 'passed'
  report.durationMs = clock.now() - report.startedAt
  progress()
  return report
}

/** "Closed without a close frame — the server may be…" → "Closed without a close frame": the frames list says the rest. */
function shortMeaning(meaning: string): string {
  return meaning.split(' — ')[0] ?? meaning
}

function clip(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text
}
