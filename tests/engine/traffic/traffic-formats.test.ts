import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Frame, FrameInput } from '../../../src/engine/frame.ts'
import { encodeTimeline } from '../../../src/engine/traffic/encoders.ts'
import { checkTrafficFileSize, decodeTrafficBytes, TRAFFIC_LIMITS, type Recording, type TrafficReadResult } from '../../../src/engine/traffic/limits.ts'
import { detectTimeUnit } from '../../../src/engine/traffic/read-har.ts'
import { readTrafficFile } from '../../../src/engine/traffic/read-traffic.ts'
import { TIMELINE_SCHEMA_PATH } from '../../../src/engine/traffic/timeline-record.ts'
import { validateAgainstSchema } from '../../workspace/mini-json-schema.ts'

const fixture = (name: string) => readFileSync(`tests/engine/traffic/fixtures/${name}`, 'utf8')

function ok(result: TrafficReadResult) {
  if (!result.ok) throw new Error(`expected success, got: ${result.message} ${result.details.join('; ')}`)
  return result
}

function only(result: TrafficReadResult): Recording {
  const value = ok(result)
  expect(value.recordings).toHaveLength(1)
  return value.recordings[0] as Recording
}

const bytes = (frame: FrameInput | undefined) => {
  if (frame?.kind !== 'message' || typeof frame.payload === 'string') throw new Error('expected a binary message')
  return [...new Uint8Array(frame.payload)]
}

const messages = (recording: Recording) => recording.frames.filter((f) => f.kind === 'message')

describe('HAR import', () => {
  it('reads a Chrome DevTools HAR: seconds since 1970, subprotocols, binary as base64, HTTP entries skipped', () => {
    const result = ok(readTrafficFile(fixture('devtools-seconds.har')))
    expect(result.format).toBe('har')
    expect(result.warnings).toEqual(['1 entry that is not WebSocket (HTTP requests and the like) skipped.'])
    const recording = only(result)
    expect(recording.url).toBe('ws://localhost:4173/demo/echo')
    expect(recording.name).toBe('localhost:4173/demo/echo')
    expect(recording.warnings.some((w) => w.includes('seconds since 1970') && w.includes('Chrome DevTools'))).toBe(true)
    expect(recording.frames[0]).toEqual({ at: Date.parse('2026-11-30T10:00:00.500Z'), kind: 'connecting', url: 'ws://localhost:4173/demo/echo', protocols: ['chat', 'superchat'] })
    expect(recording.frames[1]).toMatchObject({ kind: 'open', protocol: 'chat', extensions: 'permessage-deflate' })
    const sent = messages(recording)
    expect(sent.map((f) => f.kind === 'message' && f.direction)).toEqual(['out', 'in', 'in', 'out'])
    expect(sent[0]).toMatchObject({ at: 1796032800512.345, payload: '{"op":"subscribe","channel":"ticks"}', size: 36 })
    expect(bytes(sent[2])).toEqual([0, 1, 2, 255])
    // Size is UTF-8 bytes, not UTF-16 units: "é" is 2 bytes and "✓" 3.
    expect(sent[3]).toMatchObject({ payload: 'héllo ✓', size: 10, at: 1796032802250 })
  })

  it('reads a Playwright recordHar HAR: milliseconds since 1970, and says so', () => {
    const result = ok(readTrafficFile(fixture('playwright-milliseconds.har')))
    expect(result.warnings).toEqual(['2 entries that are not WebSocket (HTTP requests and the like) skipped.'])
    const recording = only(result)
    expect(recording.warnings.some((w) => w.includes('milliseconds since 1970') && w.includes('Playwright'))).toBe(true)
    const received = messages(recording)
    expect(received.map((f) => f.at)).toEqual([1796032801020, 1796032801031, 1796032801500, 1796032801512])
    expect(bytes(received[3])).toEqual([0xde, 0xad, 0xbe, 0xef])
    expect(recording.frames[1]).toMatchObject({ kind: 'open', protocol: '' })
  })

  it('detects the time unit from the entry start, or from the magnitude without one', () => {
    const started = Date.parse('2026-11-30T10:00:00Z')
    expect(detectTimeUnit([started / 1000 + 0.5], started)).toMatchObject({ unit: 'seconds', relative: false })
    expect(detectTimeUnit([started + 500], started)).toMatchObject({ unit: 'milliseconds', relative: false })
    expect(detectTimeUnit([started / 1000], null)).toMatchObject({ unit: 'seconds', relative: false })
    expect(detectTimeUnit([started], null)).toMatchObject({ unit: 'milliseconds', relative: false })
    expect(detectTimeUnit([0.25, 1.5], started)).toMatchObject({ unit: 'seconds', relative: true })
    expect(detectTimeUnit([250, 1500], started)).toMatchObject({ unit: 'milliseconds', relative: true })
  })

  it('turns each WebSocket entry into its own recording, and skips pings and unreadable messages with a count', () => {
    const entry = (url: string, messages: unknown[]) => ({ startedDateTime: '2026-11-30T10:00:00Z', request: { url }, response: { status: 101 }, _resourceType: 'websocket', _webSocketMessages: messages })
    const har = {
      log: {
        entries: [
          entry('wss://a.example/one', [{ type: 'receive', time: 1796032800.1, opcode: 1, data: 'a' }]),
          entry('wss://b.example/two', [
            { type: 'receive', time: 1796032800.2, opcode: 9, data: '' },
            { type: 'sideways', time: 1796032800.3, opcode: 1, data: 'x' },
            { type: 'receive', time: 1796032800.4, opcode: 2, data: 'not base64!!' },
            'junk',
            { type: 'receive', time: 1796032800.5, opcode: 8, data: '', code: 1001 },
          ]),
        ],
      },
    }
    const result = ok(readTrafficFile(JSON.stringify(har)))
    expect(result.recordings.map((r) => r.url)).toEqual(['wss://a.example/one', 'wss://b.example/two'])
    const second = result.recordings[1] as Recording
    expect(second.frames.map((f) => f.kind)).toEqual(['connecting', 'open', 'close'])
    expect(second.frames[2]).toMatchObject({ code: 1001 })
    expect(second.warnings).toContain('1 control frame (ping, pong or an unknown opcode) skipped.')
    expect(second.warnings).toContain('3 messages could not be read and were skipped.')
  })

  it('refuses a HAR without WebSocket entries, saying how many others it had', () => {
    const result = readTrafficFile(JSON.stringify({ log: { entries: [{ request: { url: 'https://x.example/' } }] } }))
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('no WebSocket entries (only 1 other entry)') })
  })
})

