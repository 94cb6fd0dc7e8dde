import type { ExportOutcome, ExportProgress } from '../engine/traffic/export-job.ts'
import type { TrafficFormat } from '../engine/traffic/limits.ts'
import type { FrameFilter } from '../engine/view/frame-view.ts'
import type { ConnectionId } from '../workspace/model.ts'
import { runtimeClient } from './runtime-binding.ts'
import { getConnection } from './workspace-actions.ts'

export type { ExportOutcome, ExportProgress, TrafficFormat }

export type TimelineExportChoice = {
  format: TrafficFormat
  /** The filter the timeline shows now; only its frames are written. Null: every retained frame. */
  filter: FrameFilter | null
  /** Keep secret-looking values; off (the default), they are replaced with "<redacted>". */
  includeSecrets: boolean
}

export type TimelineExport = { done: Promise<ExportOutcome>; cancel(): void }

/**
 * Exports one connection's timeline. The file is produced in the runtime's Worker, next to the
 * log, and comes back as a Blob: the page only shows progress.
 */
export function exportTimeline(id: ConnectionId, choice: TimelineExportChoice, onProgress?: (progress: ExportProgress) => void): TimelineExport {
  const connection = getConnection(id)
  if (!connection) return { done: Promise.resolve({ ok: false, error: 'That connection no longer exists.' }), cancel: () => {} }
  return runtimeClient().exportTimeline(
    id,
    {
      format: choice.format,
      filter: choice.filter,
      redact: !choice.includeSecrets,
      source: { name: connection.name, url: connection.url, transport: 'websocket' },
      exportedAt: Date.now(),
    },
    onProgress,
  )
}
