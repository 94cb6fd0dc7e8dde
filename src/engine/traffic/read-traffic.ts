import {
  checkTrafficFileSize,
  describeJsonError,
  findUnsafeStructure,
  readFailure,
  TRAFFIC_LIMITS,
  type TrafficReadResult,
} from './limits.ts'
import { readHar } from './read-har.ts'
import { readJsonArrayTimeline, readNdjsonTimeline } from './read-timeline.ts'
import { TIMELINE_FORMAT } from './timeline-record.ts'

/**
 * Reads a traffic file of any supported format, telling them apart by content (not by name):
 * an NDJSON timeline starts with its header line, a HAR is one object with a "log", a JSON array
 * is a list of frame records. Pure: no I/O, no store; the caller decides what to do with it.
 */
export function readTrafficFile(text: string, fileName = 'Imported timeline'): TrafficReadResult {
  const tooBig = checkTrafficFileSize(text.length)
  if (tooBig) return tooBig
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const start = body.search(/\S/)
  if (start < 0) return readFailure('The file is empty.')
  const firstLineEnd = body.indexOf('\n', start)
  const firstLine = body.slice(start, firstLineEnd < 0 ? body.length : firstLineEnd)
  if (firstLine.includes(`"${TIMELINE_FORMAT}"`) && firstLine.trimEnd().endsWith('}')) return readNdjsonTimeline(body)

  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (thrown) {
    return readFailure(`This is not valid JSON, so it is neither a HAR file nor a Frameline timeline: ${describeJsonError(thrown, body)}. Nothing was imported.`)
  }
  const problem = findUnsafeStructure(value, TRAFFIC_LIMITS.depth)
  if (problem) return readFailure('The file contains something Frameline refuses to import; nothing was imported.', [problem])
  if (Array.isArray(value)) return readJsonArrayTimeline(value, fileName.replace(/\.(timeline\.)?json$/i, '') || 'Imported timeline')
  if (typeof value === 'object' && value !== null && 'log' in value) return readHar(value)
  if (typeof value === 'object' && value !== null && (value as Record<string, unknown>).format === TIMELINE_FORMAT) {
    return readFailure('This Frameline timeline is one JSON object, not one record per line: it is not NDJSON. Nothing was imported.')
  }
  return readFailure('This is neither a HAR file (an object with a "log") nor a Frameline timeline (NDJSON or a JSON array of frames). Nothing was imported.')
}
