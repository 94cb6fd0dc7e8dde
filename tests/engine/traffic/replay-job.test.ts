// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { Frame, FrameInput } from '../../../src/engine/frame.ts'
import { createInProcessClient } from '../../../src/engine/host/in-process-client.ts'
import { startReplayJob, type ReplayProgress } from '../../../src/engine/traffic/replay-job.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'

const message = (id: number, at: number, payload: string): Frame => ({ id, at, kind: 'message', direction: 'in', payload, size: payload.length })

/** A fake clock and timer queue: `advance` runs every timer that falls due, in order. */
function fakeTime(start = 10_000) {
  let clock = start
  let timers: { at: number; run: () => void; id: number }[] = []
  let ids = 0
  return {
    now: () => clock,
    setTimer: (run: () => void, ms: number) => {
      ids += 1
      timers.push({ at: clock + ms, run, id: ids })
      return ids
    },
    clearTimer: (id: unknown) => {
      timers = timers.filter((t) => t.id !== id)
    },
    advance(ms: number) {
      const until = clock + ms
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id)
        const due = timers[0]
        if (!due || due.at > until) break
        timers.shift()
        clock = Math.max(clock, due.at)
        due.run()
      }
      clock = until
    },
  }
}

function run(frames: Frame[], speed: number | null) {
  const time = fakeTime()
  const played: FrameInput[][] = []
  const progress: ReplayProgress[] = []
  const job = startReplayJob({
    frames,
    speed,
    play: (batch) => {
      played.push(batch)
      return { ok: true }
    },
    now: time.now,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    onProgress: (p) => progress.push(p),
  })
  return { time, played, progress, job, times: () => played.flat().map((f) => f.at) }
}

describe('replay', () => {
  const recording = [message(1, 500_000, 'a'), message(2, 501_000, 'b'), message(3, 503_000, 'c')]

  it('keeps the original gaps, divided by the speed, and stamps frames with the replay time', () => {
    const r = run(recording, 10)
    r.time.advance(0)
    expect(r.times()).toEqual([10_000])
    r.time.advance(99)
    expect(r.times()).toHaveLength(1)
    r.time.advance(1)
    expect(r.times()).toEqual([10_000, 10_100])
    r.time.advance(200)
    expect(r.times()).toEqual([10_000, 10_100, 10_300])
    expect(r.played.flat().map((f) => (f.kind === 'message' ? f.payload : ''))).toEqual(['a', 'b', 'c'])
    expect(r.progress.at(-1)).toEqual({ played: 3, total: 3, state: 'done' })
  })

  it('plays at the original pace with speed 1', () => {
    const r = run(recording, 1)
    r.time.advance(2_999)
    expect(r.times()).toEqual([10_000, 11_000])
    r.time.advance(1)
    expect(r.times()).toEqual([10_000, 11_000, 13_000])
  })

  it('pauses, and resumes with the rest shifted by the pause', () => {
    const r = run(recording, 1)
    r.time.advance(500)
    r.job.pause()
    expect(r.progress.at(-1)).toMatchObject({ state: 'paused', played: 1 })
    r.time.advance(10_000)
    expect(r.times()).toEqual([10_000])
    r.job.resume()
    r.time.advance(499)
    expect(r.times()).toEqual([10_000])
    r.time.advance(1)
    expect(r.times()).toEqual([10_000, 21_000])
  })

  it('stops for good', () => {
    const r = run(recording, 1)
    r.time.advance(0)
    r.job.stop()
    r.time.advance(100_000)
    expect(r.times()).toEqual([10_000])
    expect(r.progress.at(-1)).toEqual({ played: 1, total: 3, state: 'stopped' })
    r.job.resume()
    expect(r.progress.at(-1)?.state).toBe('stopped')
  })

  it('as fast as possible: batches, each its own task, whatever the gaps', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => message(i + 1, i * 60_000, `m${i}`))
    const r = run(many, null)
    r.time.advance(0)
    expect(r.played.map((b) => b.length)).toEqual([2_000, 2_000, 1_000])
    expect(r.progress.map((p) => p.played)).toEqual([2_000, 4_000, 5_000])
  })

  it('reports a failure to play and stops', () => {
    const time = fakeTime()
    const progress: ReplayProgress[] = []
    startReplayJob({ frames: recording, speed: null, play: () => ({ ok: false, error: 'Not played: the connection is open; disconnect first.' }), ...time, onProgress: (p) => progress.push(p) })
    time.advance(0)
    expect(progress).toEqual([{ played: 3, total: 3, state: 'failed', error: 'Not played: the connection is open; disconnect first.' }])
  })

  it('replays one timeline into another through the runtime host', async () => {
    const client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void setTimeout(run, 0) })
    const source: FrameInput[] = [
      { at: 1, kind: 'connecting', url: 'wss://x/', protocols: [] },
      ...Array.from({ length: 50 }, (_, i): FrameInput => ({ at: 2 + i, kind: 'message', direction: i % 2 ? 'in' : 'out', payload: `p${i}`, size: 2 })),
    ]
    await client.play('rec', source)
    const states: ReplayProgress[] = []
    await new Promise<void>((resolve) => {
      client.replay('rec', 'replay', 1000, (p) => {
        states.push(p)
        if (p.state === 'done') resolve()
      })
    })
    const replayed = client.runtime.log('replay')?.toArray() ?? []
    expect(replayed.map((f) => (f.kind === 'message' ? f.payload : f.kind))).toEqual(source.map((f) => (f.kind === 'message' ? f.payload : f.kind)))
    expect(replayed.every((f) => f.at > 1_000_000)).toBe(true)
    expect(states.at(-1)).toEqual({ played: 51, total: 51, state: 'done' })
    client.dispose()
  })
})
