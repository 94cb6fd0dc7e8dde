import type { ReactNode } from 'react'
import { plural } from '../../lib/format.ts'
import { selectRecording, useRecordingsStore } from '../../store/recordings-store.ts'
import { closeRecording } from '../../store/traffic-actions.ts'
import { ReplayControls } from './replay-controls.tsx'
import { ResendPanel } from './resend-panel.tsx'
import './traffic.css'

const FORMAT_NAMES = { har: 'HAR', ndjson: 'NDJSON timeline', json: 'JSON timeline', workspace: 'workspace file' } as const

/**
 * A recording in the main area: what it is and where it came from, read-only (no composer, no
 * Connect), and its timeline with search, filters and detail, given as `timeline`.
 */
export function RecordingView({ recordingId, timeline }: { recordingId: string; timeline: ReactNode }) {
  const recording = useRecordingsStore((state) => selectRecording(state, recordingId))
  if (!recording) return null
  return (
    <main className="app-main trf-recording-main">
      <section className="app-header trf-recording-header" aria-label="Recording">
        <div className="trf-recording-title">
          <h2>{recording.name}</h2>
          <span className="trf-badge">Recording · read-only</span>
          <span className="trf-toolbar-spacer" />
          <button type="button" onClick={() => closeRecording(recording.id)}>
            Close recording
          </button>
        </div>
        <p className="trf-hint">
          {recording.url === '' ? 'No URL recorded' : recording.url} · {plural(recording.frames, 'frame')} from {recording.fileName} ({FORMAT_NAMES[recording.format]})
        </p>
        <ReplayControls recording={recording} />
        <ResendPanel recording={recording} />
        {recording.warnings.length > 0 && (
          <details>
            <summary>{plural(recording.warnings.length, 'note')} on this import</summary>
            <ul className="trf-list">
              {recording.warnings.map((warning, index) => (
                <li key={index}>{warning}</li>
              ))}
            </ul>
          </details>
        )}
      </section>
      <section className="app-timeline" aria-label="Timeline">
        {timeline}
      </section>
    </main>
  )
}
