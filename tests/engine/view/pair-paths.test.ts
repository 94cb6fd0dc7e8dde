import { describe, expect, it } from 'vitest'
import { jsonRpcCodec } from '../../../src/engine/codecs/json-rpc.ts'
import { createFrameIds, type Frame } from '../../../src/engine/frame.ts'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import { ROW_DECODE_LIMIT_BYTES } from '../../../src/engine/view/decode-cache.ts'
import { createPairIndex } from '../../../src/engine/view/pair-index.ts'
import { compilePairing, pairingLabel, type PairingPaths, type PairingRule } from '../../../src/engine/view/pair-paths.ts'

const nextId = createFrameIds()
const text = (at: number, direction: 'in' | 'out', payload: string): Frame => ({ id: nextId(), at, kind: 'message', direction, payload, size: payload.length })
const msg = (at: number, direction: 'in' | 'out', value: unknown): Frame => text(at, direction, JSON.stringify(value))

function rule(paths: PairingPaths): PairingRule {
  const compiled = compilePairing(paths)
  if (!compiled.ok) throw new Error(compiled.error)
  return compiled.rule
}

function setup(paths: PairingPaths | null, maxFrames = 100_000) {
  const log = createFrameLog({ maxFrames, maxBytes: 1 << 30 })
  let current = paths ? rule(paths) : null
  const index = createPairIndex(
    () => log,
    () => null,
    () => current,
  )
  return { log, index, setPaths: (next: PairingPaths | null) => (current = next ? rule(next) : null) }
}

