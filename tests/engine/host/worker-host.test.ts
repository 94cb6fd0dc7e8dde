// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../../src/engine/frame.ts'
import { createInProcessClient } from '../../../src/engine/host/in-process-client.ts'
import type { RuntimeClient } from '../../../src/engine/host/runtime-client.ts'
import { createWorkerClient, type WorkerLike } from '../../../src/engine/host/worker-client.ts'
import { nodeWorker } from '../../support/node-worker.ts'
import type { ConnectionSnapshot } from '../../../src/engine/runtime/connection-snapshot.ts'
import type { SnapshotChanges } from '../../../src/engine/runtime/connection-runtime.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import type { TimelineWindow } from '../../../src/engine/view/timeline-window.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../../support/ws-server.ts'

const clients: RuntimeClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose()
  await closeAllServers()
})

const inProcessDeps = () => ({
  transports: [createWebSocketTransport({ createSocket: createNodeSocket }), createListTransport()],
  schedule: (run: () => void) => void setTimeout(run, 0),
  delay: (run: () => void) => run(),
})

/** Watches a client: the latest snapshot per connection and the latest window of one view. */
function watch(client: RuntimeClient) {
  const latest = new Map<string, ConnectionSnapshot>()
  client.onChange(({ changed }: SnapshotChanges) => {
    for (const [id, snapshot] of changed) latest.set(id, snapshot)
  })
  return latest
}

/** Strips what depends on the clock and the machine, keeping what the script decides. */
function stable(frames: Frame[]) {
  return frames.map((frame) => {
    const { at: _at, id: _id, ...rest } = frame
    if (rest.kind === 'message' && typeof rest.payload !== 'string') return { ...rest, payload: [...new Uint8Array(rest.payload)] }
    return rest
  })
}

/** One command script: connect, send text and binary, watch echoes in a view, disconnect with a code. */
async function runScript(client: RuntimeClient, url: string) {
  const latest = watch(client)
  const windows: TimelineWindow[] = []
  client.configure('c1', { spec: { transport: 'websocket', url, protocols: ['chat.v1'] }, autoReconnect: false })
  const view = client.openView('c1', { direction: 'in', query: '' }, { follow: true, first: 0, count: 10, selectedSeq: null }, (w) => windows.push(w))
  expect(await client.connect('c1')).toEqual({ ok: true })
  await waitFor(() => latest.get('c1')?.status === 'open', 'open')
  // Each send waits for its echo, so the order of frames is the script's, not the network's.
  const payloads = ['hello', new Uint8Array([0xde, 0xad, 0xbe, 0xef]).buffer, '{"n":3}']
  for (const [index, payload] of payloads.entries()) {
    expect(await client.send('c1', payload)).toEqual({ ok: true })
    await waitFor(() => latest.get('c1')?.stats.framesIn === index + 1, `echo ${index + 1}`)
  }
  expect(await client.disconnect('c1', 4000, 'script done')).toEqual({ ok: true })
  await waitFor(() => latest.get('c1')?.status === 'closed', 'closed')
  const frames = await client.frames('c1')
  const second = await client.frame('c1', 3)
  view.close()
  const snapshot = latest.get('c1')
  return { frames, second, snapshot, lastWindow: windows.at(-1) }
}

