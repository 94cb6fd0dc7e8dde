// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame, FrameInput } from '../../../src/engine/frame.ts'
import { createConnectionRuntime, type ConnectionRuntime, type SnapshotChanges } from '../../../src/engine/runtime/connection-runtime.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import type { Transport } from '../../../src/engine/transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import { closeAllServers, createNodeSocket, startRefusingServer, startWsServer, waitFor } from '../../support/ws-server.ts'

const runtimes: ConnectionRuntime[] = []
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) runtime.dispose()
  await closeAllServers()
})

function makeRuntime(extra: Partial<Parameters<typeof createConnectionRuntime>[0]> = {}) {
  const pending: (() => void)[] = []
  const runtime = createConnectionRuntime({
    transports: [createWebSocketTransport({ createSocket: createNodeSocket }), createListTransport()],
    schedule: (run) => void pending.push(run),
    delay: (run) => run(),
    ...extra,
  })
  runtimes.push(runtime)
  const changes: SnapshotChanges[] = []
  runtime.onChange((change) => changes.push(change))
  const tick = () => {
    for (const run of pending.splice(0)) run()
  }
  return { runtime, changes, tick }
}

const ws = (url: string) => ({ spec: { transport: 'websocket', url, protocols: [] }, autoReconnect: false })

