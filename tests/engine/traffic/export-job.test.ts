// @vitest-environment node
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame, FrameInput } from '../../../src/engine/frame.ts'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import { createInProcessClient } from '../../../src/engine/host/in-process-client.ts'
import type { RuntimeClient } from '../../../src/engine/host/runtime-client.ts'
import { createWorkerClient, type WorkerLike } from '../../../src/engine/host/worker-client.ts'
import { encodeTimeline } from '../../../src/engine/traffic/encoders.ts'
import { startExportJob, type ExportOutcome, type ExportProgress, type ExportRequest } from '../../../src/engine/traffic/export-job.ts'
import { readTrafficFile } from '../../../src/engine/traffic/read-traffic.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'

const source = { name: 'Ticker: prod', url: 'wss://t.example/?apikey=abcdef123456', transport: 'websocket' }
const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({ format: 'ndjson', filter: null, redact: true, source, exportedAt: 0, ...over })

function frames(count: number): Frame[] {
  const out: Frame[] = [{ id: 1, at: 1_000, kind: 'connecting', url: source.url, protocols: [] }]
  for (let i = 0; i < count; i++) {
    out.push(
      i % 10 === 9
        ? { id: i + 2, at: 1_001 + i, kind: 'message', direction: 'in', payload: new Uint8Array([i & 255, 1]).buffer, size: 2 }
        : { id: i + 2, at: 1_001 + i, kind: 'message', direction: i % 2 === 0 ? 'out' : 'in', payload: `{"n":${i},"token":"t${i}"}`, size: 20 },
    )
  }
  return out
}

/** A job driven by hand: every deferred slice waits in `queue`, and the clock moves 1 ms per read. */
function manualJob(log: ReturnType<typeof createFrameLog>, req: ExportRequest) {
  const queue: (() => void)[] = []
  const progress: ExportProgress[] = []
  let outcome: ExportOutcome | null = null
  let clock = 0
  const job = startExportJob(log, req, {
    defer: (next) => queue.push(next),
    now: () => (clock += 1),
    sliceMs: 5,
    partChars: 4096,
    onProgress: (p) => progress.push(p),
    onDone: (o) => (outcome = o),
  })
  const step = () => queue.shift()?.()
  const run = () => {
    let slices = 0
    while (queue.length > 0) {
      step()
      slices += 1
    }
    return slices
  }
  return { job, step, run, progress, outcome: () => outcome, queue }
}

function logOf(list: readonly Frame[], maxFrames = 1_000_000) {
  const log = createFrameLog({ maxFrames, maxBytes: 1 << 30 })
  for (const frame of list) log.append(frame)
  return log
}

async function text(outcome: ExportOutcome | null) {
  if (!outcome?.ok) throw new Error(`export failed: ${outcome && !outcome.ok ? outcome.error : 'not done'}`)
  return outcome.blob.text()
}

