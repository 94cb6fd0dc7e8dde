import { useEffect, useId, useRef, useState } from 'react'
import { describeError } from '../../lib/describe-error.ts'
import { downloadBlob } from '../../lib/download-file.ts'
import { formatBytes, formatCount, plural } from '../../lib/format.ts'
import type { FrameFilter } from '../../store/timeline-window.ts'
import { exportTimeline, type ExportOutcome, type ExportProgress, type TimelineExport, type TrafficFormat } from '../../store/traffic-actions.ts'
import { Modal } from '../../components/modal.tsx'
import './traffic.css'

const FORMATS: { value: TrafficFormat; label: string; hint: string }[] = [
  { value: 'ndjson', label: 'NDJSON timeline', hint: 'Every frame and connection event, one JSON record per line (frameline.timeline), with your pins and notes. Imports back losslessly.' },
  { value: 'har', label: 'HAR 1.2', hint: 'Messages only, as Chrome DevTools and Playwright read them (connection events, pins and notes are left out).' },
  { value: 'json', label: 'JSON array', hint: 'The same records as NDJSON (pins and notes included), as one JSON list.' },
]

type Phase = { step: 'choose' } | { step: 'running'; progress: ExportProgress | null } | { step: 'done'; outcome: ExportOutcome; saveError: string | null }

type ExportTimelineDialogProps = {
  connectionId: string
  connectionName: string
  /** The filter the timeline shows now, or null when it shows everything. */
  filter: FrameFilter | null
  retained: number
  onClose: () => void
}

function describeFilter(filter: FrameFilter): string {
  const direction = { all: 'all frames', out: 'sent messages', in: 'received messages', events: 'connection events' }[filter.direction]
  const events = filter.events && filter.events.length > 0 ? ` of the event${filter.events.length === 1 ? '' : 's'} ${filter.events.map((e) => `“${e}”`).join(', ')}` : ''
  const query = filter.query === '' ? '' : ` ${filter.regex ? 'matching the regular expression' : 'containing'} “${filter.query}”${filter.matchCase ? ', case-sensitive' : ''}`
  // The filter kinds of issue 10, briefly: the export writes exactly what the timeline shows.
  const more = [
    filter.payload ? `${filter.payload} only` : '',
    filter.from !== undefined || filter.to !== undefined ? 'within a time range' : '',
    filter.decodedTypes && filter.decodedTypes.length > 0 ? `decoded as ${filter.decodedTypes.join(', ')}` : '',
    filter.exclude && filter.exclude.length > 0 ? `without ${filter.exclude.length} hidden kind${filter.exclude.length === 1 ? '' : 's'} of frame` : '',
  ].filter(Boolean)
  return `${direction}${events}${query}${more.length > 0 ? ` (${more.join(', ')})` : ''}`
}

/** Format, filter and secrets; then the export runs next to the log and the file downloads. */
export function ExportTimelineDialog({ connectionId, connectionName, filter, retained, onClose }: ExportTimelineDialogProps) {
  const [format, setFormat] = useState<TrafficFormat>('ndjson')
  const [filterOnly, setFilterOnly] = useState(filter !== null)
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [phase, setPhase] = useState<Phase>({ step: 'choose' })
  const job = useRef<TimelineExport | null>(null)
  const formatName = useId()
  const stepFocus = useRef<HTMLButtonElement>(null)

  // Each step replaces the buttons: move focus to the new step's main button, so the keyboard
  // (and Escape) stays inside the dialog.
  useEffect(() => {
    if (phase.step !== 'choose') stepFocus.current?.focus()
  }, [phase.step])

  // Closing the dialog mid-export stops the export: nothing keeps running unseen.
  useEffect(() => () => job.current?.cancel(), [])

  const start = () => {
    setPhase({ step: 'running', progress: null })
    const handle = exportTimeline(connectionId, { format, filter: filterOnly ? filter : null, includeSecrets }, (progress) =>
      setPhase((current) => (current.step === 'running' ? { step: 'running', progress } : current)),
    )
    job.current = handle
    void handle.done.then((outcome) => {
      if (job.current !== handle) return
      job.current = null
      let saveError: string | null = null
      if (outcome.ok) {
        try {
          downloadBlob(outcome.blob, outcome.fileName)
        } catch (thrown) {
          saveError = `The file could not be saved: ${describeError(thrown)}`
        }
      }
      setPhase({ step: 'done', outcome, saveError })
    })
  }

  const cancel = () => {
    job.current?.cancel()
    job.current = null
    setPhase({ step: 'choose' })
  }

  return (
    <Modal title={`Export timeline of “${connectionName}”`} onClose={onClose}>
      {phase.step === 'choose' && (
        <>
          <fieldset className="trf-fieldset">
            <legend>Format</legend>
            {FORMATS.map((option) => (
              <label key={option.value}>
                <input type="radio" name={formatName} value={option.value} checked={format === option.value} onChange={() => setFormat(option.value)} />{' '}
                {option.label}
                <span className="trf-hint"> — {option.hint}</span>
              </label>
            ))}
          </fieldset>
          <label>
            <input type="checkbox" checked={filterOnly} disabled={filter === null} onChange={(event) => setFilterOnly(event.target.checked)} /> Only the
            frames the current filter shows{filter ? ` (${describeFilter(filter)})` : ' (no filter is active)'}
          </label>
          <label>
            <input type="checkbox" checked={includeSecrets} onChange={(event) => setIncludeSecrets(event.target.checked)} /> Include secrets
          </label>
          <p className="trf-hint">
            {includeSecrets
              ? 'Tokens in URLs, credential subprotocols and secret-looking payload fields are written as they are. Share the file with care.'
              : 'Tokens in URLs, credential subprotocols and secret-looking payload fields (password, token, JWTs) are replaced with “<redacted>”, as in workspace exports.'}
          </p>
          <p className="trf-hint">{plural(retained, 'frame')} in the timeline now; frames that arrive during the export are not included.</p>
          <div className="trf-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" data-autofocus onClick={start}>
              Export
            </button>
          </div>
        </>
      )}
      {phase.step === 'running' && (
        <>
          <p role="status">
            {phase.progress
              ? `Writing… ${formatCount(phase.progress.done)} of ${formatCount(phase.progress.total)} frames examined`
              : 'Starting the export…'}
          </p>
          <progress className="trf-progress" max={phase.progress?.total || 1} value={phase.progress?.done ?? 0} aria-label="Export progress" />
          <div className="trf-actions">
            <button ref={stepFocus} type="button" onClick={cancel}>
              Stop export
            </button>
          </div>
        </>
      )}
      {phase.step === 'done' && (
        <>
          {phase.outcome.ok ? (
            <>
              <p role="status">
                {phase.saveError ?? `Saved ${plural(phase.outcome.frames, 'frame')} to ${phase.outcome.fileName} (${formatBytes(phase.outcome.blob.size)}).`}
              </p>
              {phase.outcome.redactions > 0 && !includeSecrets && (
                <p className="trf-hint">
                  {plural(phase.outcome.redactions, 'secret-looking value')} replaced with “&lt;redacted&gt;”: {phase.outcome.redactionKinds.join('; ')}.
                </p>
              )}
              {phase.outcome.warnings.length > 0 && (
                <ul className="trf-list" aria-label="Export warnings">
                  {phase.outcome.warnings.map((warning, index) => (
                    <li key={index}>{warning}</li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <p className="trf-error" role="alert">
              {phase.outcome.error}
            </p>
          )}
          <div className="trf-actions">
            <button ref={stepFocus} type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Modal>
  )
}
