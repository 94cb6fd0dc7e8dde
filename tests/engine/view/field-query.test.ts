import { describe, expect, it } from 'vitest'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import type { Frame } from '../../../src/engine/frame.ts'
import { compileFieldQuery } from '../../../src/engine/view/field-query.ts'
import { compileQuery, createFrameView } from '../../../src/engine/view/frame-view.ts'

const message = (id: number, payload: string, direction: 'in' | 'out' = 'in'): Frame => ({ id, at: id, kind: 'message', direction, payload, size: payload.length })

describe('JSON field queries in the search box', () => {
  it('reads each operator, with JSON values where they parse', () => {
    const ok = (query: string) => {
      const compiled = compileFieldQuery(query)
      if (!compiled.ok) throw new Error(compiled.error)
      return compiled.matcher.spec.json
    }
    expect(ok('$.type = "tick"')).toEqual([{ path: '$.type', op: 'equals', value: 'tick' }])
    expect(ok('$.type == tick && $.seq >= 10')).toEqual([
      { path: '$.type', op: 'equals', value: 'tick' },
      { path: '$.seq', op: 'gte', value: 10 },
    ])
    expect(ok('$.a != null and $.b < 2.5')).toEqual([
      { path: '$.a', op: 'notEquals', value: null },
      { path: '$.b', op: 'lt', value: 2.5 },
    ])
    expect(ok("$['x=y'] = 1")).toEqual([{ path: "$['x=y']", op: 'equals', value: 1 }])
    expect(ok('$.user.name ~ ^A')).toEqual([{ path: '$.user.name', op: 'matches', value: '^A' }])
    expect(ok('$.error exists')).toEqual([{ path: '$.error', op: 'exists' }])
    expect(ok('$.tags contains "b"')).toEqual([{ path: '$.tags', op: 'contains', value: 'b' }])
  })

  it('explains what it cannot read, through the toolbar check', () => {
    expect(compileQuery({ query: '$.price > cheap' })).toEqual({ ok: false, error: '> compares numbers: "cheap" is not one.' })
    expect(compileQuery({ query: '$.type' })).toMatchObject({ ok: false, error: expect.stringContaining('Cannot read "$.type"') })
    // With the regex toggle on, "$" is an anchor, not a field query.
    expect(compileQuery({ query: '$', regex: true })).toMatchObject({ ok: true })
  })

  it('filters a timeline by fields, with the direction filter, incrementally', () => {
    const log = createFrameLog()
    log.append(message(1, '{"type":"tick","seq":1}'))
    log.append(message(2, '{"type":"tock","seq":2}'))
    log.append(message(3, 'not json'))
    log.append(message(4, '{"type":"tick","seq":12}', 'out'))
    const view = createFrameView(log, { direction: 'in', query: '$.type = tick' })
    expect(view.sync().count).toBe(1)
    log.append(message(5, '{"type":"tick","seq":20}'))
    expect(view.sync().count).toBe(2)
    expect(view.frameAt(1)?.id).toBe(5)
    const both = createFrameView(log, { direction: 'all', query: '$.type = tick && $.seq >= 10' })
    expect(both.sync().count).toBe(2)
  })
})
