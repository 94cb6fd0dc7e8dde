import { describe, expect, it } from 'vitest'
import type { Codec } from '../../../src/engine/codecs/codec.ts'
import { graphqlTransportWsCodec } from '../../../src/engine/codecs/graphql.ts'
import { jsonRpcCodec } from '../../../src/engine/codecs/json-rpc.ts'
import { createFrameIds, type Frame } from '../../../src/engine/frame.ts'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import { createPairIndex } from '../../../src/engine/view/pair-index.ts'

const nextId = createFrameIds()
const msg = (at: number, direction: 'in' | 'out', value: unknown): Frame => {
  const payload = JSON.stringify(value)
  return { id: nextId(), at, kind: 'message', direction, payload, size: payload.length }
}

function setup(codec: Codec | null) {
  const log = createFrameLog({ maxFrames: 100_000, maxBytes: 1 << 30 })
  let current = codec
  const index = createPairIndex(() => log, () => current)
  return { log, index, setCodec: (next: Codec | null) => (current = next) }
}

describe('request/reply pairing', () => {
  it('pairs JSON-RPC ids: latency on the reply, partners both ways, percentiles and unanswered', () => {
    const { log, index } = setup(jsonRpcCodec)
    log.append(msg(1000, 'out', { jsonrpc: '2.0', id: 1, method: 'a' }))
    log.append(msg(1005, 'out', { jsonrpc: '2.0', id: 2, method: 'b' }))
    log.append(msg(1012, 'in', { jsonrpc: '2.0', id: 1, result: 'x' }))
    log.append(msg(1100, 'out', { jsonrpc: '2.0', id: 3, method: 'c' }))
    log.append(msg(1105, 'in', { jsonrpc: '2.0', id: 2, error: { code: 1, message: 'no' } }))
    log.append(msg(1106, 'in', { jsonrpc: '2.0', id: 99, result: 'nobody asked' }))
    expect(index.sync()).toBe(false)
    expect(index.info(2)).toEqual({ partnerSeq: 0, latencyMs: 12 })
    expect(index.info(0)).toEqual({ partnerSeq: 2, latencyMs: null })
    expect(index.info(4)).toEqual({ partnerSeq: 1, latencyMs: 100 })
    expect(index.info(5)).toBeUndefined()
    expect(index.stats()).toEqual({ count: 2, p50: 12, p95: 100, max: 100, unanswered: 1, complete: true })

    // Incremental: the late reply to #3 is found on the next sync.
    log.append(msg(1130, 'in', { jsonrpc: '2.0', id: 3, result: 'late' }))
    index.sync()
    expect(index.info(6)).toEqual({ partnerSeq: 3, latencyMs: 30 })
    expect(index.stats()).toMatchObject({ count: 3, unanswered: 0, max: 100 })
  })

  it('times a subscription by its first item, and points later items back to it', () => {
    const { log, index } = setup(graphqlTransportWsCodec)
    log.append(msg(0, 'out', { id: '1', type: 'subscribe', payload: { query: 'subscription { t }' } }))
    log.append(msg(40, 'in', { id: '1', type: 'next', payload: {} }))
    log.append(msg(90, 'in', { id: '1', type: 'next', payload: {} }))
    log.append(msg(95, 'in', { id: '1', type: 'complete' }))
    index.sync()
    expect(index.info(1)).toEqual({ partnerSeq: 0, latencyMs: 40 })
    expect(index.info(2)).toEqual({ partnerSeq: 0, latencyMs: null })
    expect(index.info(3)).toEqual({ partnerSeq: 0, latencyMs: null })
    expect(index.stats()).toMatchObject({ count: 1, p50: 40, unanswered: 0 })
  })

  it('starts over on a clear or a new codec, and pairs nothing without one', () => {
    const { log, index, setCodec } = setup(jsonRpcCodec)
    log.append(msg(0, 'out', { jsonrpc: '2.0', id: 1, method: 'a' }))
    log.append(msg(5, 'in', { jsonrpc: '2.0', id: 1, result: 1 }))
    index.sync()
    expect(index.stats().count).toBe(1)
    setCodec(null)
    index.sync()
    expect(index.stats()).toMatchObject({ count: 0, unanswered: 0 })
    setCodec(jsonRpcCodec)
    index.sync()
    expect(index.stats().count).toBe(1)
    log.clear()
    log.append(msg(10, 'out', { jsonrpc: '2.0', id: 7, method: 'z' }))
    index.sync()
    expect(index.stats()).toMatchObject({ count: 0, unanswered: 1 })
    expect(index.info(1)).toBeUndefined()
  })
})