describe('the runtime behind its two hosts', () => {
  it('gives the same frames, snapshots and view windows through a worker thread and in-process', async () => {
    const server = await startWsServer({ handleProtocols: (offered) => offered.values().next().value ?? false })

    const local = createInProcessClient(inProcessDeps())
    clients.push(local)
    const worker = createWorkerClient({ createWorker: nodeWorker, fallback: inProcessDeps, readyTimeoutMs: 20_000 })
    clients.push(worker)

    const a = await runScript(local, server.url('/echo'))
    const b = await runScript(worker, server.url('/echo'))
    expect(worker.host()).toEqual({ mode: 'worker' }) // reason if not: see host().reason

    expect(stable(b.frames)).toEqual(stable(a.frames))
    expect(stable(a.frames).map((f) => f.kind)).toEqual(['connecting', 'open', 'message', 'message', 'message', 'message', 'message', 'message', 'close'])
    expect(a.frames.at(-1)).toMatchObject({ kind: 'close', code: 4000, reason: 'script done', wasClean: true })
    // The binary payload crossed the thread boundary as bytes, not as a detached or empty buffer.
    expect(stable(b.frames).filter((f) => f.kind === 'message' && Array.isArray(f.payload))).toHaveLength(2)
    expect(stable([b.second!])).toEqual(stable([a.second!]))

    const pick = (s: ConnectionSnapshot | undefined) => ({
      status: s?.status,
      protocol: s?.protocol,
      retained: s?.retained,
      retainedBytes: s?.retainedBytes,
      framesIn: s?.stats.framesIn,
      framesOut: s?.stats.framesOut,
      bytesIn: s?.stats.bytesIn,
      bytesOut: s?.stats.bytesOut,
      close: s?.closeOutcome?.close?.code,
    })
    expect(pick(b.snapshot)).toEqual(pick(a.snapshot))
    expect(pick(a.snapshot)).toEqual({
      status: 'closed',
      protocol: 'chat.v1',
      retained: 9,
      retainedBytes: 2 * (5 + 4 + 7),
      framesIn: 3,
      framesOut: 3,
      bytesIn: 16,
      bytesOut: 16,
      close: 4000,
    })
    // The view filtered to received messages: three rows, previews cut next to the log.
    const rows = (w: TimelineWindow | undefined) => w?.rows.map((r) => ({ kind: r.kind, tone: r.tone, size: r.size, preview: r.preview }))
    expect(rows(b.lastWindow)).toEqual(rows(a.lastWindow))
    expect(rows(a.lastWindow)).toEqual([
      { kind: 'message', tone: 'in', size: 5, preview: 'hello' },
      { kind: 'message', tone: 'in', size: 4, preview: 'binary 4 B · de ad be ef' },
      { kind: 'message', tone: 'in', size: 7, preview: '{"n":3}' },
    ])
  })

  it('falls back to an in-process runtime when the worker cannot start, replaying what was asked before', async () => {
    const server = await startWsServer()
    const fallbacks: string[] = []
    const broken = createWorkerClient({
      createWorker: () => {
        throw new Error('Workers are not allowed here')
      },
      fallback: inProcessDeps,
      onFallback: (reason) => fallbacks.push(reason),
    })
    clients.push(broken)
    const latest = watch(broken)
    broken.configure('c1', { spec: { transport: 'websocket', url: server.url(), protocols: [] }, autoReconnect: false })
    expect(await broken.connect('c1')).toEqual({ ok: true })
    await waitFor(() => latest.get('c1')?.status === 'open', 'open in-process')
    expect(broken.host()).toEqual({ mode: 'in-process', reason: 'this page may not start workers (Workers are not allowed here)' })
    expect(fallbacks).toHaveLength(1)

    // A worker that reports an error before it is ready: commands sent meanwhile are not lost.
    const failing = createWorkerClient({
      createWorker: () => {
        const fake: WorkerLike = { postMessage: () => {}, terminate: () => {}, onmessage: null, onerror: null }
        setTimeout(() => fake.onerror?.({ message: 'script blocked by the Content-Security-Policy' }), 20)
        return fake
      },
      fallback: inProcessDeps,
    })
    clients.push(failing)
    const seen = watch(failing)
    failing.configure('c2', { spec: { transport: 'websocket', url: server.url(), protocols: [] }, autoReconnect: false })
    const connected = failing.connect('c2')
    expect(await connected).toEqual({ ok: true })
    await waitFor(() => seen.get('c2')?.status === 'open', 'open after the fallback')
    expect(failing.host()).toMatchObject({ mode: 'in-process', reason: expect.stringContaining('Content-Security-Policy') })
  })
})
