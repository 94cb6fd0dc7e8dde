import type { FrameInput } from '../frame.ts'
import { describeCloseCode } from '../transports/websocket/close-codes.ts'
import { utf8ByteLength } from '../utf8.ts'
import { base64ToBytes, toArrayBuffer } from './base64.ts'
import { createWarnings, kindOf, readFailure, TRAFFIC_LIMITS, type Recording, type TrafficReadResult } from './limits.ts'

/*
 * Reading HAR 1.2 files with Chrome's WebSocket extension: every entry with
 * `_resourceType: "websocket"` (or `_webSocketMessages`) becomes one recording; other entries are
 * counted and skipped. Chrome DevTools writes message `time` in seconds since the epoch (a float),
 * Playwright's recordHar in milliseconds: the unit is detected per entry and the user is told
 * which was assumed.
 */

export type TimeUnit = 'seconds' | 'milliseconds'

export type TimeReading = {
  unit: TimeUnit
  /** Times are offsets from the entry's start rather than times since 1970. */
  relative: boolean
  /** What the user is told. */
  explanation: string
}

const DAY_MS = 24 * 60 * 60 * 1000
// Epoch times after 1973 are above 1e11 in milliseconds and between 1e8 and 1e11 in seconds.
const EPOCH_MS_MIN = 1e11
const EPOCH_S_MIN = 1e8

/**
 * Decides how to read an entry's message times. With a start time (startedDateTime) the unit that
 * puts the first message closest to it wins; without one, the magnitude decides; offsets too small
 * to be epoch times are read relative to the start, in milliseconds unless they look like seconds
 * (fractional and all under a day).
 */
export function detectTimeUnit(times: readonly number[], startedMs: number | null): TimeReading {
  const first = times.find((t) => Number.isFinite(t))
  if (first === undefined) return { unit: 'seconds', relative: false, explanation: 'no message times to read' }
  if (first >= EPOCH_S_MIN) {
    let unit: TimeUnit
    if (startedMs !== null) unit = Math.abs(first - startedMs) <= Math.abs(first * 1000 - startedMs) ? 'milliseconds' : 'seconds'
    else unit = first >= EPOCH_MS_MIN ? 'milliseconds' : 'seconds'
    return {
      unit,
      relative: false,
      explanation:
        unit === 'seconds'
          ? 'message times read as seconds since 1970, as Chrome DevTools writes them'
          : "message times read as milliseconds since 1970, as Playwright's recordHar writes them",
    }
  }
  const finite = times.filter((t) => Number.isFinite(t))
  const seconds = finite.some((t) => !Number.isInteger(t)) && finite.every((t) => t < DAY_MS / 1000)
  return {
    unit: seconds ? 'seconds' : 'milliseconds',
    relative: true,
    explanation: `message times read as ${seconds ? 'seconds' : 'milliseconds'} after the entry's start (they are too small to be times since 1970)`,
  }
}

type Fields = Record<string, unknown>

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value)

function header(headers: unknown, name: string): string {
  if (!Array.isArray(headers)) return ''
  for (const h of headers) {
    if (isObject(h) && typeof h.name === 'string' && h.name.toLowerCase() === name && typeof h.value === 'string') return h.value.slice(0, 8 * 1024)
  }
  return ''
}

export function isWebSocketEntry(entry: Fields): boolean {
  if (entry._resourceType === 'websocket' || Array.isArray(entry._webSocketMessages)) return true
  const request = entry.request
  return isObject(request) && typeof request.url === 'string' && /^wss?:\/\//i.test(request.url)
}

