// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { codecById } from '../../../src/engine/codecs/codecs.ts'
import { createFrameIds, type Frame } from '../../../src/engine/frame.ts'
import { createFrameLog, type FrameLog } from '../../../src/engine/frame-log.ts'
import { createFrameMatcher, createFrameView, type FrameFilter } from '../../../src/engine/view/frame-view.ts'
import { describeRule, hidingSentence, likeRule, recentDecodedTypes, type ExclusionRule } from '../../../src/engine/view/filter-rules.ts'
import { createTimelineWindowSource } from '../../../src/engine/view/timeline-window.ts'

const nextId = createFrameIds()
const T0 = 1_700_000_000_000
const stomp = codecById('stomp')!

function text(payload: string, at = T0, direction: 'in' | 'out' = 'in'): Frame {
  return { id: nextId(), at, kind: 'message', direction, payload, size: payload.length }
}

function binary(bytes: number[], at = T0, direction: 'in' | 'out' = 'in'): Frame {
  return { id: nextId(), at, kind: 'message', direction, payload: new Uint8Array(bytes).buffer, size: bytes.length }
}

function stompFrame(command: string, destination: string, body = ''): Frame {
  return text(`${command}\ndestination:${destination}\n\n${body}\u0000`)
}

function logOf(frames: Frame[]): FrameLog {
  const log = createFrameLog()
  for (const frame of frames) log.append(frame)
  return log
}

/** What a view over `frames` shows, as frame ids. */
function shownIds(frames: Frame[], filter: Partial<FrameFilter>, codec = null as typeof stomp | null): number[] {
  const view = createFrameView(logOf(frames), { direction: 'all', query: '', ...filter }, undefined, codec)
  const { count } = view.sync(1e9)
  return Array.from({ length: count }, (_, row) => view.frameAt(row)!.id)
}

describe('payload type filter', () => {
  it('shows only text or only binary messages; connection events have neither', () => {
    const open: Frame = { id: nextId(), at: T0, kind: 'open', protocol: '', extensions: '' }
    const a = text('hello')
    const b = binary([1, 2, 3])
    expect(shownIds([open, a, b], { payload: 'text' })).toEqual([a.id])
    expect(shownIds([open, a, b], { payload: 'binary' })).toEqual([b.id])
  })

  it('combines with the search and the direction', () => {
    const a = text('tick 1', T0, 'in')
    const b = text('tick 2', T0, 'out')
    const c = binary([0x74])
    expect(shownIds([a, b, c], { payload: 'text', query: 'tick', direction: 'out' })).toEqual([b.id])
  })
})

describe('time range filter', () => {
  const frames = [text('a', T0), text('b', T0 + 60_000), text('c', T0 + 120_000), text('d', T0 + 180_000)]
  it('keeps frames from `from` to `to`, both included', () => {
    expect(shownIds(frames, { from: T0 + 60_000, to: T0 + 120_000 })).toEqual([frames[1]!.id, frames[2]!.id])
  })
  it('takes either end alone', () => {
    expect(shownIds(frames, { from: T0 + 120_000 })).toEqual([frames[2]!.id, frames[3]!.id])
    expect(shownIds(frames, { to: T0 })).toEqual([frames[0]!.id])
  })
  it('matches nothing when from is after to, without failing', () => {
    expect(shownIds(frames, { from: T0 + 1, to: T0 })).toEqual([])
  })
})

describe('decoded type filter', () => {
  const frames = [stompFrame('MESSAGE', '/topic/a', 'x'), stompFrame('RECEIPT', '/r'), stompFrame('MESSAGE', '/topic/b', 'y'), text('not stomp at all')]

  it('shows messages the codec reads as one of the chosen types', () => {
    expect(shownIds(frames, { decodedTypes: ['MESSAGE'] }, stomp)).toEqual([frames[0]!.id, frames[2]!.id])
    expect(shownIds(frames, { decodedTypes: ['MESSAGE', 'RECEIPT'] }, stomp)).toEqual([frames[0]!.id, frames[1]!.id, frames[2]!.id])
  })

  it('shows nothing without a codec (nothing can be read as a type)', () => {
    expect(shownIds(frames, { decodedTypes: ['MESSAGE'] }, null)).toEqual([])
  })

  it('lists the types the codec found among the newest frames', () => {
    expect(recentDecodedTypes(logOf(frames), stomp).sort()).toEqual(['MESSAGE', 'RECEIPT'])
  })

  it('is read again with the new codec when the connection changes decoder', () => {
    const log = logOf(frames)
    let codec: typeof stomp | null = null
    const source = createTimelineWindowSource(() => log, { direction: 'all', query: '', decodedTypes: ['MESSAGE'] }, () => codec)
    const request = { follow: true, first: 0, count: 10, selectedSeq: null }
    expect(source.read(request).count).toBe(0)
    codec = stomp
    expect(source.read(request).count).toBe(2)
  })
})

