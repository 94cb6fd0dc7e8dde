import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonEqual, mergeThreeWay } from '../../src/store/persistence/three-way-merge.ts'

const c = (id: string, name = id, extra: Record<string, unknown> = {}) => ({ id, name, ...extra })

describe('mergeThreeWay', () => {
  it('takes the other side where only one side changed', () => {
    const base = { a: 1, b: 1 }
    expect(mergeThreeWay(base, { a: 2, b: 1 }, { a: 1, b: 3 })).toEqual({ value: { a: 2, b: 3 }, conflicts: [] })
  })

  it('merges entity lists by id: edits to different entities both survive', () => {
    const base = [c('x'), c('y')]
    const local = [c('x', 'x local'), c('y')]
    const remote = [c('x'), c('y', 'y remote')]
    expect(mergeThreeWay(base, local, remote).value).toEqual([c('x', 'x local'), c('y', 'y remote')])
  })

  it('keeps additions from both sides in a sensible order', () => {
    const base = [c('x'), c('y')]
    const local = [c('x'), c('l'), c('y')]
    const remote = [c('x'), c('y'), c('r')]
    expect(mergeThreeWay(base, local, remote).value.map((e) => e.id)).toEqual(['x', 'l', 'y', 'r'])
  })

  it('applies a deletion from one side when the other did not touch the entity', () => {
    const base = [c('x'), c('y')]
    expect(mergeThreeWay(base, [c('x')], [c('x'), c('y')]).value).toEqual([c('x')])
    expect(mergeThreeWay(base, [c('x'), c('y', 'y2')], [c('y')]).value).toEqual([c('y', 'y2')])
  })

  it('keeps an entity one side deleted while the other edited it', () => {
    const base = [c('x'), c('y')]
    expect(mergeThreeWay(base, [c('x')], [c('x'), c('y', 'edited')]).value).toEqual([c('x'), c('y', 'edited')])
  })

  it('follows a reorder made by one side', () => {
    const base = [c('x'), c('y'), c('z')]
    expect(mergeThreeWay(base, [c('z'), c('x'), c('y')], [c('x'), c('y', 'y2'), c('z')]).value).toEqual([
      c('z'),
      c('x'),
      c('y', 'y2'),
    ])
  })

  it('reports a field changed differently on both sides and keeps the local value', () => {
    const base = [c('x', 'x', { draft: { text: 'a', mode: 'json' } })]
    const local = [c('x', 'x', { draft: { text: 'local', mode: 'json' } })]
    const remote = [c('x', 'x', { draft: { text: 'remote', mode: 'json' } })]
    const result = mergeThreeWay(base, local, remote)
    expect(result.value).toEqual(local)
    expect(result.conflicts).toEqual([{ path: '[x].draft.text', local: 'local', remote: 'remote' }])
  })

  it('treats identical changes on both sides as no conflict', () => {
    expect(mergeThreeWay({ a: 1 }, { a: 2 }, { a: 2 }).conflicts).toEqual([])
  })

  it('keeps a "__proto__" key as plain data without touching prototypes', () => {
    const remote = JSON.parse('{"a":1,"__proto__":{"polluted":true}}') as Record<string, unknown>
    const local = { a: 2 }
    const merged = mergeThreeWay<Record<string, unknown>>({ a: 1 }, local, remote).value
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(Object.hasOwn(merged, '__proto__')).toBe(true)
  })

  it('returns a side unchanged when the other side made no change (property)', () => {
    const json = fc.jsonValue({ maxDepth: 4 })
    fc.assert(
      fc.property(json, json, (base, changed) => {
        expect(jsonEqual(mergeThreeWay(base, changed, base).value, changed)).toBe(true)
        expect(jsonEqual(mergeThreeWay(base, base, changed).value, changed)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})
