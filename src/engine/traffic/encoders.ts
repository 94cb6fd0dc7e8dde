import type { Frame } from '../frame.ts'
import type { Annotation } from '../view/annotations.ts'
import { redactPayload, redactProtocols, redactText, redactUrl, type Finding } from '../redact-text.ts'
import { bytesToBase64 } from './base64.ts'
import type { TrafficFormat } from './limits.ts'
import { frameToRecord, TIMELINE_FORMAT, TIMELINE_VERSION, type TimelineHeader, type TimelineSource } from './timeline-record.ts'

/*
 * Writers for the three export formats, as incremental encoders: begin(), then frame() per frame,
 * then end(). The export job in the runtime's Worker streams them into a Blob; tests and small
 * exports join them into one string (encodeTimeline).
 */

export type EncoderContext = {
  source: TimelineSource
  /** Time of the first frame that will be written (epoch ms), or null when there is none. */
  firstFrameAt: number | null
  exportedAt: number
  redacted: boolean
  filter?: { direction: string; query: string; regex?: boolean; matchCase?: boolean; events?: readonly string[] } | null
}

export type TimelineEncoder = {
  readonly format: TrafficFormat
  readonly mimeType: string
  readonly extension: string
  begin(context: EncoderContext): string
  /** The text for one frame; '' for a frame the format cannot carry (HAR holds messages only). */
  frame(frame: Frame, notes: readonly string[], annotation?: Annotation): string
  end(): string
}

const iso = (ms: number) => new Date(Number.isFinite(ms) ? ms : 0).toISOString()

export function createNdjsonEncoder(): TimelineEncoder {
  return {
    format: 'ndjson',
    mimeType: 'application/x-ndjson',
    extension: '.timeline.ndjson',
    begin(context) {
      const header: TimelineHeader = {
        format: TIMELINE_FORMAT,
        version: TIMELINE_VERSION,
        connection: { name: context.source.name, url: context.source.url, transport: context.source.transport },
        firstFrameAt: context.firstFrameAt === null ? null : iso(context.firstFrameAt),
        exportedAt: iso(context.exportedAt),
        redacted: context.redacted,
        ...(context.filter ? { filter: context.filter } : {}),
      }
      return `${JSON.stringify(header)}\n`
    },
    frame: (frame, notes, annotation) => `${JSON.stringify(frameToRecord(frame, notes, annotation))}\n`,
    end: () => '',
  }
}

export function createJsonArrayEncoder(): TimelineEncoder {
  let first = true
  return {
    format: 'json',
    mimeType: 'application/json',
    extension: '.timeline.json',
    begin() {
      first = true
      return '['
    },
    frame(frame, notes, annotation) {
      const text = `${first ? '\n' : ',\n'}${JSON.stringify(frameToRecord(frame, notes, annotation))}`
      first = false
      return text
    },
    end: () => (first ? ']\n' : '\n]\n'),
  }
}

export const FRAMELINE_CREATOR = { name: 'Frameline', version: '0.1.0' }

/**
 * HAR 1.2 with Chrome's WebSocket extension: one entry whose `_webSocketMessages` hold the
 * messages, `time` in seconds since the epoch as Chrome DevTools writes it, binary as base64.
 * Connection events have no place in that extension and are left out (the job counts them).
 */
export function createHarEncoder(): TimelineEncoder {
  let first = true
  return {
    format: 'har',
    mimeType: 'application/json',
    extension: '.har',
    begin(context) {
      first = true
      const started = iso(context.firstFrameAt ?? context.exportedAt)
      const url = context.source.url.replace(/^http/i, 'ws')
      const entry = {
        startedDateTime: started,
        time: 0,
        request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: {
          status: 101,
          statusText: 'Switching Protocols',
          httpVersion: 'HTTP/1.1',
          headers: [],
          cookies: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: 0,
        },
        cache: {},
        timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: 0, receive: 0, ssl: -1 },
        comment: context.source.name,
        _resourceType: 'websocket',
      }
      const head = {
        log: {
          version: '1.2',
          creator: FRAMELINE_CREATOR,
          pages: [],
          ...(context.redacted ? { comment: 'Secret-looking values were replaced with "<redacted>".' } : {}),
        },
      }
      // Everything but the closing brackets, so messages stream in between.
      const headText = JSON.stringify(head)
      const entryText = JSON.stringify(entry)
      return `${headText.slice(0, -2)},"entries":[${entryText.slice(0, -1)},"_webSocketMessages":[`
    },
    frame(frame) {
      if (frame.kind !== 'message') return ''
      const binary = typeof frame.payload !== 'string'
      const message = {
        type: frame.direction === 'out' ? 'send' : 'receive',
        time: frame.at / 1000,
        opcode: binary ? 2 : 1,
        data: typeof frame.payload === 'string' ? frame.payload : bytesToBase64(new Uint8Array(frame.payload)),
      }
      const text = `${first ? '' : ','}${JSON.stringify(message)}`
      first = false
      return text
    },
    end: () => ']}]}}\n',
  }
}

