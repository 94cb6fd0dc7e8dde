import { useEffect, useId, useMemo, useState } from 'react'
import type { Frame } from '../../engine/frame.ts'
import { describeError } from '../../lib/describe-error.ts'
import { downloadText } from '../../lib/download-file.ts'
import { plural } from '../../lib/format.ts'
import { fetchFrames } from '../../store/session-actions.ts'
import { fetchAnnotations, type Annotation } from '../../store/annotation-actions.ts'
import { useSessionStore } from '../../store/session-store.ts'
import { WORKSPACE_SCHEMA_PATH } from '../../workspace/file-schema.ts'
import type { Connection, ConnectionId, Workspace } from '../../workspace/model.ts'
import { REDACTED } from '../../workspace/redact.ts'
import { prepareConnectionExport, prepareWorkspaceExport, type ExportOptions, type PreparedExport } from '../../workspace/workspace-file.ts'
import { Modal } from './modal.tsx'

export type ExportTarget = { kind: 'workspace'; workspace: Workspace } | { kind: 'connection'; connection: Connection }

type ExportDialogProps = {
  target: ExportTarget
  onClose: () => void
  onExported: (fileName: string) => void
}

/** Each connection's frames, and its pins and notes by frame id (written with the frames). */
type TimelineFrames = ReadonlyMap<ConnectionId, { frames: readonly Frame[]; annotations: ReadonlyMap<number, Annotation> }>

/**
 * Frames of the exported connections, read from the runtime once the user asks for timelines
 * (only then: they may be large). Connections that never ran in this page have none.
 */
function useTimelineFrames(ids: readonly ConnectionId[], wanted: boolean): TimelineFrames | null {
  const [frames, setFrames] = useState<{ key: string; frames: TimelineFrames } | null>(null)
  const key = ids.join('\u0000')
  useEffect(() => {
    if (!wanted) return
    let live = true
    void Promise.all(key.split('\u0000').map(async (id) => [id, { frames: await fetchFrames(id), annotations: await fetchAnnotations(id) }] as const)).then((entries) => {
      if (live) setFrames({ key, frames: new Map(entries) })
    })
    return () => {
      live = false
    }
  }, [key, wanted])
  return wanted && frames?.key === key ? frames.frames : null
}

function prepare(target: ExportTarget, options: ExportOptions): PreparedExport {
  return target.kind === 'workspace' ? prepareWorkspaceExport(target.workspace, options) : prepareConnectionExport(target.connection, options)
}

/**
 * Runs during render, so it must not throw: with timelines the file text can pass the longest
 * string the browser can build (about 512 MB in V8: RangeError "Invalid string length"). Then the
 * preview comes from the file without timelines, and the dialog says why Download is off.
 */
function prepareExport(target: ExportTarget, options: ExportOptions): { prepared: PreparedExport; tooLarge: string | null } {
  if (!options.timelines) return { prepared: prepare(target, options), tooLarge: null }
  try {
    return { prepared: prepare(target, options), tooLarge: null }
  } catch (thrown) {
    return {
      prepared: prepare(target, { ...options, timelines: undefined }),
      tooLarge: `This is too large to export with timelines (${describeError(thrown)}). Clear some timelines or lower the retention limit, or export without timelines.`,
    }
  }
}

function schemaUrl(): string {
  // Absolute, on this app's own origin, so an editor opening the file can fetch the schema.
  return new URL(WORKSPACE_SCHEMA_PATH, document.baseURI).href
}

export function ExportDialog({ target, onClose, onExported }: ExportDialogProps) {
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [includeTimelines, setIncludeTimelines] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const secretsId = useId()
  const timelinesId = useId()
  const connections = target.kind === 'workspace' ? target.workspace.connections : [target.connection]
  const frameCount = useSessionStore((state) => connections.reduce((sum, c) => sum + (state.runtimeById[c.id]?.retained ?? 0), 0))

  const timelineFrames = useTimelineFrames(
    connections.map((c) => c.id),
    includeTimelines,
  )
  const readingTimelines = includeTimelines && timelineFrames === null
  const options = useMemo<ExportOptions>(
    () => ({
      redact: !includeSecrets,
      timelines: timelineFrames ? (id: ConnectionId) => timelineFrames.get(id)?.frames ?? [] : undefined,
      annotations: timelineFrames ? (id: ConnectionId) => timelineFrames.get(id)?.annotations : undefined,
      schemaUrl: schemaUrl(),
    }),
    [includeSecrets, timelineFrames],
  )
  // Timelines can be large: the preview is computed from them only once the user asks for them.
  const { prepared, tooLarge } = useMemo(() => prepareExport(target, options), [target, options])

  const download = () => {
    if (tooLarge || readingTimelines) return
    try {
      downloadText(prepared.fileName, prepared.text)
      onExported(prepared.fileName)
    } catch (thrown) {
      setError(`Export failed: ${describeError(thrown)}`)
    }
  }

  const title = target.kind === 'workspace' ? `Export workspace “${target.workspace.name}”` : `Export connection “${target.connection.name}”`
  const count = prepared.redactions.length
  return (
    <Modal title={title} onClose={onClose}>
      <p className="muted">
        {plural(connections.length, 'connection')} with their saved messages and drafts, as{' '}
        <span className="mono">{prepared.fileName}</span>. Sent history is not exported.
      </p>
      <div className="wio-option">
        <input id={secretsId} type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} />
        <label htmlFor={secretsId}>Include secrets</label>
      </div>
      {count === 0 ? (
        <p className="muted">No secret-looking values found (tokens in URLs, subprotocols or payloads).</p>
      ) : includeSecrets ? (
        <div className="wio-warning" role="alert">
          <p>
            The file will contain {plural(count, 'secret-looking value')} in clear text. Anyone you
            give it to can use them:
          </p>
          <RedactionList items={prepared.redactions} />
        </div>
      ) : (
        <div className="wio-note">
          <p>
            {plural(count, 'value')} will be replaced by <span className="mono">{REDACTED}</span>:
          </p>
          <RedactionList items={prepared.redactions} />
        </div>
      )}
      <div className="wio-option">
        <input id={timelinesId} type="checkbox" checked={includeTimelines} onChange={(e) => setIncludeTimelines(e.target.checked)} />
        <label htmlFor={timelinesId}>Include timelines ({plural(frameCount, 'captured frame')})</label>
      </div>
      {includeTimelines && <p className="muted">Every captured frame is written with its time, direction and payload; binary as base64.</p>}
      {prepared.warnings.length > 0 && (
        <ul className="wio-list">
          {/* Keyed by position: two connections can share a name, so the text is not unique, and the
              list is rebuilt whole from the workspace, never reordered in place. */}
          {prepared.warnings.map((warning, index) => (
            <li key={index}>{warning}</li>
          ))}
        </ul>
      )}
      {(tooLarge ?? error) && (
        <p className="field-error" role="alert">
          {tooLarge ?? error}
        </p>
      )}
      <div className="wio-actions">
        <button type="button" className="primary" onClick={download} disabled={tooLarge !== null || readingTimelines} data-autofocus>
          Download
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}

function RedactionList({ items }: { items: readonly { path: string; connectionName: string; description: string }[] }) {
  return (
    <ul className="wio-list">
      {items.map((item, index) => (
        <li key={`${item.path}-${index}`}>
          {item.connectionName === '' ? item.description : `${item.connectionName} — ${item.description}`}
        </li>
      ))}
    </ul>
  )
}
