import { describe, expect, it } from 'vitest'
import { jsonRpcCodec } from '../../../src/engine/codecs/json-rpc.ts'
import { createFrameIds, type Frame } from '../../../src/engine/frame.ts'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import { createPairIndex, LATENCY_SERIES_SECONDS } from '../../../src/engine/view/pair-index.ts'

const nextId = createFrameIds()
const msg = (at: number, direction: 'in' | 'out', value: unknown): Frame => {
  const payload = JSON.stringify(value)
  return { id: nextId(), at, kind: 'message', direction, payload, size: payload.length }
}

describe('per-second latency series for the live chart', () => {
  it('buckets replies by the second they arrived in: count, p50 and max', () => {
    const log = createFrameLog({ maxFrames: 100_000, maxBytes: 1 << 30 })
    const index = createPairIndex(() => log, () => jsonRpcCodec)
    let id = 0
    const pair = (at: number, latency: number) => {
      id += 1
      log.append(msg(at - latency, 'out', { jsonrpc: '2.0', id, method: 'm' }))
      log.append(msg(at, 'in', { jsonrpc: '2.0', id, result: 1 }))
    }
    pair(10_100, 2)
    pair(10_500, 4)
    pair(10_900, 30)
    pair(11_200, 7)
    index.sync()
    expect(index.series()).toEqual([
      { at: 10_000, count: 3, p50: 4, max: 30 },
      { at: 11_000, count: 1, p50: 7, max: 7 },
    ])
  })

  it('keeps at most LATENCY_SERIES_SECONDS seconds, and starts over on a clear', () => {
    const log = createFrameLog({ maxFrames: 100_000, maxBytes: 1 << 30 })
    const index = createPairIndex(() => log, () => jsonRpcCodec)
    for (let s = 0; s < LATENCY_SERIES_SECONDS + 20; s++) {
      log.append(msg(s * 1000, 'out', { jsonrpc: '2.0', id: s, method: 'm' }))
      log.append(msg(s * 1000 + 1, 'in', { jsonrpc: '2.0', id: s, result: 1 }))
    }
    index.sync()
    const points = index.series()
    expect(points).toHaveLength(LATENCY_SERIES_SECONDS)
    expect(points[0]?.at).toBe(20_000)
    log.clear()
    index.sync()
    expect(index.series()).toEqual([])
  })
})