const sampleFrames: Frame[] = [
  { id: 1, at: 1796032800000, kind: 'connecting', url: 'wss://api.example/live?token=s3cr3tvalue1', protocols: ['v1'] },
  { id: 2, at: 1796032800010, kind: 'open', protocol: 'v1', extensions: '' },
  { id: 3, at: 1796032800020, kind: 'message', direction: 'out', payload: '{"password":"hunter22","n":1}', size: 29 },
  { id: 4, at: 1796032800030, kind: 'message', direction: 'in', payload: new Uint8Array([0, 255, 7, 128]).buffer, size: 4 },
  { id: 5, at: 1796032800040, kind: 'message', direction: 'in', payload: '', size: 0 },
  { id: 6, at: 1796032800050, kind: 'notice', message: 'Reconnecting in 1 s' },
  { id: 7, at: 1796032800060, kind: 'error', message: 'The server did not answer' },
  { id: 8, at: 1796032800070, kind: 'close', code: 4001, reason: 'bye', wasClean: false, meaning: 'Application-defined close code 4001.' },
]
const source = { name: 'Live API', url: 'wss://api.example/live?token=s3cr3tvalue1', transport: 'websocket' }
const exportedAt = Date.parse('2026-12-01T00:00:00Z')

function comparable(frame: FrameInput | Frame) {
  const { ...rest } = frame as Frame
  delete (rest as { id?: number }).id
  delete (rest as { meaning?: string }).meaning
  delete (rest as { detail?: unknown }).detail
  if (rest.kind === 'message' && typeof rest.payload !== 'string') return { ...rest, payload: [...new Uint8Array(rest.payload)] }
  return rest
}

