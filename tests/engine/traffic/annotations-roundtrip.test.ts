// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame, FrameInput } from '../../../src/engine/frame.ts'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import type { ExportRequest } from '../../../src/engine/traffic/export-job.ts'
import { readTrafficFile } from '../../../src/engine/traffic/read-traffic.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import { MAX_NOTE_CHARS } from '../../../src/engine/view/annotations.ts'
import { encodeTimeline } from '../../../src/engine/traffic/encoders.ts'
import { TIMELINE_SCHEMA_PATH } from '../../../src/engine/traffic/timeline-record.ts'
import { readFileSync } from 'node:fs'
import { validateAgainstSchema } from '../../workspace/mini-json-schema.ts'

const clients: InProcessClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
})

const source = { name: 'Echo', url: 'wss://echo.example/', transport: 'websocket' }
const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({ format: 'ndjson', filter: null, redact: false, source, exportedAt: 0, ...over })

// Text with a line break, a lone surrogate's neighbour (an emoji) and JSON-looking quotes, plus binary bytes 0–255.
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => i)
const FRAMES: FrameInput[] = [
  { at: 1_000, kind: 'connecting', url: source.url, protocols: [] },
  { at: 1_001, kind: 'message', direction: 'out', payload: '{"op":"ping","s":"a\\nb 😀"}', size: 30 },
  { at: 1_002, kind: 'message', direction: 'in', payload: BYTES.buffer.slice(0), size: 256 },
  { at: 1_003, kind: 'message', direction: 'in', payload: 'plain', size: 5 },
]

function client(): InProcessClient {
  const made = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void setTimeout(run, 0) })
  clients.push(made)
  return made
}

function payloads(frames: readonly Frame[]): (string | number[])[] {
  return frames.flatMap((f) => (f.kind === 'message' ? [typeof f.payload === 'string' ? f.payload : [...new Uint8Array(f.payload)]] : []))
}

describe('pins and notes in exported timelines', () => {
  for (const format of ['ndjson', 'json'] as const) {
    it(`${format}: export then import keeps pins and notes, payloads byte for byte`, async () => {
      const from = client()
      await from.play('c', FRAMES)
      await from.annotate('c', 1, { pinned: true, note: 'first ping <b>not bold</b>' })
      await from.annotate('c', 2, { pinned: true })
      await from.annotate('c', 3, { note: 'just a note' })
      const outcome = await from.exportTimeline('c', request({ format })).done
      if (!outcome.ok) throw new Error(outcome.error)
      const text = await outcome.blob.text()
      expect(text).toContain('"pinned":true,"note":"first ping <b>not bold</b>"')

      const to = client()
      const bytes = new TextEncoder().encode(text)
      const answer = await to.importTraffic(bytes.buffer, `echo.timeline.${format}`, 'rec')
      if (!answer.ok) throw new Error(answer.message)
      const id = answer.recordings[0]?.id ?? ''
      const pinned = await to.pinnedFrames(id)
      expect(pinned.frames.map((f) => [f.seq, f.note])).toEqual([
        [1, 'first ping <b>not bold</b>'],
        [2, ''],
      ])
      const log = to.runtime.log(id)
      const imported = log?.toArray() ?? []
      expect(to.runtime.annotations(id)?.get(imported[3]?.id ?? -1)).toEqual({ pinned: false, note: 'just a note' })
      expect(payloads(imported)).toEqual(payloads(from.runtime.log('c')?.toArray() ?? []))
      expect(to.runtime.snapshot(id).annotations).toEqual({ pinned: 2, notes: 2, droppedPinned: 0 })
    })
  }

  it('redacts a secret in a note as in the payloads, unless secrets are included', async () => {
    const from = client()
    await from.play('c', FRAMES)
    await from.annotate('c', 3, { note: 'token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2ln here' })
    const redacted = await from.exportTimeline('c', request({ redact: true })).done
    if (!redacted.ok) throw new Error(redacted.error)
    expect(await redacted.blob.text()).not.toContain('eyJhbGciOiJIUzI1NiJ9')
    const clear = await from.exportTimeline('c', request({ redact: false })).done
    if (!clear.ok) throw new Error(clear.error)
    expect(await clear.blob.text()).toContain('eyJhbGciOiJIUzI1NiJ9')
  })

  it('HAR has no place for pins: the export writes none and still reads back', async () => {
    const from = client()
    await from.play('c', FRAMES)
    await from.annotate('c', 1, { pinned: true, note: 'n' })
    const outcome = await from.exportTimeline('c', request({ format: 'har' })).done
    if (!outcome.ok) throw new Error(outcome.error)
    const text = await outcome.blob.text()
    expect(text).not.toContain('"note"')
    expect(readTrafficFile(text).ok).toBe(true)
  })

  it('an imported note is bounded: an over-long one is cut with a warning, a malformed one ignored', () => {
    const header = JSON.stringify({ format: 'frameline.timeline', version: 1, connection: source, firstFrameAt: null, exportedAt: '' })
    const lines = [
      header,
      JSON.stringify({ time: 1, direction: 'in', kind: 'message', text: 'a', note: 'n'.repeat(MAX_NOTE_CHARS + 50) }),
      JSON.stringify({ time: 2, direction: 'in', kind: 'message', text: 'b', note: 42, pinned: 'yes' }),
      JSON.stringify({ time: 3, direction: 'in', kind: 'message', text: 'c', pinned: true }),
    ]
    const result = readTrafficFile(lines.join('\n'))
    if (!result.ok) throw new Error(result.message)
    const annotations = result.recordings[0]?.annotations ?? []
    expect(annotations.map((a) => [a.index, a.pinned, a.note.length])).toEqual([
      [0, false, MAX_NOTE_CHARS],
      [2, true, 0],
    ])
    expect(result.warnings.join('\n')).toContain('cut to that')
    expect(result.warnings.join('\n')).toContain('"note" must be text')
  })
})

it('the timeline JSON Schema accepts pinned and noted records and refuses an over-long note', () => {
  const schema = JSON.parse(readFileSync(`public/${TIMELINE_SCHEMA_PATH}`, 'utf8'))
  const frames: Frame[] = FRAMES.map((f, i) => ({ ...f, id: i + 1 }) as Frame)
  const lines = encodeTimeline('ndjson', frames, { source, exportedAt: 0, annotationOf: (f) => (f.id % 2 === 0 ? { pinned: true, note: `n${f.id}` } : { pinned: false, note: 'only a note' }) })
    .trimEnd()
    .split('\n')
  expect(lines[2]).toContain('"pinned":true,"note":"n2"')
  for (const line of lines) expect(validateAgainstSchema(schema, JSON.parse(line))).toEqual([])
  expect(validateAgainstSchema(schema, { time: 1, direction: 'in', kind: 'message', text: 'a', note: 'x'.repeat(MAX_NOTE_CHARS + 1) })).not.toEqual([])
})
