import { describe, expect, it } from 'vitest'
import type { Frame, MessageFrame } from "../../../src/engine/frame.ts"
import { captureValue } from '../../../src/engine/match/capture.ts'
import { parseJsonPath, selectPath } from '../../../src/engine/match/json-path.ts'
import { compileMatcher, describeMatcher, type Matcher } from '../../../src/engine/match/matcher.ts'

function message(payload: string | ArrayBuffer, direction: "in" | "out" = "in", detail?: MessageFrame["detail"]): Frame {
  return { id: 1, at: 0, kind: 'message', direction, payload, size: typeof payload === 'string' ? payload.length : payload.byteLength, ...(detail ? { detail } : {}) }
}

function test(spec: Matcher, frame: Frame) {
  const compiled = compileMatcher(spec)
  if (!compiled.ok) throw new Error(compiled.error)
  return compiled.matcher.test(frame)
}

describe('json paths', () => {
  const doc = { a: { b: [{ id: 1 }, { id: 2 }] }, 'odd key': true, list: [10, 20, 30] }
  it('selects members, indexes, wildcards and descendants', () => {
    const select = (path: string) => {
      const parsed = parseJsonPath(path)
      if (!parsed.ok) throw new Error(parsed.error)
      return selectPath(doc, parsed.steps)
    }
    expect(select('$.a.b[1].id')).toEqual([2])
    expect(select('a.b[*].id')).toEqual([1, 2])
    expect(select("$['odd key']")).toEqual([true])
    expect(select('$.list[-1]')).toEqual([30])
    expect(select('$..id')).toEqual([1, 2])
    expect(select('$.missing.deeper')).toEqual([])
    expect(select('$.constructor')).toEqual([])
  })
  it('explains a path it cannot read', () => {
    expect(parseJsonPath('$.a[?(@.x)]')).toMatchObject({ ok: false, error: expect.stringContaining('Cannot read the JSON path') })
  })
})

describe('compileMatcher', () => {
  const tick = message('{"type":"tick","seq":7,"tags":["a","b"],"user":{"name":"Ada"}}')

  it('matches direction, kind, text and regex, and says why not', () => {
    expect(test({ direction: 'in', contains: 'TICK' }, tick)).toEqual({ matched: true })
    expect(test({ direction: 'out' }, tick)).toEqual({ matched: false, reason: 'it was received, not sent' })
    expect(test({ contains: 'TICK', matchCase: true }, tick)).toMatchObject({ matched: false })
    expect(test({ regex: '/"seq":\\d+/' }, tick)).toEqual({ matched: true })
    expect(test({ kind: 'close' }, tick)).toEqual({ matched: false, reason: 'it is a message frame, not a close' })
    expect(test({ binary: true }, tick)).toEqual({ matched: false, reason: 'it is text, not binary' })
  })

  it('evaluates JSON predicates', () => {
    expect(test({ json: [{ path: '$.type', op: 'equals', value: 'tick' }, { path: '$.seq', op: 'gte', value: 7 }] }, tick)).toEqual({ matched: true })
    expect(test({ json: [{ path: '$.seq', op: 'gt', value: 7 }] }, tick)).toEqual({ matched: false, reason: '$.seq is 7, expected > 7' })
    expect(test({ json: [{ path: '$.tags', op: 'contains', value: 'b' }, { path: '$.user.name', op: 'matches', value: '^A' }] }, tick)).toEqual({ matched: true })
    expect(test({ json: [{ path: '$.error', op: 'absent' }] }, tick)).toEqual({ matched: true })
    expect(test({ json: [{ path: '$.error', op: 'exists' }] }, tick)).toEqual({ matched: false, reason: '$.error is absent' })
    expect(test({ json: [{ path: '$.type', op: 'equals', value: 'tick' }] }, message('not json'))).toEqual({ matched: false, reason: 'its text is not JSON' })
  })

  it('matches a JSON subset', () => {
    expect(test({ jsonSubset: { type: 'tick', user: {}, tags: ['b'] } }, tick)).toEqual({ matched: true })
    expect(test({ jsonSubset: { type: 'tock' } }, tick)).toMatchObject({ matched: false, reason: expect.stringContaining('does not contain {"type":"tock"}') })
  })

  it('matches Socket.IO and SSE event names', () => {
    const io = message('["price",{"v":1}]', 'in', { transport: 'socket.io', event: 'price', args: [] })
    const sse = message('data', 'in', { transport: 'sse', event: 'update', id: '' })
    expect(test({ event: 'price', json: [{ path: '$[1].v', op: 'equals', value: 1 }] }, io)).toEqual({ matched: true })
    expect(test({ event: 'update' }, sse)).toEqual({ matched: true })
    expect(test({ event: 'price' }, sse)).toEqual({ matched: false, reason: 'its event is "update", not "price"' })
    expect(test({ event: 'price' }, tick)).toMatchObject({ matched: false, reason: expect.stringContaining('no event name') })
  })

  it('refuses what it cannot compile', () => {
    expect(compileMatcher({ regex: '(' })).toMatchObject({ ok: false, error: expect.stringContaining('Not a regular expression') })
    expect(compileMatcher({ json: [{ path: '$.a', op: 'gt', value: 'x' }] })).toMatchObject({ ok: false })
    expect(compileMatcher({ json: [{ path: '$.a', op: 'nope' as never }] })).toMatchObject({ ok: false })
  })

  it('describes itself in words', () => {
    expect(describeMatcher({ direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'tick' }] })).toBe('a received message where $.type = "tick"')
  })
})

describe('captureValue', () => {
  const login = message('{"ok":true,"session":{"id":"s-42"},"n":3}')
  it('captures by path and by regex', () => {
    expect(captureValue(login, { variable: 'sid', path: '$.session.id' })).toEqual({ ok: true, value: 's-42' })
    expect(captureValue(login, { variable: 'n', path: '$.n' })).toEqual({ ok: true, value: '3' })
    expect(captureValue(login, { variable: 'sid', regex: '"id":"([^"]+)"' })).toEqual({ ok: true, value: 's-42' })
    expect(captureValue(login, { variable: 'x', path: '$.nope' })).toMatchObject({ ok: false })
  })
})
