import type { Frame, FrameId } from '../frame.ts'
import type { Annotation } from '../view/annotations.ts'
import type { Codec } from '../codecs/codec.ts'
import type { FrameLog } from '../frame-log.ts'
import type { Finding } from '../redact-text.ts'
import { createFrameMatcher, type FrameFilter } from '../view/frame-view.ts'
import { createEncoder, redactAnnotation, redactFrame, redactSource } from './encoders.ts'
import type { TrafficFormat } from './limits.ts'
import type { TimelineSource } from './timeline-record.ts'

export type ExportRequest = {
  format: TrafficFormat
  /** Only frames this filter shows; null exports the whole retained timeline. */
  filter: FrameFilter | null
  /** Replace secret-looking values with "<redacted>" (the default everywhere in the UI). */
  redact: boolean
  source: TimelineSource
  exportedAt: number
}

export type ExportProgress = { done: number; total: number }

export type ExportSummary = {
  fileName: string
  mimeType: string
  /** Frames written. */
  frames: number
  /** Characters written (UTF-16 units; the file's byte size is the Blob's). */
  chars: number
  /** Secret-looking values replaced (or, with redact off, left in). */
  redactions: number
  /** What kinds of secret were found, each once, e.g. `query parameter "token"`. */
  redactionKinds: string[]
  warnings: string[]
}

export type ExportOutcome = ({ ok: true; blob: Blob } & ExportSummary) | { ok: false; error: string }

export type ExportJobOptions = {
  /** Runs the next slice later, so commands (and incoming frames) are handled in between. */
  defer?: (next: () => void) => void
  now?: () => number
  /** Work per slice before yielding. */
  sliceMs?: number
  /** Strings are joined into parts of about this many characters before they go into the Blob. */
  partChars?: number
  /** The connection's codec, for a filter on decoded types (a "filtered only" export writes what the view shows). */
  codec?: Codec | null
  onProgress?: (progress: ExportProgress) => void
  onDone: (outcome: ExportOutcome) => void
  /** The user's pin and note on a frame, written with it (NDJSON and JSON; HAR has no place for them). */
  annotationOf?: (id: FrameId) => Annotation | undefined
}

const CHECK_CLOCK_EVERY = 256

/** `<name>.timeline.ndjson` etc., with characters some file systems refuse replaced. */
export function timelineFileName(name: string, extension: string): string {
  const safe = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, 100)
  return `${safe === '' ? 'timeline' : safe}${extension}`
}

/**
 * Streams one connection's log through an encoder into a Blob, in slices of `sliceMs`, so the
 * runtime keeps receiving frames and answering the page while a million frames are written. The
 * export covers the frames retained when it starts; frames that retention drops before the job
 * reaches them are counted in a warning; a clear of the timeline stops the job.
 */
