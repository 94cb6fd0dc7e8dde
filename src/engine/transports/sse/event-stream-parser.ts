/**
 * The event-stream parser of the WHATWG HTML standard, section 9.2.6 "Interpreting an event stream"
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
 * fed in network chunks of any size: a line, a field or a UTF-8 character may be split anywhere.
 */

export type ServerSentEvent = {
  /** The event type buffer, or 'message' when the event named none. */
  readonly event: string
  /** Every data line joined with LF, without the final LF. */
  readonly data: string
  /** The last event ID string after this event (ids persist across events, per the standard). */
  readonly id: string
  /** The reconnection time a `retry` field set inside this event's block, if any. */
  readonly retry?: number
}

export type EventStreamParser = {
  /** Feeds bytes; calls back for each complete event, in order. */
  push(chunk: Uint8Array): void
  /** The stream ended: an event without its blank line is discarded, as the standard says. */
  end(): void
  /** The last event ID string (what a reconnect sends as Last-Event-ID). */
  lastEventId(): string
}

export type EventStreamCallbacks = {
  event(event: ServerSentEvent): void
  /** A valid `retry` field: the new reconnection time in ms. */
  retry?(ms: number): void
  /** A comment line (starts with a colon), without the colon. */
  comment?(text: string): void
}

const LF = 0x0a
const CR = 0x0d
const DIGITS = /^[0-9]+$/

export function createEventStreamParser(callbacks: EventStreamCallbacks, initialLastEventId = ''): EventStreamParser {
  // Streaming UTF-8 decode: a character split over two chunks is held until its last byte comes.
  // `ignoreBOM: false` strips one leading U+FEFF, which the standard requires once per stream.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false })
  let pending = ''
  let skipLeadingLf = false
  let data = ''
  // Data lines in the event being read: 0 means the event has no data field (and is not dispatched).
  let dataLines = 0
  let eventType = ''
  let lastEventIdBuffer = initialLastEventId
  let lastEventId = initialLastEventId
  let blockRetry: number | undefined

  function dispatch(): void {
    lastEventId = lastEventIdBuffer
    const retry = blockRetry
    blockRetry = undefined
    if (dataLines === 0) {
      data = ''
      eventType = ''
      return
    }
    // Fixed shapes, no object spread: this runs once per event, hundreds of thousands a second.
    const type = eventType === '' ? 'message' : eventType
    const event: ServerSentEvent = retry === undefined ? { event: type, data, id: lastEventId } : { event: type, data, id: lastEventId, retry }
    data = ''
    dataLines = 0
    eventType = ''
    callbacks.event(event)
  }

  function line(text: string): void {
    if (text === '') {
      dispatch()
      return
    }
    if (text.charCodeAt(0) === 0x3a) {
      callbacks.comment?.(text.slice(1))
      return
    }
    const colon = text.indexOf(':')
    let field = text
    let value = ''
    if (colon >= 0) {
      field = text.slice(0, colon)
      value = text.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
    }
    switch (field) {
      case 'event':
        eventType = value
        break
      case 'data':
        // Lines are joined with LF and the last LF dropped (the standard appends one per line and
        // removes the final one): one line is kept as it came, with no copy and no join.
        data = dataLines === 0 ? value : `${data}\n${value}`
        dataLines += 1
        break
      case 'id':
        if (!value.includes('\u0000')) lastEventIdBuffer = value
        break
      case 'retry':
        if (DIGITS.test(value)) {
          const ms = Number.parseInt(value, 10)
          blockRetry = ms
          callbacks.retry?.(ms)
        }
        break
      default:
        // Any other field is ignored.
        break
    }
  }

  function feedText(text: string): void {
    let start = 0
    let i = 0
    if (skipLeadingLf && text.length > 0) {
      skipLeadingLf = false
      if (text.charCodeAt(0) === LF) {
        start = 1
        i = 1
      }
    }
    // Bounded by the text's length: each pass advances i.
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code !== LF && code !== CR) continue
      const piece = pending + text.slice(start, i)
      pending = ''
      if (code === CR) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === LF) i++
        } else {
          // A CR at the end of a chunk: an LF at the start of the next one belongs to it.
          skipLeadingLf = true
        }
      }
      start = i + 1
      line(piece)
    }
    if (start < text.length) pending += text.slice(start)
  }

  return {
    push(chunk) {
      feedText(decoder.decode(chunk, { stream: true }))
    },
    end() {
      const rest = decoder.decode()
      if (rest !== '') feedText(rest)
      // Whatever is left is an incomplete event; the standard discards it.
      pending = ''
      data = ''
      dataLines = 0
      eventType = ''
      blockRetry = undefined
    },
    lastEventId: () => lastEventId,
  }
}
