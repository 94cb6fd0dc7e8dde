import type { FrameInput } from '../frame.ts'
import type { IndexedAnnotation } from '../view/annotations.ts'
import {
  createWarnings,
  describeJsonError,
  findUnsafeStructure,
  kindOf,
  readFailure,
  TRAFFIC_LIMITS,
  type TrafficReadResult,
} from './limits.ts'
import { RecordError, recordAnnotation, recordToFrame, TIMELINE_FORMAT, TIMELINE_VERSION } from './timeline-record.ts'

/*
 * Reading Frameline timelines: NDJSON (`frameline.timeline` version 1: a header line, then one
 * record per line) and the plain JSON array of the same records. All or nothing: the first
 * problem refuses the whole file, so a half-read file never becomes a recording.
 */

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line)
  } catch (thrown) {
    throw new RecordError(`line ${lineNumber}: not valid JSON (${describeJsonError(thrown, line)})`)
  }
}

function checkRecord(value: unknown, where: string): void {
  const problem = findUnsafeStructure(value, 8)
  if (problem) throw new RecordError(`${where}: ${problem}`)
}

/** Reads a record's pin and note into `into`, by the index its frame will have. */
function collectAnnotation(value: unknown, index: number, into: IndexedAnnotation[], warn: (text: string) => void, where: string): void {
  const annotation = recordAnnotation(value, warn, where)
  if (annotation) into.push({ index, pinned: annotation.pinned, note: annotation.note })
}

function str(value: unknown, max = 8 * 1024): string {
  return typeof value === 'string' ? value.slice(0, max) : ''
}

export function readNdjsonTimeline(text: string): TrafficReadResult {
  const warnings = createWarnings()
  const frames: FrameInput[] = []
  const annotations: IndexedAnnotation[] = []
  let header: Record<string, unknown> | null = null
  let lineNumber = 0
  let position = 0
  try {
    while (position <= text.length) {
      let end = text.indexOf('\n', position)
      if (end < 0) end = text.length
      lineNumber += 1
      const line = text.slice(position, end).replace(/\r$/, '')
      position = end + 1
      if (line.trim() === '') continue
      const value = parseLine(line, lineNumber)
      checkRecord(value, `line ${lineNumber}`)
      if (header === null) {
        if (typeof value !== 'object' || value === null || Array.isArray(value) || (value as Record<string, unknown>).format !== TIMELINE_FORMAT) {
          return readFailure(`This is not a Frameline timeline: its first line must be a header with "format": "${TIMELINE_FORMAT}". Nothing was imported.`)
        }
        header = value as Record<string, unknown>
        const version = header.version
        if (version !== TIMELINE_VERSION) {
          return readFailure(
            typeof version === 'number' && version > TIMELINE_VERSION
              ? `This timeline was written by a newer Frameline (version ${version}); this one reads version ${TIMELINE_VERSION}. Nothing was imported.`
              : `The timeline header's "version" must be ${TIMELINE_VERSION}, found ${kindOf(version)}. Nothing was imported.`,
          )
        }
        continue
      }
      if (frames.length >= TRAFFIC_LIMITS.frames) {
        return readFailure(`The timeline holds more than ${TRAFFIC_LIMITS.frames.toLocaleString('en-US')} frames; Frameline imports at most that many. Nothing was imported.`)
      }
      frames.push(recordToFrame(value, `line ${lineNumber}`))
      collectAnnotation(value, frames.length - 1, annotations, warnings.add, `line ${lineNumber}`)
    }
  } catch (thrown) {
    if (thrown instanceof RecordError) return readFailure('The timeline has a line Frameline cannot read; nothing was imported.', [thrown.message])
    throw thrown
  }
  if (header === null) return readFailure('The file is empty.')
  const connection = (typeof header.connection === 'object' && header.connection !== null ? header.connection : {}) as Record<string, unknown>
  if (header.redacted === true) warnings.add('Secret-looking values in this timeline were replaced with "<redacted>" when it was exported.')
  if (frames.length === 0) warnings.add('The timeline holds no frames.')
  return {
    ok: true,
    format: 'ndjson',
    recordings: [
      {
        name: str(connection.name, 200) || 'Timeline',
        url: str(connection.url),
        transport: str(connection.transport, 40) || 'websocket',
        frames,
        warnings: [],
        ...(annotations.length > 0 ? { annotations } : {}),
      },
    ],
    warnings: warnings.list(),
  }
}

/** A plain JSON array of timeline records, as the "JSON array" export writes. */
export function readJsonArrayTimeline(value: unknown[], name: string): TrafficReadResult {
  if (value.length > TRAFFIC_LIMITS.frames) {
    return readFailure(`The list holds more than ${TRAFFIC_LIMITS.frames.toLocaleString('en-US')} frames; Frameline imports at most that many. Nothing was imported.`)
  }
  const frames: FrameInput[] = []
  const annotations: IndexedAnnotation[] = []
  const warnings = createWarnings()
  try {
    value.forEach((item, index) => {
      frames.push(recordToFrame(item, `item ${index + 1}`))
      collectAnnotation(item, index, annotations, warnings.add, `item ${index + 1}`)
    })
  } catch (thrown) {
    if (thrown instanceof RecordError) return readFailure('The list has an item that is not a Frameline frame record; nothing was imported.', [thrown.message])
    throw thrown
  }
  const connecting = frames.find((f) => f.kind === 'connecting')
  return {
    ok: true,
    format: 'json',
    recordings: [{ name, url: connecting?.kind === 'connecting' ? connecting.url : '', transport: 'websocket', frames, warnings: [], ...(annotations.length > 0 ? { annotations } : {}) }],
    warnings: frames.length === 0 ? ['The list holds no frames.', ...warnings.list()] : warnings.list(),
  }
}