describe('exclusion rules ("Hide frames like this")', () => {
  it('hides frames whose JSON field equals the value, and keeps the rest', () => {
    const tick = text('{"type":"tick","n":1}')
    const trade = text('{"type":"trade","n":2}')
    const plain = text('tick but not JSON')
    expect(shownIds([tick, trade, plain], { exclude: [{ kind: 'field', path: '$.type', value: 'tick' }] })).toEqual([trade.id, plain.id])
  })

  it('hides a decoded type, a shape, and combines several rules', () => {
    const message = stompFrame('MESSAGE', '/topic/a', 'x')
    const receipt = stompFrame('RECEIPT', '/r')
    const ping = text('ping 1')
    const pong = text('pong 1')
    const rules: ExclusionRule[] = [
      { kind: 'decodedType', type: 'RECEIPT' },
      { kind: 'shape', frameKind: 'message', direction: 'in', payload: 'text', prefix: 'ping' },
    ]
    expect(shownIds([message, receipt, ping, pong], { exclude: rules }, stomp)).toEqual([message.id, pong.id])
  })

  it('hides binary frames by their leading bytes', () => {
    const a = binary([0xde, 0xad, 0xbe, 0xef])
    const b = binary([0xca, 0xfe])
    expect(shownIds([a, b], { exclude: [{ kind: 'shape', frameKind: 'message', direction: 'in', payload: 'binary', prefix: 'dead' }] })).toEqual([b.id])
  })

  it('combines with a search: the search narrows, the rules hide within it', () => {
    const a = text('{"type":"tick","price":1}')
    const b = text('{"type":"quote","price":2}')
    const c = text('{"type":"quote","volume":3}')
    expect(shownIds([a, b, c], { query: 'price', exclude: [{ kind: 'field', path: '$.type', value: 'tick' }] })).toEqual([b.id])
    expect(shownIds([a, b, c], { query: '$.type = "quote"', exclude: [{ kind: 'field', path: '$.volume', value: 3 }] })).toEqual([b.id])
  })

  it('an unusable path hides nothing instead of failing', () => {
    const a = text('{"type":"tick"}')
    const matches = createFrameMatcher({ direction: 'all', query: '', exclude: [{ kind: 'field', path: '$..[', value: 'x' }] })
    expect(matches(a)).toBe(true)
  })
})

describe('likeRule picks the most specific rule that applies', () => {
  it('the event name of a Socket.IO or SSE message', () => {
    const frame: Frame = { id: nextId(), at: T0, kind: 'message', direction: 'in', payload: '{}', size: 2, detail: { transport: 'sse', event: 'price', id: '' } }
    const rule = likeRule(frame, null)
    expect(rule).toEqual({ kind: 'event', name: 'price' })
    expect(hidingSentence(rule)).toBe('Hiding frames of event "price"')
  })

  it('the decoded type when the codec reads the frame', () => {
    const frame = stompFrame('MESSAGE', '/topic/a', '{"type":"tick"}')
    const rule = likeRule(frame, stomp.decode((frame as { payload: string }).payload, 'in'))
    expect(rule).toEqual({ kind: 'decodedType', type: 'MESSAGE' })
    expect(hidingSentence(rule, 'STOMP')).toBe('Hiding frames decoded as STOMP MESSAGE')
  })

  it('a JSON type-like field, else the first characters', () => {
    const rule = likeRule(text('{"seq":1,"type":"tick"}'), null)
    expect(rule).toEqual({ kind: 'field', path: '$.type', value: 'tick' })
    expect(hidingSentence(rule)).toBe('Hiding frames where $.type = "tick"')
    expect(likeRule(text('{"op":10,"d":{}}'), null)).toEqual({ kind: 'field', path: '$.op', value: 10 })
    const shape = likeRule(text('HEARTBEAT 2026-12-01T10:00:00Z', T0, 'out'), null)
    expect(shape).toEqual({ kind: 'shape', frameKind: 'message', direction: 'out', payload: 'text', prefix: 'HEARTBEAT 20' })
    expect(describeRule(shape)).toBe('sent text frames starting with "HEARTBEAT 20"')
  })

  it('hides exactly the frames like the one it was made from, over a real log', () => {
    const frames = [text('{"type":"tick","n":1}'), text('{"type":"trade","n":2}'), text('{"type":"tick","n":3}'), binary([1, 2, 3, 4, 5, 6, 7]), binary([9, 9])]
    const tickRule = likeRule(frames[0]!, null)
    const binRule = likeRule(frames[3]!, null)
    expect(shownIds(frames, { exclude: [tickRule, binRule] })).toEqual([frames[1]!.id, frames[4]!.id])
  })
})

