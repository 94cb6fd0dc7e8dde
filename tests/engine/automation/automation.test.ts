// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createAutomation, RULE_RATE_CAP, type AutomationConfig } from '../../../src/engine/automation/automation.ts'
import type { AutoResponder } from '../../../src/engine/automation/model.ts'
import type { Frame, FrameOrigin, Payload } from '../../../src/engine/frame.ts'
import { createFakeClock } from '../../support/fake-clock.ts'

type Sent = { payload: Payload; origin: FrameOrigin; name?: string; at: number }

function setup(options: { variables?: Record<string, string>; transport?: string } = {}) {
  const clock = createFakeClock()
  const sent: Sent[] = []
  const notices: string[] = []
  let open = false
  let changes = 0
  let failSend: string | null = null
  const automation = createAutomation({
    send: (payload, origin, name) => {
      if (failSend) return { ok: false, error: failSend }
      sent.push({ payload, origin, ...(name === undefined ? {} : { name }), at: clock.now() })
      return { ok: true }
    },
    notice: (message) => void notices.push(message),
    changed: () => void (changes += 1),
    isOpen: () => open,
    transport: () => options.transport ?? 'websocket',
    variables: () => new Map(Object.entries(options.variables ?? {})),
    timers: clock,
    now: clock.now,
    uuid: () => 'uuid-1',
    random: () => 0,
  })
  let frameId = 0
  const incoming = (payload: string): Frame => ({ id: ++frameId, at: clock.now(), kind: 'message', direction: 'in', payload, size: payload.length })
  return {
    clock,
    sent,
    notices,
    automation,
    incoming,
    changes: () => changes,
    setOpen(value: boolean) {
      open = value
      if (value) automation.opened()
      else automation.closed()
    },
    failSends(error: string | null) {
      failSend = error
    },
  }
}

const rule = (fields: Partial<AutoResponder> = {}): AutoResponder => ({
  id: 'r1',
  name: 'pong',
  enabled: true,
  match: { contains: 'ping' },
  reply: { text: 'pong', mode: 'text' },
  delayMs: 0,
  ...fields,
})

const texts = (sent: Sent[]) => sent.map((s) => s.payload)