describe('the export job', () => {
  it('writes in slices, yielding between them, and produces exactly what the encoder writes at once', async () => {
    const all = frames(5_000)
    const job = manualJob(logOf(all), request({ redact: false }))
    const slices = job.run()
    // 5 ms per slice, the clock read every 256 frames and moving 1 ms per read: ~1,280 frames a slice.
    expect(slices).toBeGreaterThanOrEqual(4)
    const done = job.progress.map((p) => p.done)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    const steps = done.map((d, i) => d - (done[i - 1] ?? 0))
    expect(Math.max(...steps)).toBeLessThanOrEqual(256 * 6)
    expect(job.progress.at(-1)).toEqual({ done: all.length, total: all.length })
    expect(await text(job.outcome())).toBe(encodeTimeline('ndjson', all, { source, exportedAt: 0 }))
    expect(job.outcome()).toMatchObject({ ok: true, frames: all.length, fileName: 'Ticker- prod.timeline.ndjson', mimeType: 'application/x-ndjson' })
  })

  it('redacts by default and says what it found; with secrets included it warns instead', async () => {
    const all = frames(20)
    const redacted = manualJob(logOf(all), request())
    redacted.run()
    const written = await text(redacted.outcome())
    // Payload text sits JSON-escaped inside each record.
    expect(written).toContain('\\"n\\":0')
    expect(written).not.toContain('\\"t0\\"')
    expect(written).not.toContain('abcdef123456')
    // The connection URL (header), the connecting frame's URL, and 18 text payloads (2 of 20 are binary).
    expect(redacted.outcome()).toMatchObject({ redactions: 20, warnings: [] })
    const clear = manualJob(logOf(all), request({ redact: false }))
    clear.run()
    expect(await text(clear.outcome())).toContain('\\"token\\":\\"t0\\"')
    expect(clear.outcome()).toMatchObject({ redactions: 20, warnings: ['The file contains 20 secret-looking values in clear text.'] })
  })

  it('writes only the frames the filter shows, and the header says which filter', async () => {
    const all = frames(100)
    const job = manualJob(logOf(all), request({ filter: { direction: 'out', query: '"n":4' }, redact: false }))
    job.run()
    const result = readTrafficFile(await text(job.outcome()))
    if (!result.ok) throw new Error(result.message)
    const payloads = result.recordings[0]?.frames.map((f) => (f.kind === 'message' ? f.payload : f.kind))
    expect(payloads).toEqual(['{"n":4,"token":"t4"}', ...[40, 42, 44, 46, 48].map((n) => `{"n":${n},"token":"t${n}"}`)])
    expect(JSON.parse((await text(job.outcome())).split('\n')[0] as string).filter).toEqual({ direction: 'out', query: '"n":4' })
  })

  it('covers the frames retained at its start: later frames are not in the file, frames dropped before it got there are counted', async () => {
    const all = frames(3_000)
    const log = logOf(all, 3_001)
    const job = manualJob(log, request({ format: 'json', redact: false }))
    job.step()
    // A flood during the export: 2,000 new frames push 2,000 old ones out.
    for (let i = 0; i < 2_000; i++) log.append({ id: 10_000 + i, at: 9_000, kind: 'message', direction: 'in', payload: 'late', size: 4 })
    job.run()
    const outcome = job.outcome()
    const written = await text(outcome)
    expect(written).not.toContain('late')
    if (!outcome?.ok) throw new Error('failed')
    expect(outcome.frames + Number(/^(\d[\d,]*) frames were dropped/.exec(outcome.warnings[0] ?? '')?.[1]?.replace(/,/g, ''))).toBe(all.length)
    expect(JSON.parse(written).length).toBe(outcome.frames)
  })

  it('stops, saving nothing, when the timeline is cleared under it, and cancels on request', () => {
    const log = logOf(frames(5_000))
    const cleared = manualJob(log, request())
    cleared.step()
    log.clear()
    cleared.run()
    expect(cleared.outcome()).toEqual({ ok: false, error: expect.stringContaining('cleared') })
    const cancelled = manualJob(logOf(frames(5_000)), request())
    cancelled.step()
    cancelled.job.cancel()
    cancelled.run()
    expect(cancelled.outcome()).toBeNull()
  })

  it('counts connection events HAR cannot carry', async () => {
    const all = frames(3)
    const job = manualJob(logOf(all), request({ format: 'har' }))
    job.run()
    expect(job.outcome()).toMatchObject({ ok: true, frames: 3, warnings: [expect.stringContaining('1 connection event')] })
    expect(JSON.parse(await text(job.outcome())).log.entries[0]._webSocketMessages).toHaveLength(3)
  })
})

const clients: RuntimeClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
})

function played(count: number): FrameInput[] {
  return frames(count).map(({ id: _id, ...rest }) => rest as FrameInput)
}

