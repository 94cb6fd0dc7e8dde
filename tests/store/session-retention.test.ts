// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextFrameId, type Frame, type MessageFrame } from '../../src/engine/frame.ts'
import { MEBIBYTE } from '../../src/store/retention-input.ts'
import {
  applyRetention,
  configureSessionEngine,
  getFrameLog,
  previewRetention,
  recordFramesForTest,
  resetSessions,
  setRetention,
} from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection, setPreferences } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { DEFAULT_PREFERENCES } from '../../src/workspace/model.ts'

const pending: (() => void)[] = []
const drain = () => {
  for (const run of pending.splice(0)) run()
}

beforeEach(() => {
  configureSessionEngine({ schedule: (run) => void pending.push(run) })
})

afterEach(() => {
  resetSessions()
  pending.length = 0
  configureSessionEngine({})
})

function message(size: number, label = ''): MessageFrame {
  return { id: nextFrameId(), at: 0, kind: 'message', direction: 'in', payload: label, size }
}

function event(): Frame {
  return { id: nextFrameId(), at: 0, kind: 'error', message: 'an event holds no payload bytes' }
}

const runtime = (id: string) => selectRuntime(useSessionStore.getState(), id)
const labels = (id: string) => getFrameLog(id).toArray().map((frame) => (frame.kind === 'message' ? frame.payload : frame.kind))

describe('retention across connections', () => {
  it('applyRetention enforces a byte limit on every live log: the oldest go, counted as dropped', () => {
    const a = addConnection({ name: 'A' }).id
    const b = addConnection({ name: 'B' }).id
    // A: 10 frames of 100 bytes; B: one big frame then small ones, with an event in between.
    recordFramesForTest(a, Array.from({ length: 10 }, (_, i) => message(100, `a${i}`)))
    recordFramesForTest(b, [message(900, 'big'), event(), message(50, 'b1'), message(50, 'b2')])
    drain()
    expect(runtime(a)).toMatchObject({ retained: 10, retainedBytes: 1000, dropped: 0 })

    expect(previewRetention(1000, 250)).toEqual([
      { connectionId: a, frames: 8 },
      { connectionId: b, frames: 1 },
    ])
    // Previewing changes nothing.
    expect(getFrameLog(a).length()).toBe(10)

    applyRetention(1000, 250)
    expect(labels(a)).toEqual(['a8', 'a9'])
    expect(getFrameLog(a).bytes()).toBe(200)
    // B loses only the big frame: the event costs no bytes and the rest fit in 250.
    expect(labels(b)).toEqual(['error', 'b1', 'b2'])
    drain()
    expect(runtime(a)).toMatchObject({ retained: 2, retainedBytes: 200, dropped: 8 })
    expect(runtime(b)).toMatchObject({ retained: 3, retainedBytes: 100, dropped: 1 })

    // Frames arriving later are held to the same limit.
    recordFramesForTest(b, [message(200, 'b3')])
    expect(labels(b)).toEqual(['b2', 'b3'])
    expect(getFrameLog(b).dropped()).toBe(3)
  })

  it('keeps the newest frame even when it alone is over the byte limit', () => {
    const a = addConnection().id
    recordFramesForTest(a, [message(10, 'old'), message(5000, 'huge')])
    expect(previewRetention(1000, 100)).toEqual([{ connectionId: a, frames: 1 }])
    applyRetention(1000, 100)
    expect(labels(a)).toEqual(['huge'])
  })

  it('setRetention saves the preferences, trims live logs, and connections used later start with the limits', () => {
    const a = addConnection({ name: 'A' }).id
    recordFramesForTest(a, Array.from({ length: 150 }, (_, i) => message(1, `a${i}`)))

    expect(setRetention(100, 2 * MEBIBYTE)).toEqual({ ok: true })
    expect(useWorkspaceStore.getState().preferences).toEqual({
      ...DEFAULT_PREFERENCES,
      maxFramesPerConnection: 100,
      maxBytesPerConnection: 2 * MEBIBYTE,
    })
    expect(getFrameLog(a).length()).toBe(100)
    expect(getFrameLog(a).dropped()).toBe(50)

    const later = addConnection({ name: 'Later' }).id
    recordFramesForTest(later, Array.from({ length: 130 }, (_, i) => message(1, `l${i}`)))
    expect(getFrameLog(later).length()).toBe(100)
    expect(getFrameLog(later).dropped()).toBe(30)
  })

  it('setRetention refuses limits outside the allowed range and changes nothing', () => {
    const a = addConnection().id
    recordFramesForTest(a, Array.from({ length: 150 }, () => message(1)))
    expect(setRetention(0, MEBIBYTE)).toEqual({ ok: false, error: 'Too small: keep at least 100 frames (from 100 to 5,000,000).' })
    expect(setRetention(100, 1.5 * MEBIBYTE)).toEqual({ ok: false, error: 'The byte limit must be a whole number of MB.' })
    expect(setRetention(100, 5000 * MEBIBYTE)).toEqual({ ok: false, error: 'Too large: at most 4,096 MB per connection (from 1 to 4,096).' })
    expect(setRetention(Number.NaN, MEBIBYTE).ok).toBe(false)
    expect(useWorkspaceStore.getState().preferences).toEqual(DEFAULT_PREFERENCES)
    expect(getFrameLog(a).length()).toBe(150)
  })

  it('live logs follow preferences changed elsewhere (another tab, storage read at start-up)', () => {
    const a = addConnection().id
    recordFramesForTest(a, Array.from({ length: 20 }, () => message(10)))
    // Not through setRetention: the store changed underneath, as a synced tab's edit does.
    setPreferences({ maxFramesPerConnection: 5 })
    expect(getFrameLog(a).length()).toBe(5)
    setPreferences({ maxBytesPerConnection: 20 })
    expect(getFrameLog(a).length()).toBe(2)
    expect(getFrameLog(a).dropped()).toBe(18)
    // An unrelated preference leaves the log alone.
    setPreferences({ connectTimeoutMs: 1234 })
    expect(getFrameLog(a).length()).toBe(2)
  })
})