describe('pairing by JSON paths the user picks', () => {
  it('pairs a request with its reply by different fields, with several requests outstanding', () => {
    const { log, index } = setup({ request: '$.id', reply: '$.replyTo' })
    log.append(msg(1000, 'out', { id: 1, op: 'a' }))
    log.append(msg(1001, 'out', { id: 2, op: 'b' }))
    log.append(msg(1002, 'out', { id: 3, op: 'c' }))
    log.append(msg(1030, 'in', { replyTo: 2, ok: true }))
    log.append(msg(1050, 'in', { replyTo: 1, ok: true }))
    expect(index.sync()).toBe(false)
    expect(index.info(3)).toEqual({ partnerSeq: 1, latencyMs: 29 })
    expect(index.info(1)).toEqual({ partnerSeq: 3, latencyMs: null })
    expect(index.info(4)).toEqual({ partnerSeq: 0, latencyMs: 50 })
    expect(index.info(0)).toEqual({ partnerSeq: 4, latencyMs: null })
    expect(index.info(2)).toBeUndefined()
    expect(index.stats()).toEqual({ count: 2, p50: 29, p95: 50, max: 50, unanswered: 1, complete: true })

    log.append(msg(1102, 'in', { replyTo: 3 }))
    index.sync()
    expect(index.info(5)).toEqual({ partnerSeq: 2, latencyMs: 100 })
    expect(index.stats()).toMatchObject({ count: 3, unanswered: 0, max: 100 })
  })

  it('ignores a reply that comes before its request, and replies from the requesting side', () => {
    const { log, index } = setup({ request: '$.id', reply: '$.replyTo' })
    log.append(msg(0, 'in', { replyTo: 7 }))
    log.append(msg(5, 'out', { id: 7 }))
    // Sent frames are requests by default: a sent "replyTo" answers nothing.
    log.append(msg(6, 'out', { replyTo: 7 }))
    index.sync()
    expect(index.info(0)).toBeUndefined()
    expect(index.info(1)).toBeUndefined()
    expect(index.info(2)).toBeUndefined()
    expect(index.stats()).toMatchObject({ count: 0, unanswered: 1 })
  })

  it('compares keys as JSON scalars: the number 17 and the string "17" do not pair', () => {
    const { log, index } = setup({ request: "$['meta'].id", reply: '$.meta.re' })
    log.append(msg(0, 'out', { meta: { id: 17 } }))
    log.append(msg(3, 'in', { meta: { re: '17' } }))
    log.append(msg(4, 'out', { meta: { id: 'abc' } }))
    log.append(msg(9, 'in', { meta: { re: 'abc' } }))
    log.append(msg(12, 'in', { meta: { re: 17 } }))
    // null, booleans and objects are no key.
    log.append(msg(13, 'out', { meta: { id: null } }))
    log.append(msg(14, 'out', { meta: { id: { n: 1 } } }))
    index.sync()
    expect(index.info(1)).toBeUndefined()
    expect(index.info(3)).toEqual({ partnerSeq: 2, latencyMs: 5 })
    expect(index.info(4)).toEqual({ partnerSeq: 0, latencyMs: 12 })
    expect(index.stats()).toMatchObject({ count: 2, unanswered: 0 })
  })

  it('skips frames that are not JSON text without failing, and frames above the row decode limit', () => {
    const { log, index } = setup({ request: '$[0]', reply: '$.re' })
    log.append(msg(0, 'out', [5, 'x']))
    log.append(text(1, 'in', 'plain text {"re":5}'))
    log.append(text(2, 'in', '{"re": 5'))
    log.append({ id: nextId(), at: 3, kind: 'message', direction: 'in', payload: new Uint8Array([123, 125]).buffer, size: 2 } as Frame)
    log.append({ id: nextId(), at: 4, kind: 'error', direction: 'system', message: 'boom' } as Frame)
    const big = JSON.stringify({ re: 5, pad: 'x'.repeat(ROW_DECODE_LIMIT_BYTES) })
    log.append(text(5, 'in', big))
    log.append(text(6, 'in', '  {"re": 5}'))
    expect(index.sync()).toBe(false)
    for (const seq of [1, 2, 3, 4, 5]) expect(index.info(seq)).toBeUndefined()
    expect(index.info(6)).toEqual({ partnerSeq: 0, latencyMs: 6 })
    expect(index.stats()).toMatchObject({ count: 1, unanswered: 0 })
  })

  it('pairs in both directions when the server calls the client too, each request answered from the other side', () => {
    const { log, index } = setup({ request: '$.id', reply: '$.id', requests: 'both' })
    log.append(msg(0, 'out', { id: 1, call: 'ping' }))
    log.append(msg(2, 'in', { id: 9, call: 'server asks' }))
    log.append(msg(4, 'in', { id: 1, result: 'pong' }))
    log.append(msg(10, 'out', { id: 9, result: 'client answers' }))
    index.sync()
    expect(index.info(2)).toEqual({ partnerSeq: 0, latencyMs: 4 })
    expect(index.info(3)).toEqual({ partnerSeq: 1, latencyMs: 8 })
    expect(index.stats()).toMatchObject({ count: 2, unanswered: 0 })
  })

  it('takes received frames as requests when told so', () => {
    const { log, index } = setup({ request: '$.id', reply: '$.re', requests: 'received' })
    log.append(msg(0, 'out', { id: 1 }))
    log.append(msg(1, 'in', { id: 2 }))
    log.append(msg(6, 'out', { re: 2 }))
    index.sync()
    expect(index.info(2)).toEqual({ partnerSeq: 1, latencyMs: 5 })
    // The sent {"id": 1} is no request here, so nothing waits.
    expect(index.info(0)).toBeUndefined()
    expect(index.stats()).toMatchObject({ count: 1, unanswered: 0 })
    log.append(msg(7, 'in', { id: 3 }))
    index.sync()
    expect(index.stats()).toMatchObject({ count: 1, unanswered: 1 })
  })

  it('uses the paths instead of the codec, and starts over when they change or are cleared', () => {
    const log = createFrameLog({ maxFrames: 1000, maxBytes: 1 << 30 })
    let current: PairingRule | null = rule({ request: '$.id', reply: '$.replyTo' })
    const index = createPairIndex(
      () => log,
      () => jsonRpcCodec,
      () => current,
    )
    log.append(msg(0, 'out', { jsonrpc: '2.0', id: 1, method: 'a' }))
    log.append(msg(5, 'in', { jsonrpc: '2.0', id: 1, result: 1 }))
    log.append(msg(8, 'in', { replyTo: 1 }))
    index.sync()
    expect(index.info(2)).toEqual({ partnerSeq: 0, latencyMs: 8 })
    expect(index.info(1)).toBeUndefined()

    // The same setting compiled again is the same pairing: nothing is scanned over.
    current = rule({ request: '$.id', reply: '$.replyTo' })
    log.append(msg(9, 'in', { replyTo: 1 }))
    index.sync()
    expect(index.info(3)).toEqual({ partnerSeq: 0, latencyMs: null })

    current = rule({ request: '$.id', reply: '$.id' })
    index.sync()
    expect(index.info(1)).toEqual({ partnerSeq: 0, latencyMs: 5 })
    expect(index.info(2)).toBeUndefined()
    expect(index.stats()).toMatchObject({ count: 1 })

    // Cleared: back to the codec's JSON-RPC ids.
    current = null
    index.sync()
    expect(index.info(1)).toEqual({ partnerSeq: 0, latencyMs: 5 })
    expect(index.info(3)).toBeUndefined()
  })

  it('starts over on a clear, and keeps pairing across frames retention drops', () => {
    const { log, index } = setup({ request: '$.id', reply: '$.replyTo' }, 3)
    log.append(msg(0, 'out', { id: 1 }))
    log.append(msg(1, 'out', { id: 2 }))
    log.append(msg(3, 'in', { replyTo: 1 }))
    index.sync()
    expect(index.stats()).toMatchObject({ count: 1, unanswered: 1 })
    // Retention drops the first request; the second is still answered, by seq.
    log.append(msg(4, 'out', { id: 3 }))
    log.append(msg(11, 'in', { replyTo: 2 }))
    index.sync()
    expect(log.dropped()).toBe(2)
    expect(index.info(4)).toEqual({ partnerSeq: 1, latencyMs: 10 })
    expect(index.stats()).toMatchObject({ count: 2, unanswered: 1 })

    log.clear()
    log.append(msg(20, 'in', { replyTo: 3 }))
    log.append(msg(21, 'out', { id: 4 }))
    index.sync()
    expect(index.info(0)).toBeUndefined()
    expect(index.stats()).toEqual({ count: 0, p50: null, p95: null, max: null, unanswered: 1, complete: true })
  })
})

describe('compilePairing', () => {
  it('names the field whose path does not parse', () => {
    expect(compilePairing({ request: '$.id', reply: '$.[x' })).toMatchObject({ ok: false, field: 'reply' })
    expect(compilePairing({ request: '', reply: '$.id' })).toMatchObject({ ok: false, field: 'request' })
    expect(compilePairing({ request: "$['a b'][0]", reply: 'meta.id' }).ok).toBe(true)
  })

  it('labels the setting for the toolbar', () => {
    expect(pairingLabel({ request: '$.id', reply: '$.replyTo' })).toBe('$.id → $.replyTo')
    expect(pairingLabel({ request: '$.id', reply: '$.id', requests: 'both' })).toBe('$.id → $.id (both directions)')
  })
})
