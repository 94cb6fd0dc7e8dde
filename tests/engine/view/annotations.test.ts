// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { FrameInput } from '../../../src/engine/frame.ts'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import { createAnnotations, MAX_NOTE_CHARS } from '../../../src/engine/view/annotations.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import type { TimelineWindow } from '../../../src/engine/view/timeline-window.ts'

const clients: InProcessClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
})

function messages(count: number, from = 0): FrameInput[] {
  return Array.from({ length: count }, (_, i) => ({ at: 1_000 + from + i, kind: 'message' as const, direction: (i % 2 === 0 ? 'out' : 'in') as 'out' | 'in', payload: `m${from + i}`, size: `m${from + i}`.length }))
}

/** A real runtime (list transport) behind the same command server the Worker runs; changes flushed by hand. */
function makeClient(maxFrames = 1_000) {
  const pending: (() => void)[] = []
  const client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void pending.push(run), retention: { maxFrames, maxBytes: 1 << 30 } })
  clients.push(client)
  client.configure('c', { spec: { transport: 'list', frames: [] }, autoReconnect: false })
  const tick = () => {
    for (const run of pending.splice(0)) run()
  }
  return { client, tick }
}

/** The rows a following view of the whole timeline shows now. */
function openRows(client: InProcessClient, count = 50): { latest: () => TimelineWindow } {
  let latest: TimelineWindow | null = null
  client.openView('c', { direction: 'all', query: '' }, { follow: true, first: 0, count, selectedSeq: null }, (window) => (latest = window))
  return {
    latest: () => {
      if (!latest) throw new Error('no window yet')
      return latest
    },
  }
}

describe('annotations next to the frame log', () => {
  it('pins and notes a frame; rows and the snapshot carry them; unpinning with no note forgets it', async () => {
    const { client, tick } = makeClient()
    await client.play('c', messages(5))
    const view = openRows(client)
    expect(await client.annotate('c', 2, { pinned: true })).toEqual({ ok: true })
    expect(await client.annotate('c', 3, { note: 'the reply that was slow' })).toEqual({ ok: true })
    tick()
    const rows = view.latest().rows
    expect(rows[2]).toMatchObject({ seq: 2, pinned: true })
    expect(rows[2]?.note).toBeUndefined()
    expect(rows[3]).toMatchObject({ seq: 3, note: 'the reply that was slow' })
    expect(rows[3]?.pinned).toBeUndefined()
    expect(rows[0]?.pinned).toBeUndefined()
    expect(client.runtime.snapshot('c').annotations).toEqual({ pinned: 1, notes: 1, droppedPinned: 0 })

    const pinned = await client.pinnedFrames('c')
    expect(pinned.frames).toEqual([{ seq: 2, id: rows[2]?.id, at: 1_002, tone: 'out', kind: 'message', preview: 'm2', note: '' }])

    expect(await client.annotate('c', 2, { pinned: false })).toEqual({ ok: true })
    expect(await client.annotate('c', 3, { note: '   ' })).toEqual({ ok: true })
    tick()
    expect(view.latest().rows[2]?.pinned).toBeUndefined()
    expect(view.latest().rows[3]?.note).toBeUndefined()
    // Nothing annotated any more: the snapshot carries nothing, as for a connection that never had a pin.
    expect(client.runtime.snapshot('c').annotations).toBeUndefined()
  })

  it('refuses a note over the limit and keeps the one it had', async () => {
    const { client } = makeClient()
    await client.play('c', messages(2))
    await client.annotate('c', 1, { note: 'kept' })
    const refused = await client.annotate('c', 1, { note: 'x'.repeat(MAX_NOTE_CHARS + 1) })
    expect(refused.ok).toBe(false)
    expect(refused.ok ? '' : refused.error).toContain('at most 2,000 characters')
    expect(await client.annotate('c', 1, { note: 'y'.repeat(MAX_NOTE_CHARS) })).toEqual({ ok: true })
    expect(client.runtime.annotations('c')?.get(client.runtime.log('c')?.at(1)?.id ?? -1)?.note).toHaveLength(MAX_NOTE_CHARS)
    expect(await client.annotate('c', 99, { pinned: true })).toEqual({ ok: false, error: 'That frame is no longer in the timeline.' })
  })

  it('drops a pin with its frame when retention drops the frame, and counts it', async () => {
    const { client, tick } = makeClient(10)
    await client.play('c', messages(10))
    await client.annotate('c', 0, { pinned: true, note: 'first' })
    await client.annotate('c', 9, { pinned: true })
    // Five more frames: the oldest five go, the first pin with them.
    await client.play('c', messages(5, 10))
    tick()
    expect(client.runtime.snapshot('c').annotations).toEqual({ pinned: 1, notes: 0, droppedPinned: 1 })
    const pinned = await client.pinnedFrames('c')
    expect(pinned.droppedPinned).toBe(1)
    // Seq counts dropped frames too: the frame pinned at seq 9 still is at seq 9.
    expect(pinned.frames.map((f) => [f.seq, f.preview])).toEqual([[9, 'm9']])
  })

  it('clear takes pins and notes away; Undo clear brings them back with their frames, keeping pins made since', async () => {
    const { client, tick } = makeClient()
    await client.play('c', messages(4))
    await client.annotate('c', 1, { pinned: true, note: 'before clear' })
    client.clear('c')
    tick()
    expect(client.runtime.snapshot('c').annotations).toBeUndefined()
    expect((await client.pinnedFrames('c')).frames).toEqual([])
    await client.play('c', messages(2, 100))
    await client.annotate('c', 0, { pinned: true })
    expect(await client.undoClear('c')).toEqual({ ok: true })
    tick()
    const pinned = await client.pinnedFrames('c')
    // The four cleared frames come back first, then the two played since.
    expect(pinned.frames.map((f) => [f.seq, f.preview, f.note])).toEqual([
      [1, 'm1', 'before clear'],
      [4, 'm100', ''],
    ])
  })

  it('applies pins and notes of a played list by index', async () => {
    const { client } = makeClient()
    await client.play('c', messages(3))
    await client.play('c', messages(3, 10), 'file.ndjson', [{ index: 1, pinned: true, note: 'from the file' }])
    const pinned = await client.pinnedFrames('c')
    expect(pinned.frames.map((f) => [f.seq, f.preview, f.note])).toEqual([[4, 'm11', 'from the file']])
  })
})

describe('createAnnotations', () => {
  it('forgets only annotations older than the oldest retained frame', () => {
    const log = createFrameLog({ maxFrames: 3, maxBytes: 1 << 20 })
    const annotations = createAnnotations()
    for (let id = 1; id <= 3; id++) log.append({ id, at: id, kind: 'notice', message: `n${id}` })
    annotations.set(1, { pinned: true })
    annotations.set(3, { note: 'keep' })
    log.append({ id: 4, at: 4, kind: 'notice', message: 'n4' })
    expect(annotations.entries(log).map(([id]) => id)).toEqual([3])
    expect(annotations.stats(log)).toEqual({ pinned: 0, notes: 1, droppedPinned: 1 })
  })
})
