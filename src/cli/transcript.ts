import type { Frame } from '../engine/frame.ts'
import { maskSecrets } from '../engine/template/variables.ts'
import { frameToRecord } from '../engine/traffic/timeline-record.ts'

/**
 * Every frame of the run as NDJSON, one record per line: the timeline record of the timeline file
 * format (docs/timeline-format.md) plus which scenario and connection it belongs to. Secret
 * variable values are masked here too: CI systems publish artifacts more widely than logs.
 */
export function createTranscript(secrets: readonly string[]) {
  const lines: string[] = []
  return {
    record(scenario: string, connection: string, frame: Frame) {
      const record = { scenario, connection, ...frameToRecord(frame) }
      const line = JSON.stringify(record)
      lines.push(secrets.length > 0 ? maskSecrets(line, secrets.map((secret) => JSON.stringify(secret).slice(1, -1))) : line)
    },
    text: () => (lines.length === 0 ? '' : `${lines.join('\n')}\n`),
    count: () => lines.length,
  }
}