describe('auto-responders (fake clock)', () => {
  it('answers a matching incoming message after its delay, marked with the rule, and counts the hit', () => {
    const t = setup()
    t.automation.configure({ autoResponders: [rule({ delayMs: 250 })] })
    t.setOpen(true)
    t.automation.frame(t.incoming('a ping'))
    t.automation.frame(t.incoming('nothing to see'))
    expect(t.sent).toEqual([])
    t.clock.advance(249)
    expect(t.sent).toEqual([])
    t.clock.advance(1)
    expect(t.sent).toEqual([{ payload: 'pong', origin: 'auto-responder', name: 'pong', at: 1_000_250 }])
    expect(t.automation.state().rules).toEqual([{ id: 'r1', name: 'pong', hits: 1, replies: 1, lastError: null, paused: false }])
  })

  it('never answers sent frames, disabled rules, or a closed connection; first matching rule wins', () => {
    const t = setup()
    t.automation.configure({
      autoResponders: [rule({ id: 'off', name: 'off', enabled: false, reply: { text: 'never', mode: 'text' } }), rule({ id: 'a', name: 'first' }), rule({ id: 'b', name: 'second', reply: { text: 'second', mode: 'text' } })],
    })
    t.setOpen(true)
    t.automation.frame({ id: 1, at: 0, kind: 'message', direction: 'out', payload: 'ping', size: 4 })
    t.automation.frame(t.incoming('ping'))
    t.clock.advance(0)
    expect(t.sent.map((s) => s.name)).toEqual(['first'])
    expect(t.automation.state().rules.map((r) => r.hits)).toEqual([0, 1, 0])
    // A reply due after the close is dropped with its timer.
    t.automation.configure({ autoResponders: [rule({ delayMs: 100 })] })
    t.automation.frame(t.incoming('ping'))
    t.setOpen(false)
    t.clock.advance(1000)
    expect(t.sent).toHaveLength(1)
    expect(t.clock.pending()).toBe(0)
  })

  it('matches JSON paths, captures values into the reply, and expands workspace variables', () => {
    const t = setup({ variables: { user: 'ada' } })
    t.automation.configure({
      autoResponders: [
        rule({
          match: { json: [{ path: '$.type', op: 'equals', value: 'tick' }] },
          captures: [{ variable: 'seq', path: '$.seq' }, { variable: 'symbol', regex: '"symbol":"(\\w+)"' }],
          reply: { text: '{"ack":{{seq}},"symbol":"{{symbol}}","by":"{{user}}","n":{{$counter}}}', mode: 'json' },
        }),
      ],
    })
    t.setOpen(true)
    t.automation.frame(t.incoming('{"type":"tick","seq":7,"symbol":"ACME"}'))
    t.automation.frame(t.incoming('{"type":"news","seq":8}'))
    t.clock.advance(0)
    expect(texts(t.sent)).toEqual(['{"ack":7,"symbol":"ACME","by":"ada","n":1}'])
  })

  it('an unknown variable sends nothing and says which one, on the timeline and in the rule', () => {
    const t = setup()
    t.automation.configure({ autoResponders: [rule({ reply: { text: 'hello {{token}}', mode: 'text' } })] })
    t.setOpen(true)
    t.automation.frame(t.incoming('ping'))
    t.clock.advance(10)
    expect(t.sent).toEqual([])
    expect(t.notices).toEqual([expect.stringContaining('{{token}}')])
    expect(t.notices[0]).toContain('"pong" did not reply')
    expect(t.automation.state().rules[0]).toMatchObject({ hits: 1, replies: 0, lastError: expect.stringContaining('{{token}}') })
  })

  it('a failed capture or invalid JSON reply is an error of the rule, not a send', () => {
    const t = setup()
    t.automation.configure({ autoResponders: [rule({ captures: [{ variable: 'id', path: '$.id' }], reply: { text: '{{id}}', mode: 'text' } }), rule({ id: 'r2', name: 'bad', match: { contains: 'other' }, reply: { text: '{oops', mode: 'json' } })] })
    t.setOpen(true)
    t.automation.frame(t.incoming('ping, not JSON'))
    t.automation.frame(t.incoming('other'))
    t.clock.advance(0)
    expect(t.sent).toEqual([])
    expect(t.automation.state().rules.map((r) => r.lastError)).toEqual([expect.stringContaining('$.id'), expect.stringContaining('invalid JSON')])
  })

  it(`pauses a rule answering its own echo after ${RULE_RATE_CAP} replies within a second, until it is edited`, () => {
    const t = setup()
    // An echo server: every reply comes back 1 ms later and matches again.
    t.automation.configure({ autoResponders: [rule({ match: { contains: 'pong' } })] })
    t.setOpen(true)
    t.automation.frame(t.incoming('pong'))
    for (let i = 0; i < 500 && t.clock.pending() > 0; i++) {
      t.clock.advance(1)
      const last = t.sent.at(-1)
      if (last && last.at === t.clock.now() - 1) t.automation.frame(t.incoming(String(last.payload)))
    }
    expect(t.sent).toHaveLength(RULE_RATE_CAP)
    expect(t.automation.state().rules[0]).toMatchObject({ paused: true, replies: RULE_RATE_CAP, lastError: expect.stringContaining('Paused') })
    expect(t.notices).toEqual([expect.stringContaining('"pong" paused')])
    t.automation.frame(t.incoming('pong'))
    t.clock.advance(10)
    expect(t.sent).toHaveLength(RULE_RATE_CAP)
    // Switching it off and on again resumes it (the pause ends with the edit); hits survive.
    t.automation.configure({ autoResponders: [rule({ match: { contains: 'pong' }, enabled: false })] })
    t.automation.configure({ autoResponders: [rule({ match: { contains: 'pong' } })] })
    expect(t.automation.state().rules[0]).toMatchObject({ paused: false, lastError: null })
    t.automation.frame(t.incoming('pong'))
    t.clock.advance(0)
    expect(t.sent).toHaveLength(RULE_RATE_CAP + 1)
  })

  it('a ticker at 2 per second never trips the cap', () => {
    const t = setup()
    t.automation.configure({ autoResponders: [rule({ match: { contains: 'tick' } })] })
    t.setOpen(true)
    for (let i = 0; i < 120; i++) {
      t.automation.frame(t.incoming('tick'))
      t.clock.advance(500)
    }
    expect(t.sent).toHaveLength(120)
    expect(t.automation.state().rules[0]?.paused).toBe(false)
  })

  it('a rule whose matcher does not compile reports why and never matches', () => {
    const t = setup()
    t.automation.configure({ autoResponders: [rule({ match: { regex: '([' } })] })
    t.setOpen(true)
    t.automation.frame(t.incoming('(['))
    t.clock.advance(0)
    expect(t.sent).toEqual([])
    expect(t.automation.state().rules[0]?.lastError).toContain('Not a regular expression')
  })

  it('sends a Socket.IO reply written as ["event", ...args] as an emit', () => {
    const t = setup({ transport: 'socket.io' })
    t.automation.configure({ autoResponders: [rule({ reply: { text: '["pong",{"n":1}]', mode: 'json' } })] })
    t.setOpen(true)
    t.automation.frame(t.incoming('["ping"]'))
    t.clock.advance(0)
    expect(JSON.parse(String(t.sent[0]?.payload))).toMatchObject({ event: 'pong', args: [{ type: 'json', text: '{"n":1}' }], ack: false })
  })
})