describe('timeline export → import round trips', () => {
  it('NDJSON keeps every frame kind, text and binary, exactly', () => {
    const text = encodeTimeline('ndjson', sampleFrames, { source, exportedAt })
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(1 + sampleFrames.length)
    expect(JSON.parse(lines[0] as string)).toEqual({
      format: 'frameline.timeline',
      version: 1,
      connection: source,
      firstFrameAt: '2026-11-30T10:00:00.000Z',
      exportedAt: '2026-12-01T00:00:00.000Z',
      redacted: false,
    })
    expect(JSON.parse(lines[4] as string)).toEqual({ time: 1796032800030, direction: 'in', kind: 'message', size: 4, base64: 'AP8HgA==' })
    const recording = only(readTrafficFile(text))
    expect(recording).toMatchObject({ name: 'Live API', url: source.url, transport: 'websocket' })
    expect(recording.frames.map(comparable)).toEqual(sampleFrames.map(comparable))
  })

  it('the JSON array keeps them too', () => {
    const text = encodeTimeline('json', sampleFrames, { source, exportedAt })
    expect(Array.isArray(JSON.parse(text))).toBe(true)
    const recording = only(readTrafficFile(text, 'live.timeline.json'))
    expect(recording.name).toBe('live')
    expect(recording.frames.map(comparable)).toEqual(sampleFrames.map(comparable))
  })

  it('HAR keeps every message (text and binary, direction, time) and leaves connection events out', () => {
    const text = encodeTimeline('har', sampleFrames, { source, exportedAt })
    const har = JSON.parse(text)
    expect(har.log.version).toBe('1.2')
    const entry = har.log.entries[0]
    expect(entry).toMatchObject({ _resourceType: 'websocket', request: { method: 'GET', url: source.url }, response: { status: 101 } })
    expect(entry._webSocketMessages[1]).toEqual({ type: 'receive', time: 1796032800.03, opcode: 2, data: 'AP8HgA==' })
    const recording = only(readTrafficFile(text))
    expect(recording.warnings.some((w) => w.includes('seconds'))).toBe(true)
    const expected = sampleFrames.filter((f) => f.kind === 'message').map(comparable)
    expect(messages(recording).map(comparable)).toEqual(expected)
  })

  it('is lossless for any text and binary messages (property)', () => {
    const message = fc.record({
      at: fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }),
      direction: fc.constantFrom('in' as const, 'out' as const),
      payload: fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 64 }).map((b) => b.slice().buffer as ArrayBuffer)),
    })
    fc.assert(
      fc.property(fc.array(message, { maxLength: 20 }), fc.constantFrom('ndjson' as const, 'har' as const, 'json' as const), (items, format) => {
        const frames: Frame[] = items.map((m, i) => ({
          id: i + 1,
          kind: 'message',
          ...m,
          size: typeof m.payload === 'string' ? new TextEncoder().encode(m.payload).byteLength : m.payload.byteLength,
        }))
        const text = encodeTimeline(format, frames, { source, exportedAt })
        const result = readTrafficFile(text, 'x.json')
        if (format === 'har' && frames.length === 0) return // an empty entry is still one recording
        const recording = only(result)
        expect(messages(recording).map(comparable)).toEqual(frames.map(comparable))
      }),
      { numRuns: 150 },
    )
  })

  it('redacts secrets as workspace exports do, and notes what, unless secrets are included', () => {
    const redacted = encodeTimeline('ndjson', sampleFrames, { source, exportedAt, redact: true })
    expect(redacted).not.toContain('hunter22')
    expect(redacted).not.toContain('s3cr3tvalue1')
    const lines = redacted.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(lines[0]).toMatchObject({ redacted: true, connection: { url: 'wss://api.example/live?token=<redacted>' } })
    expect(lines[3]).toMatchObject({ text: '{"password":"<redacted>","n":1}', notes: ['redacted: field "password"'] })
    const har = encodeTimeline('har', sampleFrames, { source, exportedAt, redact: true })
    expect(har).not.toContain('hunter22')
    expect(har).not.toContain('s3cr3tvalue1')
    const kept = encodeTimeline('ndjson', sampleFrames, { source, exportedAt, redact: false })
    expect(kept).toContain('hunter22')
    expect(kept).toContain('s3cr3tvalue1')
  })
})