export function createEncoder(format: TrafficFormat): TimelineEncoder {
  switch (format) {
    case 'ndjson':
      return createNdjsonEncoder()
    case 'har':
      return createHarEncoder()
    case 'json':
      return createJsonArrayEncoder()
  }
}

export type FrameRedaction = { frame: Frame; notes: string[]; findings: Finding[] }

/** A frame with secret-looking values replaced, as workspace exports do; notes say what was. */
export function redactFrame(frame: Frame): FrameRedaction {
  const findings: Finding[] = []
  const take = <T extends { findings: Finding[] }>(scan: T): T => {
    findings.push(...scan.findings)
    return scan
  }
  let out: Frame = frame
  switch (frame.kind) {
    case 'message':
      if (typeof frame.payload === 'string') {
        const scan = take(redactPayload(frame.payload))
        // The size stays the size on the wire: it describes what was sent, not what is written.
        if (scan.findings.length > 0) out = { ...frame, payload: scan.text }
      }
      break
    case 'connecting': {
      const url = take(redactUrl(frame.url))
      const protocols = take(redactProtocols(frame.protocols))
      if (findings.length > 0) out = { ...frame, url: url.text, protocols: protocols.protocols }
      break
    }
    case 'open': {
      const protocol = take(redactText(frame.protocol))
      if (findings.length > 0) out = { ...frame, protocol: protocol.text }
      break
    }
    case 'error':
    case 'notice': {
      const message = take(redactText(frame.message))
      if (findings.length > 0) out = { ...frame, message: message.text }
      break
    }
    case 'close': {
      const reason = take(redactText(frame.reason))
      if (findings.length > 0) out = { ...frame, reason: reason.text }
      break
    }
  }
  return { frame: out, notes: findings.map((f) => `redacted: ${f.description}`), findings }
}

/** The connection's name and URL as an export writes them. */
export function redactSource(source: TimelineSource): { source: TimelineSource; findings: Finding[] } {
  const name = redactText(source.name)
  const url = redactUrl(source.url)
  return { source: { ...source, name: name.text, url: url.text }, findings: [...name.findings, ...url.findings] }
}

/** The user's note as an export writes it: redacted like everything else, unless secrets are included. */
export function redactAnnotation(annotation: Annotation | undefined, redact: boolean): { annotation: Annotation | undefined; findings: Finding[] } {
  if (!annotation || annotation.note === '') return { annotation, findings: [] }
  const scan = redactText(annotation.note)
  return { annotation: redact && scan.findings.length > 0 ? { ...annotation, note: scan.text } : annotation, findings: scan.findings }
}

/** Everything at once, for tests and small exports; the export job streams the same encoders. */
export function encodeTimeline(
  format: TrafficFormat,
  frames: readonly Frame[],
  context: Omit<EncoderContext, 'firstFrameAt' | 'redacted'> & { redact?: boolean; annotationOf?: (frame: Frame) => Annotation | undefined },
): string {
  const encoder = createEncoder(format)
  const redact = context.redact ?? false
  const source = redact ? redactSource(context.source) : { source: context.source, findings: [] }
  const results = frames.map((frame) => (redact ? redactFrame(frame) : { frame, notes: [], findings: [] }))
  const redacted = source.findings.length > 0 || results.some((r) => r.findings.length > 0)
  let text = encoder.begin({ ...context, source: source.source, firstFrameAt: frames[0]?.at ?? null, redacted })
  results.forEach((result, index) => {
    const frame = frames[index]
    text += encoder.frame(result.frame, result.notes, frame ? redactAnnotation(context.annotationOf?.(frame), redact).annotation : undefined)
  })
  return text + encoder.end()
}