describe('heartbeat (fake clock)', () => {
  const heartbeat: AutomationConfig = { heartbeat: { enabled: true, intervalMs: 1000, text: '{"type":"ping","n":{{$counter}}}', mode: 'json' } }

  it('beats every interval while open, starting one interval after the open, and stops on close', () => {
    const t = setup()
    t.automation.configure(heartbeat)
    t.clock.advance(5000)
    expect(t.sent).toEqual([])
    t.setOpen(true)
    expect(t.automation.state().heartbeat).toEqual({ active: true, intervalMs: 1000, sent: 0 })
    t.clock.advance(999)
    expect(t.sent).toEqual([])
    t.clock.advance(2001)
    expect(t.sent.map((s) => [s.payload, s.origin, s.at - 1_005_000])).toEqual([
      ['{"type":"ping","n":1}', 'heartbeat', 1000],
      ['{"type":"ping","n":2}', 'heartbeat', 2000],
      ['{"type":"ping","n":3}', 'heartbeat', 3000],
    ])
    t.setOpen(false)
    expect(t.automation.state().heartbeat).toEqual({ active: false, intervalMs: 1000, sent: 0 })
    t.clock.advance(10_000)
    expect(t.sent).toHaveLength(3)
    expect(t.clock.pending()).toBe(0)
  })

  it('follows its settings while open: disabled stops it, a new interval restarts it', () => {
    const t = setup()
    t.automation.configure(heartbeat)
    t.setOpen(true)
    t.clock.advance(1000)
    t.automation.configure({ heartbeat: { enabled: true, intervalMs: 300, text: 'hb', mode: 'text' } })
    t.clock.advance(900)
    expect(texts(t.sent)).toEqual(['{"type":"ping","n":1}', 'hb', 'hb', 'hb'])
    t.automation.configure({ heartbeat: { enabled: false, intervalMs: 300, text: 'hb', mode: 'text' } })
    t.clock.advance(3000)
    expect(t.sent).toHaveLength(4)
    expect(t.automation.state().heartbeat).toBeNull()
    expect(t.clock.pending()).toBe(0)
  })

  it('stops with a notice when its text cannot be expanded, instead of failing every interval', () => {
    const t = setup()
    t.automation.configure({ heartbeat: { enabled: true, intervalMs: 100, text: '{{missing}}', mode: 'text' } })
    t.setOpen(true)
    t.clock.advance(1000)
    expect(t.sent).toEqual([])
    expect(t.notices).toEqual([expect.stringMatching(/^Heartbeat stopped: .*\{\{missing\}\}/)])
    expect(t.clock.pending()).toBe(0)
  })
})

describe('on-open sequence (fake clock)', () => {
  const config: AutomationConfig = {
    onOpen: [{ delayMs: 0, savedMessageId: 'login' }, { delayMs: 500, text: 'subscribe {{topic}}', mode: 'text' }, { delayMs: 100, savedMessageId: 'gone' }, { delayMs: 100, text: 'ready', mode: 'text' }],
    savedMessages: [{ id: 'login', name: 'Login', text: '{"login":"{{user}}"}', mode: 'json' }],
  }

  it('sends the steps in order with their delays after every open, and skips a missing saved message with a notice', () => {
    const t = setup({ variables: { user: 'ada', topic: 'prices' } })
    t.automation.configure(config)
    t.setOpen(true)
    t.clock.advance(0)
    expect(texts(t.sent)).toEqual(['{"login":"ada"}'])
    t.clock.advance(499)
    expect(t.sent).toHaveLength(1)
    t.clock.advance(1)
    t.clock.advance(200)
    expect(t.sent.map((s) => [s.payload, s.origin, s.at - 1_000_000])).toEqual([
      ['{"login":"ada"}', 'on-open', 0],
      ['subscribe prices', 'on-open', 500],
      ['ready', 'on-open', 700],
    ])
    expect(t.notices).toEqual(['On-open step 3 skipped: its saved message no longer exists.'])
    expect(t.automation.state().onOpen).toEqual({ running: false, sent: 0, total: 4 })

    // A drop mid-sequence stops it; the reconnect's open starts it again from the first step.
    t.setOpen(false)
    t.setOpen(true)
    t.clock.advance(100)
    t.setOpen(false)
    t.clock.advance(5000)
    expect(t.sent).toHaveLength(4)
    t.setOpen(true)
    t.clock.advance(5000)
    expect(texts(t.sent).slice(4)).toEqual(['{"login":"ada"}', 'subscribe prices', 'ready'])
    expect(t.clock.pending()).toBe(0)
  })
})