describe('hostile and malformed traffic files change nothing and say why', () => {
  const header = JSON.stringify({ format: 'frameline.timeline', version: 1, connection: { name: 'x', url: '', transport: 'websocket' } })
  const failure = (text: string) => {
    const result = readTrafficFile(text)
    if (result.ok) throw new Error('expected a failure')
    return `${result.message} ${result.details.join(' ')}`
  }

  it.each([
    ['empty', '', 'The file is empty.'],
    ['blank', ' \n\t ', 'The file is empty.'],
    ['truncated HAR', fixture('devtools-seconds.har').slice(0, 900), 'ends too early'],
    ['not JSON at all', 'hello world', 'not valid JSON'],
    ['a number', '42', 'neither a HAR file'],
    ['HAR entries of the wrong type', '{"log":{"entries":{"0":{}}}}', '"log.entries" must be a list, found an object'],
    ['HAR log of the wrong type', '{"log":"yes"}', 'expected an object with a "log"'],
    ['__proto__ key in a HAR', '{"log":{"entries":[],"__proto__":{"polluted":1}}}', 'the key "__proto__" is not allowed'],
    ['constructor key in a HAR message', '{"log":{"entries":[{"_resourceType":"websocket","_webSocketMessages":[{"constructor":{"prototype":1}}]}]}}', '"constructor" is not allowed'],
    ['hostile nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'nested more than 32 levels'],
    ['NDJSON with a truncated last line', `${header}\n{"time":1,"direction":"in","kind":"message","text":"ab`, 'line 2: not valid JSON'],
    ['NDJSON with a wrong type', `${header}\n{"time":1,"direction":"in","kind":"message","text":5}`, 'line 2: "text" must be a string, found a number'],
    ['NDJSON with a string time', `${header}\n{"time":"soon","direction":"in","kind":"message","text":"a"}`, '"time" must be a number'],
    ['NDJSON with text and base64', `${header}\n{"time":1,"direction":"in","kind":"message","text":"a","base64":"YQ=="}`, 'either "text" or "base64"'],
    ['NDJSON with bad base64', `${header}\n{"time":1,"direction":"in","kind":"message","base64":"%%%"}`, 'not valid base64'],
    ['NDJSON with an unknown kind', `${header}\n{"time":1,"direction":"in","kind":"<img src=x onerror=alert(1)>"}`, '"kind" must be one of'],
    ['NDJSON with a __proto__ record', `${header}\n{"time":1,"kind":"notice","message":"m","__proto__":{"polluted":true}}`, 'line 2: __proto__: the key "__proto__" is not allowed'],
    ['NDJSON from a newer Frameline', JSON.stringify({ format: 'frameline.timeline', version: 2 }), 'newer Frameline (version 2)'],
    ['NDJSON with a close code out of range', `${header}\n{"time":1,"kind":"close","code":70000}`, '"code" must be a close code'],
    ['a timeline pretty-printed as one object', JSON.stringify({ format: 'frameline.timeline', version: 1 }, null, 2), 'not NDJSON'],
    ['a JSON array of junk', '[1,2,3]', 'item 1: expected a frame record (an object), found a number'],
  ])('%s', (_name, text, expected) => {
    expect(failure(text)).toContain(expected)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses binary garbage before parsing, and oversized files unread', () => {
    const garbage = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0xc3, 0x28])
    expect(decodeTrafficBytes(garbage)).toMatchObject({ ok: false, message: expect.stringContaining('not UTF-8 text') })
    expect(checkTrafficFileSize(TRAFFIC_LIMITS.fileBytes)).toBeNull()
    expect(checkTrafficFileSize(TRAFFIC_LIMITS.fileBytes + 1)).toMatchObject({ ok: false, message: expect.stringContaining('too large') })
    expect(readTrafficFile('x'.repeat(10)).ok).toBe(false)
  })

  it('keeps imported text as text: markup in payloads comes back character for character', () => {
    const markup = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    const text = `${header}\n${JSON.stringify({ time: 1, direction: 'in', kind: 'message', text: markup })}\n`
    expect(only(readTrafficFile(text)).frames[0]).toMatchObject({ payload: markup, size: markup.length })
  })

  it('recomputes sizes rather than trusting the file', () => {
    const text = `${header}\n${JSON.stringify({ time: 1, direction: 'in', kind: 'message', size: 999999999, text: 'abc' })}\n`
    expect(only(readTrafficFile(text)).frames[0]).toMatchObject({ size: 3 })
  })
})

