// @vitest-environment node
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { unbindRuntime } from '../../src/store/runtime-binding.ts'
import { createFrameLog } from '../../src/engine/frame-log.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrameInput } from '../../src/engine/frame.ts'
import { MEBIBYTE } from '../../src/store/retention-input.ts'
import { previewRetention, setRetention } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection, setPreferences } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { DEFAULT_PREFERENCES } from '../../src/workspace/model.ts'

let client!: InProcessClient
beforeEach(() => {
  client = installTestRuntime()
})
const logOf = (id: string) => client.runtime.log(id) ?? createFrameLog()


const pending: (() => void)[] = []
const drain = () => {
  for (const run of pending.splice(0)) run()
}

beforeEach(() => {
  client = installTestRuntime({ schedule: (run) => void pending.push(run) })
})

afterEach(() => {
  unbindRuntime()
  pending.length = 0
  })

function message(size: number, label = ''): FrameInput {
  return { at: 0, kind: 'message', direction: 'in', payload: label, size }
}

function event(): FrameInput {
  return { at: 0, kind: 'error', message: 'an event holds no payload bytes' }
}

const runtime = (id: string) => selectRuntime(useSessionStore.getState(), id)
const labels = (id: string) => logOf(id).toArray().map((frame) => (frame.kind === 'message' ? frame.payload : frame.kind))

describe('retention across connections', () => {
  it('applyRetention enforces a byte limit on every live log: the oldest go, counted as dropped', async () => {
    const a = addConnection({ name: 'A' }).id
    const b = addConnection({ name: 'B' }).id
    // A: 10 frames of 100 bytes; B: one big frame then small ones, with an event in between.
    playNow(client, a, Array.from({ length: 10 }, (_, i) => message(100, `a${i}`)))
    playNow(client, b, [message(900, 'big'), event(), message(50, 'b1'), message(50, 'b2')])
    drain()
    expect(runtime(a)).toMatchObject({ retained: 10, retainedBytes: 1000, dropped: 0 })

    expect(await previewRetention(1000, 250)).toEqual([
      { connectionId: a, frames: 8 },
      { connectionId: b, frames: 1 },
    ])
    // Previewing changes nothing.
    expect(logOf(a).length()).toBe(10)

    client.runtime.setRetention({ maxFrames: 1000, maxBytes: 250 })
    expect(labels(a)).toEqual(['a8', 'a9'])
    expect(logOf(a).bytes()).toBe(200)
    // B loses only the big frame: the event costs no bytes and the rest fit in 250.
    expect(labels(b)).toEqual(['error', 'b1', 'b2'])
    drain()
    expect(runtime(a)).toMatchObject({ retained: 2, retainedBytes: 200, dropped: 8 })
    expect(runtime(b)).toMatchObject({ retained: 3, retainedBytes: 100, dropped: 1 })

    // Frames arriving later are held to the same limit.
    playNow(client, b, [message(200, 'b3')])
    expect(labels(b)).toEqual(['b2', 'b3'])
    expect(logOf(b).dropped()).toBe(3)
  })

  it('keeps the newest frame even when it alone is over the byte limit', async () => {
    const a = addConnection().id
    playNow(client, a, [message(10, 'old'), message(5000, 'huge')])
    expect(await previewRetention(1000, 100)).toEqual([{ connectionId: a, frames: 1 }])
    client.runtime.setRetention({ maxFrames: 1000, maxBytes: 100 })
    expect(labels(a)).toEqual(['huge'])
  })

  it('setRetention saves the preferences, trims live logs, and connections used later start with the limits', () => {
    const a = addConnection({ name: 'A' }).id
    playNow(client, a, Array.from({ length: 150 }, (_, i) => message(1, `a${i}`)))

    expect(setRetention(100, 2 * MEBIBYTE)).toEqual({ ok: true })
    expect(useWorkspaceStore.getState().preferences).toEqual({
      ...DEFAULT_PREFERENCES,
      maxFramesPerConnection: 100,
      maxBytesPerConnection: 2 * MEBIBYTE,
    })
    expect(logOf(a).length()).toBe(100)
    expect(logOf(a).dropped()).toBe(50)

    const later = addConnection({ name: 'Later' }).id
    playNow(client, later, Array.from({ length: 130 }, (_, i) => message(1, `l${i}`)))
    expect(logOf(later).length()).toBe(100)
    expect(logOf(later).dropped()).toBe(30)
  })

  it('setRetention refuses limits outside the allowed range and changes nothing', () => {
    const a = addConnection().id
    playNow(client, a, Array.from({ length: 150 }, () => message(1)))
    expect(setRetention(0, MEBIBYTE)).toEqual({ ok: false, error: 'Too small: keep at least 100 frames (from 100 to 5,000,000).' })
    expect(setRetention(100, 1.5 * MEBIBYTE)).toEqual({ ok: false, error: 'The byte limit must be a whole number of MB.' })
    expect(setRetention(100, 5000 * MEBIBYTE)).toEqual({ ok: false, error: 'Too large: at most 4,096 MB per connection (from 1 to 4,096).' })
    expect(setRetention(Number.NaN, MEBIBYTE).ok).toBe(false)
    expect(useWorkspaceStore.getState().preferences).toEqual(DEFAULT_PREFERENCES)
    expect(logOf(a).length()).toBe(150)
  })

  it('live logs follow preferences changed elsewhere (another tab, storage read at start-up)', () => {
    const a = addConnection().id
    playNow(client, a, Array.from({ length: 20 }, () => message(10)))
    // Not through setRetention: the store changed underneath, as a synced tab's edit does.
    setPreferences({ maxFramesPerConnection: 5 })
    expect(logOf(a).length()).toBe(5)
    setPreferences({ maxBytesPerConnection: 20 })
    expect(logOf(a).length()).toBe(2)
    expect(logOf(a).dropped()).toBe(18)
    // An unrelated preference leaves the log alone.
    setPreferences({ connectTimeoutMs: 1234 })
    expect(logOf(a).length()).toBe(2)
  })
})