describe('periodic sends (fake clock)', () => {
  it('sends now and then every N ms, N times, and reports sent and remaining', () => {
    const t = setup()
    t.setOpen(true)
    const started = t.automation.startSchedule({ text: 'n={{$counter}}', mode: 'text', everyMs: 100, count: 3 })
    expect(started).toEqual({ ok: true, scheduleId: 'schedule-1' })
    expect(t.automation.state().schedules).toEqual([{ id: 'schedule-1', text: 'n={{$counter}}', everyMs: 100, sent: 1, remaining: 2 }])
    t.clock.advance(1000)
    expect(t.sent.map((s) => [s.payload, s.origin, s.at - 1_000_000])).toEqual([
      ['n=1', 'schedule', 0],
      ['n=2', 'schedule', 100],
      ['n=3', 'schedule', 200],
    ])
    expect(t.automation.state().schedules).toEqual([])
    expect(t.automation.idle()).toBe(true)
  })

  it('without a count runs until stopped; stop ends only that one', () => {
    const t = setup()
    t.setOpen(true)
    const a = t.automation.startSchedule({ text: 'a', mode: 'text', everyMs: 50 })
    const b = t.automation.startSchedule({ text: 'b', mode: 'text', everyMs: 100 })
    if (!a.ok || !b.ok) throw new Error('not started')
    t.clock.advance(200)
    expect(t.automation.stopSchedule(a.scheduleId)).toEqual({ ok: true })
    expect(t.automation.stopSchedule(a.scheduleId).ok).toBe(false)
    t.clock.advance(200)
    expect(texts(t.sent).filter((p) => p === 'a')).toHaveLength(5)
    expect(texts(t.sent).filter((p) => p === 'b')).toHaveLength(5)
    expect(t.automation.state().schedules).toEqual([{ id: b.scheduleId, text: 'b', everyMs: 100, sent: 5, remaining: null }])
  })

  it('refuses to start when closed, too fast, a bad count, or a template with an unknown variable', () => {
    const t = setup()
    expect(t.automation.startSchedule({ text: 'x', mode: 'text', everyMs: 100 })).toEqual({ ok: false, error: 'Not started: connect first.' })
    t.setOpen(true)
    expect(t.automation.startSchedule({ text: 'x', mode: 'text', everyMs: 1 })).toMatchObject({ ok: false, error: expect.stringContaining('interval') })
    expect(t.automation.startSchedule({ text: 'x', mode: 'text', everyMs: 100, count: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('count') })
    expect(t.automation.startSchedule({ text: '{{nope}}', mode: 'text', everyMs: 100 })).toMatchObject({ ok: false, error: expect.stringContaining('{{nope}}') })
    expect(t.automation.startSchedule({ text: '{', mode: 'json', everyMs: 100 })).toMatchObject({ ok: false, error: expect.stringMatching(/^Not started: invalid JSON/) })
    expect(t.sent).toEqual([])
  })

  it('stops with a notice when a send fails, and every schedule ends when the connection closes', () => {
    const t = setup()
    t.setOpen(true)
    t.automation.startSchedule({ text: 'x', mode: 'text', everyMs: 100 })
    t.automation.startSchedule({ text: 'y', mode: 'text', everyMs: 100 })
    t.clock.advance(100)
    t.setOpen(false)
    expect(t.notices).toEqual(['2 periodic sends stopped: the connection closed.'])
    expect(t.automation.state().schedules).toEqual([])
    t.clock.advance(1000)
    expect(t.sent).toHaveLength(4)
    expect(t.clock.pending()).toBe(0)

    t.setOpen(true)
    t.automation.startSchedule({ text: 'z', mode: 'text', everyMs: 100 })
    t.failSends('Not sent: 20 MB are still waiting to leave this browser.')
    t.clock.advance(100)
    expect(t.notices.at(-1)).toBe('Periodic send stopped: Not sent: 20 MB are still waiting to leave this browser.')
    expect(t.clock.pending()).toBe(0)
  })
})

describe('nothing outlives the connection', () => {
  it('dispose cancels replies, heartbeat, on-open steps and schedules', () => {
    const t = setup()
    t.automation.configure({
      autoResponders: [rule({ delayMs: 1000 })],
      heartbeat: { enabled: true, intervalMs: 100, text: 'hb', mode: 'text' },
      onOpen: [{ delayMs: 500, text: 'hello', mode: 'text' }],
    })
    t.setOpen(true)
    t.automation.frame(t.incoming('ping'))
    t.automation.startSchedule({ text: 's', mode: 'text', everyMs: 100 })
    expect(t.clock.pending()).toBe(4)
    const before = t.sent.length
    t.automation.dispose()
    expect(t.clock.pending()).toBe(0)
    t.clock.advance(10_000)
    expect(t.sent).toHaveLength(before)
    t.automation.opened()
    t.clock.advance(10_000)
    expect(t.sent).toHaveLength(before)
  })
})
