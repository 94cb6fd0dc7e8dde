// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame, FrameInput } from '../../../src/engine/frame.ts'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import { resendFrames } from '../../../src/engine/host/runtime-server.ts'
import type { ReplayProgress } from '../../../src/engine/traffic/replay-job.ts'
import { compareRuns, comparableText } from '../../../src/engine/traffic/compare-runs.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../../support/ws-server.ts'

let id = 0
const msg = (direction: 'in' | 'out', payload: string | ArrayBuffer, at = 0): Frame => {
  id += 1
  return { id, at, kind: 'message', direction, payload, size: typeof payload === 'string' ? payload.length : payload.byteLength }
}

describe('compareRuns', () => {
  it('compares the n-th sent and n-th received messages, ignoring chosen JSON fields at any depth', () => {
    const before = [msg('out', '{"op":"get","id":1}'), msg('in', '{"ok":true,"ts":100,"data":{"id":7,"v":"a"}}'), msg('in', 'bye')]
    const after = [msg('out', '{"id":2,"op":"get"}'), msg('in', '{"data":{"v":"a","id":9},"ts":200,"ok":true}'), msg('in', 'BYE'), msg('in', 'extra')]
    const strict = compareRuns(before, after, [])
    expect(strict.sent).toEqual({ before: 1, after: 1, same: 0 })
    expect(strict.received).toEqual({ before: 2, after: 3, same: 0 })
    const loose = compareRuns(before, after, ['id', ' ts ', ''])
    expect(loose.ignored).toEqual(['id', 'ts'])
    expect(loose.sent.same).toBe(1)
    expect(loose.received.same).toBe(1)
    expect(loose.differences).toEqual([
      { direction: 'in', index: 1, kind: 'different', before: 'bye', after: 'BYE' },
      { direction: 'in', index: 2, kind: 'extra', before: '', after: 'extra' },
    ])
  })

  it('reports missing replies, compares binary by bytes, and keeps hostile keys as data', () => {
    const before = [msg('in', new Uint8Array([1, 2]).buffer), msg('in', 'late')]
    const after = [msg('in', new Uint8Array([1, 3]).buffer)]
    const result = compareRuns(before, after, ['x'])
    expect(result.differences.map((d) => d.kind)).toEqual(['different', 'missing'])
    expect(comparableText('{"__proto__":{"a":1},"x":2}', new Set(['x']))).toBe('json:[["__proto__",[["a",1]]]]')
    expect(({} as Record<string, unknown>).a).toBeUndefined()
  })
})

describe('resendFrames', () => {
  it('keeps only sent messages, with gaps kept or shortened', () => {
    const frames = [msg('out', 'a', 1_000), msg('in', 'r', 1_500), msg('out', 'b', 5_000), msg('out', 'c', 5_010)]
    expect(resendFrames(frames, null).map((f) => f.at)).toEqual([0, 4_000, 4_010])
    expect(resendFrames(frames, 100).map((f) => f.at)).toEqual([0, 100, 110])
    expect(resendFrames(frames, 0).map((f) => f.at)).toEqual([0, 0, 0])
  })
})

const clients: InProcessClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose()
  await closeAllServers()
})

describe('re-send a recording to a live server, then compare', () => {
  it('sends the recorded messages in order, captures the new replies, and compares the runs', async () => {
    const server = await startWsServer()
    const client = createInProcessClient({
      transports: [createWebSocketTransport({ createSocket: createNodeSocket }), createListTransport()],
      schedule: (run) => void setTimeout(run, 0),
      delay: (run) => run(),
    })
    clients.push(client)
    const recording: FrameInput[] = [
      { at: 1_000, kind: 'message', direction: 'out', payload: '{"n":1,"ts":5}', size: 14 },
      { at: 1_001, kind: 'message', direction: 'in', payload: '{"n":1,"ts":5}', size: 14 },
      { at: 1_020, kind: 'message', direction: 'out', payload: new Uint8Array([7, 7]).buffer, size: 2 },
      { at: 1_021, kind: 'message', direction: 'in', payload: new Uint8Array([7, 7]).buffer, size: 2 },
      { at: 1_040, kind: 'message', direction: 'out', payload: 'three', size: 5 },
      { at: 1_041, kind: 'message', direction: 'in', payload: 'THREE', size: 5 },
    ]
    await client.play('rec', recording)
    client.configure('live', { spec: { transport: 'websocket', url: server.url(), protocols: [] }, autoReconnect: false })
    await client.connect('live')
    await waitFor(() => client.runtime.snapshot('live').status === 'open', 'open')
    client.runtime.send('live', 'before the run')
    await waitFor(() => client.runtime.snapshot('live').stats.framesIn === 1, 'first echo')

    const progress: ReplayProgress[] = []
    let start = { seq: -1, clears: -1 }
    client.resend('rec', 'live', 5, (p, s) => {
      progress.push(p)
      start = s
    })
    await waitFor(() => progress.at(-1)?.state === 'done', 'resend done')
    await waitFor(() => client.runtime.snapshot('live').stats.framesIn === 4, 'echoes')
    expect(server.received.slice(1).map((m) => (m.isBinary ? [...m.data] : m.text))).toEqual(['{"n":1,"ts":5}', [7, 7], 'three'])
    // The run starts after what the timeline held before it (connecting, open, one send, one echo).
    expect(start).toEqual({ seq: 4, clears: 0 })

    const compared = await client.compare('rec', 'live', start, ['ts'])
    if (!compared.ok) throw new Error(compared.error)
    expect(compared.sent).toEqual({ before: 3, after: 3, same: 3 })
    expect(compared.received).toEqual({ before: 3, after: 3, same: 2 })
    expect(compared.differences).toEqual([{ direction: 'in', index: 2, kind: 'different', before: 'THREE', after: 'three' }])

    client.clear('live')
    expect(await client.compare('rec', 'live', start, [])).toEqual({ ok: false, error: expect.stringContaining('cleared') })
  })

  it('fails, saying why, when the target is not connected', async () => {
    const client = createInProcessClient({ transports: [createListTransport()], schedule: (run) => void setTimeout(run, 0) })
    clients.push(client)
    await client.play('rec', [{ at: 1, kind: 'message', direction: 'out', payload: 'x', size: 1 }])
    const progress: ReplayProgress[] = []
    client.resend('rec', 'nowhere', 0, (p) => progress.push(p))
    await waitFor(() => progress.at(-1)?.state === 'failed', 'failure')
    expect(progress.at(-1)?.error).toBe('Not sent: connect first.')
  })
})