describe('connection runtime (no store, real ws server)', () => {
  it('reports frames to subscribers as they are recorded and snapshots once per tick', async () => {
    const server = await startWsServer()
    const { runtime, changes, tick } = makeRuntime()
    const seen: Frame[] = []
    const unsubscribe = runtime.onFrame('a', (frame) => seen.push(frame))
    runtime.configure('a', ws(server.url()))
    expect(runtime.connect('a')).toEqual({ ok: true })
    await waitFor(() => runtime.log('a')?.at(1)?.kind === 'open', 'open')
    runtime.send('a', 'one')
    runtime.send('a', 'two')
    await waitFor(() => runtime.log('a')?.length() === 6, 'two echoes')
    expect(seen.map((f) => f.kind)).toEqual(['connecting', 'open', 'message', 'message', 'message', 'message'])
    expect(changes).toHaveLength(0)
    tick()
    // Everything since the last tick arrives as one notification.
    expect(changes).toHaveLength(1)
    expect(changes[0]?.changed.get('a')).toMatchObject({ status: 'open', retained: 6, stats: { framesIn: 2, framesOut: 2, bytesIn: 6, bytesOut: 6 } })

    unsubscribe()
    runtime.send('a', 'three')
    await waitFor(() => runtime.log('a')?.length() === 8, 'third echo')
    expect(seen).toHaveLength(6)
  })

  it('never creates an entry by reading: log() and snapshot() of an unknown connection change nothing', () => {
    const { runtime, tick, changes } = makeRuntime()
    expect(runtime.log('nobody')).toBeUndefined()
    expect(runtime.snapshot('nobody').status).toBe('idle')
    expect(runtime.ids()).toEqual([])
    tick()
    expect(changes).toEqual([])
  })

  it('refuses to connect a connection it has no settings for, and one of an unknown transport kind', () => {
    const { runtime } = makeRuntime()
    expect(runtime.connect('x')).toEqual({ ok: false, error: 'That connection no longer exists.' })
    runtime.configure('y', { spec: { transport: 'carrier-pigeon' }, autoReconnect: false })
    expect(runtime.connect('y')).toEqual({ ok: false, error: 'This Frameline cannot open "carrier-pigeon" connections.' })
    expect(runtime.log('y')?.at(0)).toMatchObject({ kind: 'error', message: 'This Frameline cannot open "carrier-pigeon" connections.' })
  })

  it('plays frames through the list transport: fresh ids, times kept, counted like received traffic', () => {
    const { runtime, tick, changes } = makeRuntime()
    const frames: FrameInput[] = [
      { at: 10, kind: 'connecting', url: 'ws://recorded/', protocols: [] },
      { at: 11, kind: 'message', direction: 'in', payload: 'héllo', size: 6 },
      { at: 12, kind: 'notice', message: 'a recorded notice' },
      { at: 13, kind: 'message', direction: 'out', payload: new Uint8Array([1, 2]).buffer, size: 2 },
    ]
    expect(runtime.play('r', frames)).toEqual({ ok: true })
    const log = runtime.log('r')!
    expect(log.toArray().map((f) => [f.kind, f.at])).toEqual([
      ['connecting', 10],
      ['message', 11],
      ['notice', 12],
      ['message', 13],
    ])
    expect(new Set(log.toArray().map((f) => f.id)).size).toBe(4)
    expect(log.at(1)).toMatchObject({ detail: { transport: 'list', index: 1 } })
    // A second list goes on after the first.
    expect(runtime.play('r', [{ at: 14, kind: 'message', direction: 'in', payload: 'more', size: 4 }])).toEqual({ ok: true })
    expect(log.length()).toBe(5)
    tick()
    expect(changes.at(-1)?.changed.get('r')).toMatchObject({ transport: 'list', status: 'open', stats: { framesIn: 2, framesOut: 1, bytesIn: 10, bytesOut: 2 } })
    // The list session records sends and closes like any other.
    expect(runtime.send('r', 'echo?')).toEqual({ ok: true })
    expect(runtime.disconnect('r', 4001, 'done')).toEqual({ ok: true })
    expect(log.toArray().slice(-2)).toMatchObject([
      { kind: 'message', direction: 'out', payload: 'echo?' },
      { kind: 'close', code: 4001, reason: 'done', wasClean: true },
    ])
  })

  it('does not play into a live WebSocket connection', async () => {
    const server = await startWsServer()
    const { runtime } = makeRuntime()
    runtime.configure('a', ws(server.url()))
    runtime.connect('a')
    await waitFor(() => runtime.log('a')?.at(1)?.kind === 'open', 'open')
    expect(runtime.play('a', [])).toEqual({ ok: false, error: 'Not played: the connection is open; disconnect first.' })
  })

  it('keeps per-second series of frames and bytes in and out, with quiet seconds included', () => {
    let clock = 1_000_000
    const { runtime, tick, changes } = makeRuntime({ now: () => clock })
    runtime.play('s', [
      { at: 1_000_100, kind: 'message', direction: 'in', payload: 'aa', size: 2 },
      { at: 1_000_200, kind: 'message', direction: 'in', payload: 'bbb', size: 3 },
      { at: 1_001_500, kind: 'message', direction: 'out', payload: 'c', size: 1 },
      { at: 1_003_100, kind: 'message', direction: 'in', payload: 'dddd', size: 4 },
    ])
    clock = 1_004_000
    tick()
    const snapshot = changes.at(-1)?.changed.get('s')
    expect(snapshot?.series).toEqual([
      { at: 1_000_000, framesIn: 2, framesOut: 0, bytesIn: 5, bytesOut: 0 },
      { at: 1_001_000, framesIn: 0, framesOut: 1, bytesIn: 0, bytesOut: 1 },
      { at: 1_002_000, framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 },
      { at: 1_003_000, framesIn: 1, framesOut: 0, bytesIn: 4, bytesOut: 0 },
    ])
    expect(snapshot?.stats.ratePerSecond).toBe(1)
  })

  it('leaves reconnecting to a transport that reconnects by itself', async () => {
    const refusing = await startRefusingServer(503)
    const base = createWebSocketTransport({ createSocket: createNodeSocket })
    const selfHealing: Transport<{ transport: string; url: string; protocols: readonly string[] }> = {
      ...base,
      kind: 'self-healing',
      capabilities: { ...base.capabilities, reconnectsItself: true },
      checkTarget: (spec) => base.checkTarget({ ...spec, transport: 'websocket' }),
      open: (spec, sink, deps) => base.open({ ...spec, transport: 'websocket' }, sink, deps),
    }
    const { runtime } = makeRuntime({
      transports: [selfHealing, base],
      reconnectTiming: { baseDelayMs: 10, multiplier: 2, maxDelayMs: 50, jitter: 0, maxAttempts: 3, stableResetMs: 1000 },
    })
    runtime.configure('own', { spec: { transport: 'self-healing', url: refusing.url, protocols: [] }, autoReconnect: true })
    runtime.configure('ours', { spec: { transport: 'websocket', url: refusing.url, protocols: [] }, autoReconnect: true })
    runtime.connect('own')
    runtime.connect('ours')
    await waitFor(() => runtime.log('ours')?.toArray().some((f) => f.kind === 'notice'), 'a retry scheduled for the plain WebSocket')
    await waitFor(() => runtime.log('own')?.toArray().some((f) => f.kind === 'close'), 'the self-healing one closed')
    expect(runtime.log('own')?.toArray().some((f) => f.kind === 'notice')).toBe(false)
  })

  it('undoes a clear: the removed frames come back before those received since, and the counters too', () => {
    const { runtime, tick, changes } = makeRuntime()
    const msg = (payload: string): FrameInput => ({ at: 1, kind: 'message', direction: 'in', payload, size: payload.length })
    runtime.play('u', [msg('one'), msg('two')])
    runtime.clear('u')
    expect(runtime.log('u')?.length()).toBe(0)
    runtime.play('u', [msg('after')])
    expect(runtime.undoClear('u')).toEqual({ ok: true })
    expect(runtime.log('u')?.toArray().map((f) => (f.kind === 'message' ? f.payload : f.kind))).toEqual(['one', 'two', 'after'])
    tick()
    expect(changes.at(-1)?.changed.get('u')).toMatchObject({ retained: 3, stats: { framesIn: 3, bytesIn: 11 } })
    // Once undone (or too late), there is nothing left to undo.
    expect(runtime.undoClear('u')).toEqual({ ok: false, error: 'Nothing to undo: the cleared frames are no longer kept.' })
  })
})
