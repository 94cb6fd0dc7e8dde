// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createEventStreamParser, type ServerSentEvent } from '../../../src/engine/transports/sse/event-stream-parser.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

function parse(chunks: readonly Uint8Array[], initialId = '') {
  const events: ServerSentEvent[] = []
  const comments: string[] = []
  const retries: number[] = []
  const parser = createEventStreamParser(
    { event: (e) => events.push(e), comment: (c) => comments.push(c), retry: (ms) => retries.push(ms) },
    initialId,
  )
  for (const chunk of chunks) parser.push(chunk)
  parser.end()
  return { events, comments, retries, lastEventId: parser.lastEventId() }
}

/** Every way of cutting `whole` into two chunks, at every byte. */
function everySplit(whole: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = []
  for (let i = 0; i <= whole.length; i++) out.push([whole.subarray(0, i), whole.subarray(i)])
  return out
}

describe('event-stream parser (WHATWG HTML 9.2.6)', () => {
  it('parses event, multi-line data, id and the default type', () => {
    const { events, lastEventId } = parse([bytes('event: tick\ndata: a\ndata: b\nid: 7\n\ndata: plain\n\n')])
    expect(events).toEqual([
      { event: 'tick', data: 'a\nb', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ])
    expect(lastEventId).toBe('7')
  })

  it('treats CR, LF and CRLF alike, including a CR at the end of one chunk and its LF in the next', () => {
    const stream = 'data: one\r\n\r\ndata: two\r\rdata: three\n\n'
    const expected = ['one', 'two', 'three']
    for (const split of everySplit(bytes(stream))) expect(parse(split).events.map((e) => e.data)).toEqual(expected)
  })

  it('strips one leading BOM only', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('data: x\n\n')])
    expect(parse([withBom]).events.map((e) => e.data)).toEqual(['x'])
    // A BOM split over chunks is still stripped.
    expect(parse([withBom.subarray(0, 2), withBom.subarray(2)]).events.map((e) => e.data)).toEqual(['x'])
    // A field named "\uFEFFdata" after the first BOM is not "data".
    const twoBoms = new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...bytes('data: x\n\n')])
    expect(parse([twoBoms]).events).toEqual([])
  })

  it('keeps a UTF-8 character whole when a chunk boundary falls inside it', () => {
    const stream = bytes('data: zaï€😀\n\n')
    for (const split of everySplit(stream)) expect(parse(split).events).toEqual([{ event: 'message', data: 'zaï€😀', id: '' }])
  })

  it('reports comments, ignores unknown fields, removes only one space after the colon', () => {
    const { events, comments } = parse([bytes(': keep-alive\nfoo: bar\ndata:  two spaces\ndata\ndata:nospace\n\n')])
    expect(comments).toEqual([' keep-alive'])
    expect(events).toEqual([{ event: 'message', data: ' two spaces\n\nnospace', id: '' }])
  })

  it('honours retry only when it is all ASCII digits, and marks the event that set it', () => {
    const { events, retries } = parse([bytes('retry: 1500\ndata: a\n\nretry: 2s\ndata: b\n\nretry: -1\nretry:\ndata: c\n\n')])
    expect(retries).toEqual([1500])
    expect(events).toEqual([
      { event: 'message', data: 'a', id: '', retry: 1500 },
      { event: 'message', data: 'b', id: '' },
      { event: 'message', data: 'c', id: '' },
    ])
  })

  it('dispatches nothing for a block without data, but its id still counts; an id with NUL is ignored', () => {
    const { events, lastEventId } = parse([bytes('id: 3\n\nid: bad\u0000id\n\nevent: x\n\ndata: after\n\n')])
    expect(events).toEqual([{ event: 'message', data: 'after', id: '3' }])
    expect(lastEventId).toBe('3')
    // An empty id resets the last event id.
    expect(parse([bytes('id: 1\n\nid\ndata: z\n\n')]).events).toEqual([{ event: 'message', data: 'z', id: '' }])
  })

  it('discards an event whose blank line never came', () => {
    expect(parse([bytes('data: done\n\ndata: cut off\n')]).events.map((e) => e.data)).toEqual(['done'])
  })

  it('starts from the id it resumed with', () => {
    expect(parse([bytes('data: next\n\n')], '41').events).toEqual([{ event: 'message', data: 'next', id: '41' }])
  })

  it('survives a stream fed one byte at a time', () => {
    const stream = bytes('event: a\r\ndata: 1\r\nid: x\r\n\r\n: c\rdata: 2\r\r')
    const oneByOne = [...stream].map((b) => new Uint8Array([b]))
    expect(parse(oneByOne).events).toEqual([
      { event: 'a', data: '1', id: 'x' },
      { event: 'message', data: '2', id: 'x' },
    ])
  })
})