function entryToRecording(entry: Fields, index: number): Recording {
  const warnings = createWarnings()
  const request = isObject(entry.request) ? entry.request : {}
  const response = isObject(entry.response) ? entry.response : {}
  const url = typeof request.url === 'string' ? request.url.slice(0, 8 * 1024) : ''
  const startedParsed = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : NaN
  const startedMs = Number.isFinite(startedParsed) ? startedParsed : null
  const messages = Array.isArray(entry._webSocketMessages) ? entry._webSocketMessages : []
  if (!Array.isArray(entry._webSocketMessages)) {
    warnings.add(
      'This WebSocket entry carries no "_webSocketMessages": only the connection is shown. (Playwright\'s recordHar keeps messages in the HAR only with content: "embed".)',
    )
  }

  // Playwright writes -1 when asked to omit timing: no time, not a time before the start.
  const times = messages.map((m) => (isObject(m) && typeof m.time === 'number' && m.time >= 0 ? m.time : NaN))
  const reading = detectTimeUnit(times, startedMs)
  if (messages.length > 0) warnings.add(`Time unit: ${reading.explanation}.`)
  const toMs = (time: number) => {
    const ms = reading.unit === 'seconds' ? time * 1000 : time
    // Rounded to microseconds: seconds as a float do not multiply back to whole milliseconds.
    return Math.round((reading.relative ? (startedMs ?? 0) + ms : ms) * 1000) / 1000
  }
  const fallbackAt = startedMs ?? 0

  const frames: FrameInput[] = []
  const protocols = header(request.headers, 'sec-websocket-protocol')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  frames.push({ at: fallbackAt, kind: 'connecting', url, protocols })
  if (response.status === 101) {
    frames.push({
      at: fallbackAt,
      kind: 'open',
      protocol: header(response.headers, 'sec-websocket-protocol'),
      extensions: header(response.headers, 'sec-websocket-extensions'),
    })
  }
  let controlFrames = 0
  let unreadable = 0
  messages.forEach((message, m) => {
    const where = `message ${m + 1}`
    if (!isObject(message)) {
      unreadable += 1
      warnings.add(`${where}: expected an object, found ${kindOf(message)}; skipped.`)
      return
    }
    const direction = message.type === 'send' ? 'out' : message.type === 'receive' ? 'in' : null
    const at = typeof message.time === 'number' && Number.isFinite(message.time) && message.time >= 0 ? toMs(message.time) : fallbackAt
    const data = typeof message.data === 'string' ? message.data : message.data === undefined ? '' : null
    if (direction === null || data === null) {
      unreadable += 1
      warnings.add(`${where}: "type" must be "send" or "receive" and "data" a string; skipped.`)
      return
    }
    switch (message.opcode) {
      case 1:
        frames.push({ at, kind: 'message', direction, payload: data, size: utf8ByteLength(data) })
        return
      case 2: {
        const bytes = base64ToBytes(data)
        if (!bytes) {
          unreadable += 1
          warnings.add(`${where}: a binary message whose "data" is not base64; skipped.`)
          return
        }
        frames.push({ at, kind: 'message', direction, payload: toArrayBuffer(bytes), size: bytes.byteLength })
        return
      }
      case 8: {
        const code = typeof message.code === 'number' && Number.isInteger(message.code) ? message.code : 1005
        const reason = typeof message.reason === 'string' ? message.reason.slice(0, 1024) : ''
        frames.push({ at, kind: 'close', code, reason, wasClean: true, meaning: describeCloseCode(code) })
        return
      }
      default:
        // Ping and pong (9, 10) and anything unknown are not messages an application sees.
        controlFrames += 1
    }
  })
  if (typeof response._failureText === 'string' && response._failureText !== '') {
    frames.push({ at: frames[frames.length - 1]?.at ?? fallbackAt, kind: 'error', message: response._failureText.slice(0, 1024) })
  }
  if (controlFrames > 0) warnings.add(`${controlFrames} control frame${controlFrames === 1 ? '' : 's'} (ping, pong or an unknown opcode) skipped.`)
  if (unreadable > 0) warnings.add(`${unreadable} message${unreadable === 1 ? '' : 's'} could not be read and ${unreadable === 1 ? 'was' : 'were'} skipped.`)
  let name: string
  try {
    const parsed = new URL(url)
    name = `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`
  } catch {
    name = `WebSocket ${index + 1}`
  }
  return { name: name.slice(0, 200), url, transport: 'websocket', frames, warnings: warnings.list() }
}

/** A parsed HAR document (JSON.parse and the structure check already ran) as recordings. */
export function readHar(value: unknown): TrafficReadResult {
  if (!isObject(value) || !isObject(value.log)) return readFailure('This is not a HAR file: expected an object with a "log". Nothing was imported.')
  const entries = value.log.entries
  if (!Array.isArray(entries)) return readFailure(`This HAR file's "log.entries" must be a list, found ${kindOf(entries)}. Nothing was imported.`)
  const recordings: Recording[] = []
  let skipped = 0
  let frameCount = 0
  for (const [index, entry] of entries.entries()) {
    if (!isObject(entry) || !isWebSocketEntry(entry)) {
      skipped += 1
      continue
    }
    if (recordings.length >= TRAFFIC_LIMITS.recordings) {
      return readFailure(`This HAR file holds more than ${TRAFFIC_LIMITS.recordings} WebSocket entries; Frameline imports at most that many. Nothing was imported.`)
    }
    const messages = entry._webSocketMessages
    frameCount += Array.isArray(messages) ? messages.length : 0
    if (frameCount > TRAFFIC_LIMITS.frames) {
      return readFailure(`This HAR file holds more than ${TRAFFIC_LIMITS.frames.toLocaleString('en-US')} WebSocket messages; Frameline imports at most that many. Nothing was imported.`)
    }
    recordings.push(entryToRecording(entry, index))
  }
  const warnings: string[] = []
  if (skipped > 0) warnings.push(`${skipped.toLocaleString('en-US')} entr${skipped === 1 ? 'y that is' : 'ies that are'} not WebSocket (HTTP requests and the like) skipped.`)
  if (recordings.length === 0) {
    return readFailure(`This HAR file holds no WebSocket entries${skipped > 0 ? ` (only ${skipped.toLocaleString('en-US')} other entr${skipped === 1 ? 'y' : 'ies'})` : ''}; there is nothing to import.`)
  }
  return { ok: true, format: 'har', recordings, warnings }
}
