import { expect, it } from 'vitest'
import { flushNow, recordFramesForTest } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'

it('keeps runtime entries for ids that name Object.prototype members as plain entries', () => {
  for (const id of ['__proto__', 'constructor', 'toString']) {
    recordFramesForTest(id, [{ id: -1000 - id.length, at: 1, kind: 'error', message: `frame for ${id}` }])
  }
  flushNow()
  const { runtimeById } = useSessionStore.getState()
  expect(Object.getPrototypeOf(runtimeById)).toBe(Object.prototype)
  for (const id of ['__proto__', 'constructor', 'toString']) {
    expect(Object.hasOwn(runtimeById, id)).toBe(true)
    expect(selectRuntime(useSessionStore.getState(), id).retained).toBe(1)
  }
})
