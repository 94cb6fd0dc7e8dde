import { useRef, useState } from 'react'
import { plural } from '../../lib/format.ts'
import { useRecordingsStore } from '../../store/recordings-store.ts'
import type { TrafficImportOutcome } from '../../store/traffic-actions.ts'
import { Modal } from '../../components/modal.tsx'
import './traffic.css'

// Traffic files are read, played and compared by code that loads with the first one (not at start).
const loadTraffic = () => import('../../store/traffic-actions.ts')

const ACCEPT = '.har,.ndjson,.jsonl,.json,application/json,application/x-ndjson'

/** The sidebar's Recordings: Import traffic… and the recordings open in this page. */
export function RecordingsPanel() {
  const recordings = useRecordingsStore((state) => state.recordings)
  const selectedId = useRecordingsStore((state) => state.selectedId)
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<TrafficImportOutcome | null>(null)

  const onFile = async (file: File | undefined) => {
    if (!file) return
    setBusy(file.name)
    try {
      setOutcome(await (await loadTraffic()).importTrafficFile(file, file.name))
    } finally {
      setBusy(null)
      if (input.current) input.current.value = ''
    }
  }

  return (
    <section className="trf-panel" aria-label="Recordings">
      <div className="trf-panel-head">
        <h2 className="trf-panel-title">Recordings</h2>
        <button type="button" onClick={() => input.current?.click()} disabled={busy !== null} title="Open a HAR file, a Frameline timeline (NDJSON or JSON) or the timelines of a workspace file">
          Import traffic…
        </button>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          hidden
          aria-label="Traffic file to import"
          data-testid="traffic-file-input"
          onChange={(event) => void onFile(event.target.files?.[0])}
        />
      </div>
      {busy !== null && (
        <p className="trf-hint" role="status">
          Reading {busy}…
        </p>
      )}
      {recordings.length > 0 && (
        <>
          <ul className="trf-recordings">
            {recordings.map((recording) => (
              <li key={recording.id}>
                <button
                  type="button"
                  className="trf-recording"
                  aria-current={recording.id === selectedId ? 'true' : undefined}
                  onClick={() => void loadTraffic().then(({ selectRecordingView }) => selectRecordingView(recording.id))}
                  aria-label={`${recording.name} (${plural(recording.frames, 'frame')})`}
                  title={recording.url}
                >
                  <span className="trf-recording-name">{recording.name}</span>
                  <span className="trf-hint">
                    {plural(recording.frames, 'frame')}
                    {recording.storage?.state === 'saved' ? ' · kept' : recording.storage?.state === 'not-kept' ? ' · this tab only' : ''}
                  </span>
                </button>
                {recording.storage?.state === 'not-kept' && recording.storage.reason && <p className="trf-hint trf-not-kept">{recording.storage.reason}</p>}
              </li>
            ))}
          </ul>
          <p className="trf-hint">Imported recordings are kept in this browser across reloads (up to 32 MB each, 128 MB in all); closing one deletes it. Export one to keep it elsewhere.</p>
        </>
      )}
      {outcome && <ImportOutcomeDialog outcome={outcome} onClose={() => setOutcome(null)} />}
    </section>
  )
}

function ImportOutcomeDialog({ outcome, onClose }: { outcome: TrafficImportOutcome; onClose: () => void }) {
  return (
    <Modal title={outcome.ok ? `Imported ${outcome.fileName}` : `${outcome.fileName} was not imported`} onClose={onClose}>
      {outcome.ok ? (
        <>
          <p role="status">
            Opened {plural(outcome.recordings.length, 'recording')} ({outcome.format === 'har' ? 'HAR' : outcome.format === 'ndjson' ? 'NDJSON timeline' : outcome.format === 'workspace' ? 'workspace file timelines' : 'JSON timeline'}):
          </p>
          <ul className="trf-list" aria-label="Recordings opened">
            {outcome.recordings.map((recording) => (
              <li key={recording.id}>
                {recording.name}: {plural(recording.frames, 'frame')}
                {recording.warnings.length > 0 && (
                  <ul>
                    {recording.warnings.map((warning, index) => (
                      <li key={index}>{warning}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
          {outcome.warnings.length > 0 && (
            <ul className="trf-list" aria-label="Import notes">
              {outcome.warnings.map((warning, index) => (
                <li key={index}>{warning}</li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          <p className="trf-error" role="alert">
            {outcome.message}
          </p>
          {outcome.details.length > 0 && (
            <ul className="trf-list" aria-label="What is wrong">
              {outcome.details.map((detail, index) => (
                <li key={index}>{detail}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <div className="trf-actions">
        <button type="button" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  )
}
