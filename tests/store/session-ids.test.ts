import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { expect, it , beforeEach} from 'vitest'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'

let client!: InProcessClient
beforeEach(() => {
  client = installTestRuntime()
})


it('keeps runtime entries for ids that name Object.prototype members as plain entries', () => {
  for (const id of ['__proto__', 'constructor', 'toString']) {
    playNow(client, id, [{ id: -1000 - id.length, at: 1, kind: 'error', message: `frame for ${id}` }])
  }
  client.runtime.flush()
  const { runtimeById } = useSessionStore.getState()
  expect(Object.getPrototypeOf(runtimeById)).toBe(Object.prototype)
  for (const id of ['__proto__', 'constructor', 'toString']) {
    expect(Object.hasOwn(runtimeById, id)).toBe(true)
    expect(selectRuntime(useSessionStore.getState(), id).retained).toBe(1)
  }
})