describe('export through the runtime host', () => {
  it('streams a connection timeline into a Blob in-process, with progress, and can be cancelled', async () => {
    const client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void setTimeout(run, 0) })
    clients.push(client)
    expect(await client.play('c1', played(30_000))).toEqual({ ok: true })
    const progress: ExportProgress[] = []
    const outcome = await client.exportTimeline('c1', request({ format: 'har' }), (p) => progress.push(p)).done
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.frames).toBe(30_000)
    expect(progress.at(-1)).toEqual({ done: 30_001, total: 30_001 })
    const har = JSON.parse(await outcome.blob.text())
    expect(har.log.entries[0]._webSocketMessages).toHaveLength(30_000)
    const handle = client.exportTimeline('c1', request())
    handle.cancel()
    expect(await handle.done).toEqual({ ok: false, error: 'Export cancelled.' })
    // An unknown connection exports an empty timeline rather than failing.
    expect(await client.exportTimeline('nobody', request()).done).toMatchObject({ ok: true, frames: 0 })
  })

  it('hands the Blob over from a worker thread', async () => {
    const worker = new Worker(new URL('../../support/node-worker-bootstrap.mjs', import.meta.url))
    const adapter: WorkerLike = { postMessage: (c) => worker.postMessage(c), terminate: () => void worker.terminate(), onmessage: null, onerror: null }
    worker.on('message', (data) => adapter.onmessage?.({ data }))
    const client = createWorkerClient({ createWorker: () => adapter, fallback: () => ({ transports: [] }), readyTimeoutMs: 20_000 })
    clients.push(client)
    expect(await client.play('c1', played(1_000))).toEqual({ ok: true })
    const outcome = await client.exportTimeline('c1', request({ redact: false })).done
    expect(client.host()).toEqual({ mode: 'worker' })
    const result = readTrafficFile(await text(outcome))
    if (!result.ok) throw new Error(result.message)
    expect(result.recordings[0]?.frames).toHaveLength(1_001)

    // The exported file imports back in the worker: parsed and played there, only counts return.
    const bytes = await (outcome as { blob: Blob }).blob.arrayBuffer()
    const imported = await client.importTraffic(bytes, 'back.timeline.ndjson', 'rec_x')
    expect(imported).toMatchObject({ ok: true, format: 'ndjson', recordings: [{ id: 'rec_x-1', name: source.name, frames: 1_001 }] })
    expect((await client.frames('rec_x-1')).map((f) => f.kind === 'message' && f.payload)).toEqual((await client.frames('c1')).map((f) => f.kind === 'message' && f.payload))
    expect(await client.importTraffic(new TextEncoder().encode('{"log":').buffer as ArrayBuffer, 'bad.har', 'rec_y')).toMatchObject({ ok: false })
    expect(await client.frames('rec_y-1')).toEqual([])
  })
})

describe('recordings decode as their capture negotiated', () => {
  it('detects the protocol from the recorded subprotocol, for the recording and its replay', async () => {
    const client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void setTimeout(run, 0) })
    clients.push(client)
    const har = {
      log: {
        entries: [
          {
            startedDateTime: '2026-11-30T10:00:00Z',
            request: { url: 'wss://api.example/graphql', headers: [{ name: 'Sec-WebSocket-Protocol', value: 'graphql-transport-ws' }] },
            response: { status: 101, headers: [{ name: 'Sec-WebSocket-Protocol', value: 'graphql-transport-ws' }] },
            _resourceType: 'websocket',
            _webSocketMessages: [
              { type: 'send', time: 1796032800.1, opcode: 1, data: '{"type":"connection_init"}' },
              { type: 'receive', time: 1796032800.2, opcode: 1, data: '{"type":"connection_ack"}' },
            ],
          },
        ],
      },
    }
    const imported = await client.importTraffic(new TextEncoder().encode(JSON.stringify(har)).buffer as ArrayBuffer, 'gql.har', 'rec_g')
    expect(imported).toMatchObject({ ok: true })
    const rows = await new Promise<readonly { decoded: string | null }[]>((resolve) => {
      const view = client.openView('rec_g-1', { direction: 'all', query: '' }, { follow: true, first: 0, count: 10, selectedSeq: null }, (w) => {
        // In-process, the first window arrives before openView returns.
        if (w.rows.length === 4) {
          queueMicrotask(() => view.close())
          resolve(w.rows)
        }
      })
    })
    expect(rows.map((r) => r.decoded)).toEqual([null, null, 'ok', 'ok'])
    expect((await client.decode('rec_g-1', 2))?.label).toMatch(/GraphQL/)
    await new Promise<void>((resolve) => client.replay('rec_g-1', 'rec_g-replay', null, (p) => p.state === 'done' && resolve()))
    expect((await client.decode('rec_g-replay', 2))?.label).toMatch(/GraphQL/)
  })
})
