import { describe, expect, it } from 'vitest'
import type { Frame, FrameInput, Payload } from '../../../src/engine/frame.ts'
import type { Scenario } from '../../../src/engine/scenario/model.ts'
import { runScenario, type ScenarioContext } from '../../../src/engine/scenario/run-scenario.ts'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A deterministic clock: timers run only when the test advances time. */
function fakeClock() {
  let now = 1_000_000
  let seq = 0
  const timers: { at: number; seq: number; fn: () => void }[] = []
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number) {
      const timer = { at: now + ms, seq: seq++, fn }
      timers.push(timer)
      return () => {
        const index = timers.indexOf(timer)
        if (index >= 0) timers.splice(index, 1)
      }
    },
    /** Runs every timer in time order until `done` settles (bounded). */
    async runUntil<T>(done: Promise<T>): Promise<T> {
      let settled = false
      void done.then(() => (settled = true), () => (settled = true))
      for (let i = 0; i < 10_000 && !settled; i++) {
        for (let k = 0; k < 20; k++) await Promise.resolve()
        if (settled) break
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
        const next = timers.shift()
        if (!next) continue
        now = Math.max(now, next.at)
        next.fn()
      }
      return done
    },
  }
}

type Behaviour = { refuse?: boolean; echo?: boolean; closeCode?: number }

/** An echo server in memory: open after 5 ms, every send echoed after 10 ms. */
function fakeContext(clock: ReturnType<typeof fakeClock>, behaviour: Behaviour = { echo: true }) {
  const listeners = new Map<string, ((frame: Frame) => void)[]>()
  const open = new Set<string>()
  const log: string[] = []
  let id = 0
  const emit = (connection: string, frame: DistributiveOmit<FrameInput, 'at'>) => {
    const full = { ...frame, id: ++id, at: clock.now() } as Frame
    for (const listener of listeners.get(connection) ?? []) listener(full)
  }
  const context: ScenarioContext = {
    clock,
    variables: new Map([['user', 'ada'], ['token', 's3cret-token']]),
    secrets: ['s3cret-token'],
    uuid: () => 'uuid-1',
    random: () => 0,
    connectionName: (c) => (c === 'c1' || c === 'c2' ? `Echo ${c}` : undefined),
    savedMessage: (m) => (m === 'm_login' ? { text: '{"type":"login","user":"{{user}}","token":"{{token}}"}', mode: 'json' } : undefined),
    connect(connection, expand) {
      const url = expand('ws://{{user}}.test')
      log.push(`connect ${connection} ${url.ok ? url.text : url.error}`)
      clock.setTimeout(() => {
        if (behaviour.refuse) {
          emit(connection, { kind: 'close', code: 1006, reason: '', wasClean: false, meaning: 'Closed without a close frame' })
          return
        }
        open.add(connection)
        emit(connection, { kind: 'open', protocol: '', extensions: '' })
      }, 5)
      return { ok: true }
    },
    prepare(message, expand) {
      const text = expand(message.text)
      if (!text.ok) return { ok: false, error: text.error }
      if (message.mode === 'json') {
        try {
          JSON.parse(text.text)
        } catch {
          return { ok: false, error: 'Not sent: invalid JSON' }
        }
      }
      return { ok: true, payload: text.text }
    },
    send(connection, payload: Payload) {
      if (!open.has(connection)) return { ok: false, error: 'not open' }
      log.push(`send ${connection} ${String(payload)}`)
      emit(connection, { kind: 'message', direction: 'out', payload, size: 1 })
      if (behaviour.echo) clock.setTimeout(() => open.has(connection) && emit(connection, { kind: 'message', direction: 'in', payload, size: 1 }), 10)
      return { ok: true }
    },
    close(connection, code = 1000, reason = '') {
      log.push(`close ${connection} ${code}`)
      clock.setTimeout(() => {
        open.delete(connection)
        emit(connection, { kind: 'close', code: behaviour.closeCode ?? code, reason, wasClean: true, meaning: 'Normal closure' })
      }, 3)
      return { ok: true }
    },
    isOpen: (connection) => open.has(connection),
    onFrame(connection, listener) {
      const list = listeners.get(connection) ?? []
      list.push(listener)
      listeners.set(connection, list)
      return () => listeners.set(connection, (listeners.get(connection) ?? []).filter((l) => l !== listener))
    },
  }
  return { context, log, open, emit }
}

const login: Scenario = {
  id: 's1',
  name: 'Login',
  connection: 'c1',
  steps: [
    { type: 'connect' },
    { type: 'send', savedMessageId: 'm_login' },
    { type: 'expect', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'login' }] }, withinMs: 1000 },
    { type: 'capture', variable: 'who', path: '$.user' },
    { type: 'send', text: '{"hello":"{{who}}","n":{{$counter}}}', mode: 'json' },
    { type: 'expect', name: 'hello echoed', match: { direction: 'in', contains: 'hello' }, withinMs: 1000 },
    { type: 'expect', match: { contains: 'error' }, withinMs: 200, times: { mode: 'none' } },
    { type: 'close', code: 1000, reason: 'bye' },
    { type: 'expectClose', code: 1000, withinMs: 100 },
  ],
}