describe('JSON field search: the name check before parsing', () => {
  it('rules out frames without the field and still matches a name spelled with escapes', () => {
    const plain = text('{"type":"tick"}')
    const escaped = text('{"\\u0074ype":"tick"}')
    const other = text('{"kind":"tick"}')
    const nested = text('{"a":[{"b":{"type":"tick"}}]}')
    expect(shownIds([plain, escaped, other, nested], { query: '$.type = "tick"' })).toEqual([plain.id, escaped.id])
    expect(shownIds([plain, escaped, other, nested], { query: '$.a[0].b.type = tick' })).toEqual([nested.id])
    // `absent` needs no field: nothing is ruled out by name.
    expect(shownIds([plain, other], { query: '$.type absent' })).toEqual([other.id])
  })
})

describe('scan progress and stop/resume', () => {
  function bigLog(n: number): FrameLog {
    const log = createFrameLog({ maxFrames: n + 10, maxBytes: 1e12 })
    for (let i = 0; i < n; i++) log.append(text(i % 1000 === 0 ? `hit ${i}` : `frame ${i}`))
    return log
  }

  it('reports scanned of total and keeps what it found when stopped; resume goes on from there', () => {
    const log = bigLog(50_000)
    const view = createFrameView(log, { direction: 'all', query: 'hit' })
    // A zero budget examines one clock-check slice (512 frames) per call.
    const first = view.sync(0)
    expect(first.scanning).toBe(true)
    expect(first.total).toBe(50_000)
    expect(first.scanned).toBeGreaterThan(0)
    expect(first.scanned).toBeLessThan(50_000)
    view.stop()
    const stopped = view.sync(0)
    expect(stopped).toMatchObject({ scanning: false, stopped: true, scanned: first.scanned })
    // Frames arriving meanwhile are not examined either: the list stays in log order.
    log.append(text('hit late'))
    expect(view.sync(0)).toMatchObject({ stopped: true, scanned: first.scanned, total: 50_001 })
    view.resume()
    let snapshot = view.sync(0)
    while (snapshot.scanning) snapshot = view.sync(0)
    expect(snapshot).toMatchObject({ stopped: false, scanned: 50_001, total: 50_001, count: 51 })
  })

  it('the window carries progress only when a filter applies', () => {
    const log = bigLog(2000)
    const request = { follow: true, first: 0, count: 5, selectedSeq: null }
    expect(createTimelineWindowSource(() => log, { direction: 'all', query: '' }).read(request).progress).toBeNull()
    const window = createTimelineWindowSource(() => log, { direction: 'all', query: 'hit' }).read(request)
    expect(window.progress).toEqual({ scanned: 2000, total: 2000 })
    expect(window.count).toBe(2)
  })

  it('a clear starts a stopped view over, not stopped', () => {
    const log = bigLog(20_000)
    const view = createFrameView(log, { direction: 'all', query: 'hit' })
    view.sync(0)
    view.stop()
    log.clear()
    log.append(text('hit again'))
    expect(view.sync(0)).toMatchObject({ stopped: false, scanning: false, count: 1 })
  })
})