describe('public/schema/frameline-timeline-v1.schema.json', () => {
  const schema = JSON.parse(readFileSync(`public/${TIMELINE_SCHEMA_PATH}`, 'utf8'))

  it('accepts every line the NDJSON writer writes, redacted or not, and every JSON array item', () => {
    for (const redact of [true, false]) {
      const lines = encodeTimeline('ndjson', sampleFrames, { source, exportedAt, redact }).trimEnd().split('\n')
      for (const line of lines) expect(validateAgainstSchema(schema, JSON.parse(line))).toEqual([])
    }
    for (const item of JSON.parse(encodeTimeline('json', sampleFrames, { source, exportedAt }))) {
      expect(validateAgainstSchema(schema, item)).toEqual([])
    }
  })

  it('refuses records the reader refuses', () => {
    expect(validateAgainstSchema(schema, { time: 1, direction: 'in', kind: 'message', text: 'a', base64: 'YQ==' })).not.toEqual([])
    expect(validateAgainstSchema(schema, { time: 'soon', direction: 'in', kind: 'message', text: 'a' })).not.toEqual([])
    expect(validateAgainstSchema(schema, { format: 'frameline.timeline', version: 2, connection: source, firstFrameAt: null })).not.toEqual([])
  })
})

it('calls a HAR cut off after a comma truncated, whatever V8 names the error', () => {
  const result = readTrafficFile('{"log":{"entries":[{"_resourceType":"websocket",')
  expect(result).toMatchObject({ ok: false, message: expect.stringContaining('the text ends too early') })
})

it('reads what Playwright writes with omitted timing or attached content, and a failed socket', () => {
  const har = {
    log: {
      entries: [
        {
          startedDateTime: '2026-11-30T10:00:00.000Z',
          request: { url: 'ws://h/a' },
          response: { status: 101, _failureText: 'WebSocket is closed before the connection is established.' },
          _resourceType: 'websocket',
          _webSocketMessages: [{ type: 'send', time: -1, opcode: 1, data: 'x' }],
        },
        { startedDateTime: '2026-11-30T10:00:00.000Z', request: { url: 'ws://h/b' }, response: { status: 101, content: { _file: 'x.jsonl' } }, _resourceType: 'websocket' },
      ],
    },
  }
  const result = ok(readTrafficFile(JSON.stringify(har)))
  const [timed, attached] = result.recordings as [Recording, Recording]
  expect(timed.frames.map((f) => [f.kind, f.at])).toEqual([
    ['connecting', Date.parse('2026-11-30T10:00:00.000Z')],
    ['open', Date.parse('2026-11-30T10:00:00.000Z')],
    ['message', Date.parse('2026-11-30T10:00:00.000Z')],
    ['error', Date.parse('2026-11-30T10:00:00.000Z')],
  ])
  expect(timed.frames[3]).toMatchObject({ message: 'WebSocket is closed before the connection is established.' })
  expect(attached.warnings[0]).toContain('content: "embed"')
})

it('names a ZIP archive instead of calling it garbage', () => {
  expect(decodeTrafficBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]))).toMatchObject({ ok: false, message: expect.stringContaining('Unzip it') })
})

it('a HAR given to the workspace import is named, with where to open it instead', async () => {
  const { parseWorkspaceFile } = await import('../../../src/workspace/workspace-file.ts')
  expect(parseWorkspaceFile(fixture('devtools-seconds.har'))).toMatchObject({ ok: false, message: expect.stringContaining('This is a HAR file, not a workspace file. Open it with "Import traffic…"') })
})