describe('runScenario', () => {
  it('runs every step in order, captures into variables, and passes', async () => {
    const clock = fakeClock()
    const { context, log } = fakeContext(clock)
    const progress: string[] = []
    const report = await clock.runUntil(runScenario(login, context, { onProgress: (r) => progress.push(r.steps.map((s) => s.status[0]).join('')) }))
    expect(report.status).toBe('passed')
    expect(report.steps.map((s) => s.status)).toEqual(Array(9).fill('passed'))
    expect(report.captured).toEqual({ who: 'ada' })
    expect(log).toEqual([
      'connect c1 ws://ada.test',
      'send c1 {"type":"login","user":"ada","token":"s3cret-token"}',
      'send c1 {"hello":"ada","n":1}',
      'close c1 1000',
    ])
    // The 'none' expectation waited its whole window on the fake clock, no more.
    expect(report.steps[6]?.durationMs).toBe(200)
    expect(report.steps[5]?.label).toBe('hello echoed')
    // Live status: each step went running then passed.
    expect(progress[0]).toBe('rpppppppp')
    expect(progress.at(-1)).toBe('ppppppppp')
  })

  it('fails an expectation with the reason and the frames around it, masks secrets, skips the rest and closes what it opened', async () => {
    const clock = fakeClock()
    const { context, open } = fakeContext(clock)
    const scenario: Scenario = {
      ...login,
      steps: [
        { type: 'connect' },
        { type: 'send', savedMessageId: 'm_login' },
        { type: 'expect', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'welcome' }] }, withinMs: 500 },
        { type: 'send', text: '{}', mode: 'json' },
      ],
    }
    const report = await clock.runUntil(runScenario(scenario, context))
    expect(report.status).toBe('failed')
    expect(report.failure).toMatchObject({ kind: 'expectation', step: 2 })
    const step = report.steps[2]
    expect(step?.message).toContain('0 of at least 1 matching frames within 500 ms')
    expect(step?.message).toContain('$.type is "login", expected "welcome"')
    expect(step?.durationMs).toBe(500)
    expect(step?.frames?.map((f) => f.direction)).toEqual(['system', 'out', 'in'])
    expect(step?.frames?.[2]?.reason).toBe('$.type is "login", expected "welcome"')
    expect(JSON.stringify(report)).not.toContain('s3cret-token')
    expect(report.steps[3]?.status).toBe('skipped')
    await clock.runUntil(new Promise((resolve) => clock.setTimeout(() => resolve(null), 50)))
    expect(open.size).toBe(0)
  })

  it('reports a refused connection as a connect failure', async () => {
    const clock = fakeClock()
    const { context } = fakeContext(clock, { refuse: true })
    const report = await clock.runUntil(runScenario(login, context))
    expect(report.failure?.kind).toBe('connect')
    expect(report.steps[0]?.message).toContain('closed with 1006')
  })

  it('checks exact counts, and fails a "none" expectation at the first match', async () => {
    const clock = fakeClock()
    const { context } = fakeContext(clock)
    const scenario: Scenario = {
      id: 's2',
      name: 'Counts',
      connection: 'c1',
      steps: [
        { type: 'connect' },
        { type: 'send', text: 'a', mode: 'text' },
        { type: 'send', text: 'a', mode: 'text' },
        { type: 'expect', match: { direction: 'in', contains: 'a' }, withinMs: 100, times: { mode: 'exactly', count: 2 } },
        { type: 'send', text: 'boom', mode: 'text' },
        { type: 'expect', match: { direction: 'in', contains: 'boom' }, withinMs: 5000, times: { mode: 'none' } },
      ],
    }
    const report = await clock.runUntil(runScenario(scenario, context))
    expect(report.steps[3]).toMatchObject({ status: 'passed', message: 'exactly 2 matched' })
    expect(report.steps[5]?.status).toBe('failed')
    expect(report.steps[5]?.message).toContain('matched although none should have')
    // Failed at the echo (10 ms), not at the end of its 5 s window.
    expect(report.steps[5]?.durationMs).toBe(10)
  })

  it('names an unknown variable and sends nothing', async () => {
    const clock = fakeClock()
    const { context, log } = fakeContext(clock)
    const scenario: Scenario = { id: 's3', name: 'Unknown', connection: 'c1', steps: [{ type: 'connect' }, { type: 'send', text: '{{nope}}', mode: 'text' }] }
    const report = await clock.runUntil(runScenario(scenario, context))
    expect(report.steps[1]?.message).toContain('Unknown variable {{nope}}')
    expect(log.filter((line) => line.startsWith('send'))).toEqual([])
  })

  it('stops a scenario at its overall time limit', async () => {
    const clock = fakeClock()
    const { context } = fakeContext(clock, { echo: false })
    const scenario: Scenario = { id: 's4', name: 'Slow', connection: 'c1', steps: [{ type: 'connect' }, { type: 'wait', ms: 60_000 }, { type: 'send', text: 'x', mode: 'text' }] }
    const report = await clock.runUntil(runScenario(scenario, context, { timeoutMs: 1000 }))
    expect(report.failure).toMatchObject({ kind: 'timeout', step: 1 })
    expect(report.durationMs).toBe(1000)
    expect(report.steps[2]?.status).toBe('skipped')
  })
})