export function startExportJob(log: FrameLog, request: ExportRequest, options: ExportJobOptions): { cancel(): void } {
  const defer = options.defer ?? ((next) => setTimeout(next, 0))
  const now = options.now ?? (() => performance.now())
  const sliceMs = options.sliceMs ?? 12
  const partChars = options.partChars ?? 1 << 20
  const encoder = createEncoder(request.format)
  const matches = request.filter ? createFrameMatcher(request.filter, options.codec ?? null) : () => true
  const clears = log.clears()
  const firstSeq = log.dropped()
  const endSeq = firstSeq + log.length()
  const total = endSeq - firstSeq

  // Each finished part becomes a Blob at once: its UTF-8 encoding is spread over the slices, the
  // JS string can be collected, and the final Blob only strings the parts together.
  const parts: Blob[] = []
  let pending: string[] = []
  let pendingChars = 0
  let chars = 0
  let written = 0
  let skippedEvents = 0
  let lostToRetention = 0
  let redacted = 0
  const kinds = new Set<string>()
  let cancelled = false
  let seq = firstSeq

  const push = (text: string) => {
    if (text === '') return
    pending.push(text)
    pendingChars += text.length
    chars += text.length
    if (pendingChars >= partChars) {
      parts.push(new Blob([pending.join('')]))
      pending = []
      pendingChars = 0
    }
  }
  const note = (findings: readonly Finding[]) => {
    redacted += findings.length
    for (const finding of findings) kinds.add(finding.description)
  }
  // Scanned either way, so an export with secrets included can say how many it carries.
  const prepare = (frame: Frame) => {
    const scan = redactFrame(frame)
    return request.redact ? scan : { frame, notes: [], findings: scan.findings }
  }

  // The header needs the time of the first frame written: find it before the first slice.
  let first: Frame | undefined
  for (let s = firstSeq; s < endSeq; s++) {
    const frame = log.at(s - log.dropped())
    if (frame && matches(frame)) {
      first = frame
      break
    }
  }
  const scannedSource = redactSource(request.source)
  note(scannedSource.findings)
  const source = request.redact ? scannedSource : { source: request.source }
  // Whether anything is redacted is known only at the end; the header says whether redaction was on.
  push(
    encoder.begin({
      source: source.source,
      firstFrameAt: first?.at ?? null,
      exportedAt: request.exportedAt,
      redacted: request.redact,
      filter: request.filter,
    }),
  )

  const finish = () => {
    push(encoder.end())
    if (pending.length > 0) parts.push(new Blob([pending.join('')]))
    const warnings: string[] = []
    if (skippedEvents > 0) {
      warnings.push(`${skippedEvents.toLocaleString('en-US')} connection event${skippedEvents === 1 ? '' : 's'} (connecting, open, close, errors, notices) left out: HAR carries messages only. Export NDJSON to keep them.`)
    }
    if (lostToRetention > 0) {
      warnings.push(`${lostToRetention.toLocaleString('en-US')} frame${lostToRetention === 1 ? ' was' : 's were'} dropped by the retention limit while the export ran and ${lostToRetention === 1 ? 'is' : 'are'} missing.`)
    }
    if (!request.redact && redacted > 0) warnings.push(`The file contains ${redacted} secret-looking value${redacted === 1 ? '' : 's'} in clear text.`)
    options.onProgress?.({ done: total, total })
    options.onDone({
      ok: true,
      blob: new Blob(parts, { type: encoder.mimeType }),
      fileName: timelineFileName(request.source.name, encoder.extension),
      mimeType: encoder.mimeType,
      frames: written,
      chars,
      redactions: redacted,
      redactionKinds: [...kinds].slice(0, 20),
      warnings,
    })
  }

  const slice = () => {
    if (cancelled) return
    if (log.clears() !== clears) {
      options.onDone({ ok: false, error: 'Export stopped: the timeline was cleared while it ran. Nothing was saved.' })
      return
    }
    const began = now()
    for (let examined = 0; seq < endSeq; seq++, examined++) {
      if (examined > 0 && examined % CHECK_CLOCK_EVERY === 0 && now() - began > sliceMs) break
      const dropped = log.dropped()
      if (seq < dropped) {
        lostToRetention += Math.min(dropped, endSeq) - seq
        seq = dropped - 1
        continue
      }
      const frame = log.at(seq - dropped)
      if (!frame || !matches(frame)) continue
      const prepared = prepare(frame)
      note(prepared.findings)
      const annotation = redactAnnotation(options.annotationOf?.(frame.id), request.redact)
      note(annotation.findings)
      const text = encoder.frame(prepared.frame, prepared.notes, annotation.annotation)
      if (text === '') {
        skippedEvents += 1
        continue
      }
      push(text)
      written += 1
    }
    if (seq >= endSeq) return finish()
    options.onProgress?.({ done: seq - firstSeq, total })
    defer(slice)
  }

  defer(slice)
  return {
    cancel() {
      cancelled = true
    },
  }
}
