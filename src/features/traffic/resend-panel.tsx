import { useEffect, useId, useRef, useState } from 'react'
import { formatCount, plural } from '../../lib/format.ts'
import type { RecordingInfo } from '../../store/recordings-store.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { compareRun, resendRecording, type CompareAnswer, type ReplayProgress, type RunStart } from '../../store/traffic-actions.ts'
import { selectConnections } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'

const GAPS: { value: string; maxGapMs: number | null; label: string }[] = [
  { value: 'original', maxGapMs: null, label: 'with the recorded gaps' },
  { value: '100', maxGapMs: 100, label: 'with gaps of at most 100 ms' },
  { value: '0', maxGapMs: 0, label: 'back to back' },
]

type Run = { to: string; toName: string; progress: ReplayProgress | null; start: RunStart | null; handle: { pause(): void; resume(): void; stop(): void } }

/**
 * Re-send a recording's sent messages to a live connection, then compare the new run with the
 * recording message by message, ignoring the JSON fields the user names.
 */
export function ResendPanel({ recording }: { recording: RecordingInfo }) {
  const connections = useWorkspaceStore((state) => selectConnections(state))
  const [target, setTarget] = useState('')
  const [gap, setGap] = useState('100')
  const [run, setRun] = useState<Run | null>(null)
  const [ignore, setIgnore] = useState('')
  const [comparison, setComparison] = useState<CompareAnswer | null>(null)
  const targetId = useId()
  const gapId = useId()
  const ignoreId = useId()
  const chosen = connections.find((c) => c.id === target) ?? connections[0]
  const status = useSessionStore((state) => selectRuntime(state, chosen?.id).status)
  // Names need not be unique: the option says which connections are open now.
  const runtimes = useSessionStore((state) => state.runtimeById)
  const handle = useRef<Run['handle'] | null>(null)
  useEffect(() => () => handle.current?.stop(), [])

  if (connections.length === 0) return null
  const running = run?.progress?.state === 'playing' || run?.progress?.state === 'paused' || (run !== null && run.progress === null)

  const start = () => {
    if (!chosen) return
    const maxGapMs = GAPS.find((g) => g.value === gap)?.maxGapMs ?? null
    setComparison(null)
    const next: Run = {
      to: chosen.id,
      toName: chosen.name,
      progress: null,
      start: null,
      handle: resendRecording(recording.id, chosen.id, maxGapMs, (progress, runStart) =>
        setRun((current) => (current && current.handle === next.handle ? { ...current, progress, start: runStart } : current)),
      ),
    }
    handle.current = next.handle
    setRun(next)
  }

  const compare = async () => {
    if (!run?.start) return
    const fields = ignore.split(',').map((f) => f.trim()).filter((f) => f !== '')
    setComparison(await compareRun(recording.id, run.to, run.start, fields))
  }

  return (
    <details className="trf-resend">
      <summary>Re-send to a live server</summary>
      <div className="trf-replay">
        <label htmlFor={targetId}>Send the sent messages to</label>
        <select id={targetId} value={chosen?.id ?? ''} onChange={(event) => setTarget(event.target.value)} disabled={running}>
          {connections.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.name}
              {selectRuntime({ runtimeById: runtimes, workerFallback: null }, connection.id).status === 'open' ? ' (connected)' : ''}
            </option>
          ))}
        </select>
        <label htmlFor={gapId} className="trf-visually-hidden">
          Gaps
        </label>
        <select id={gapId} value={gap} onChange={(event) => setGap(event.target.value)} disabled={running}>
          {GAPS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={start} disabled={running || status !== 'open'}>
          Re-send
        </button>
        {status !== 'open' && <span className="trf-hint">Connect “{chosen?.name}” first.</span>}
      </div>
      {run && (
        <div className="trf-replay">
          <span role="status">
            {run.progress === null
              ? `Starting to re-send to “${run.toName}”…`
              : run.progress.state === 'failed'
                ? `Re-send to “${run.toName}” failed after ${formatCount(run.progress.played)} messages: ${run.progress.error ?? ''}`
                : `${run.progress.state === 'done' ? 'Re-sent' : run.progress.state === 'stopped' ? 'Stopped after re-sending' : run.progress.state === 'paused' ? 'Paused after re-sending' : 'Re-sending'} ${formatCount(run.progress.played)} of ${plural(run.progress.total, 'sent message')} to “${run.toName}”`}
          </span>
          {run.progress?.state === 'playing' && (
            <button type="button" onClick={() => run.handle.pause()}>
              Pause re-send
            </button>
          )}
          {run.progress?.state === 'paused' && (
            <button type="button" onClick={() => run.handle.resume()}>
              Resume re-send
            </button>
          )}
          {running && (
            <button type="button" onClick={() => run.handle.stop()}>
              Stop re-send
            </button>
          )}
        </div>
      )}
      {run?.start && (
        <div className="trf-replay">
          <label htmlFor={ignoreId}>Ignore fields</label>
          <input id={ignoreId} type="text" placeholder="e.g. id, ts, timestamp" value={ignore} onChange={(event) => setIgnore(event.target.value)} />
          <button type="button" onClick={() => void compare()}>
            Compare runs
          </button>
        </div>
      )}
      {comparison && <ComparisonResult comparison={comparison} />}
    </details>
  )
}

function ComparisonResult({ comparison }: { comparison: CompareAnswer }) {
  if (!comparison.ok) {
    return (
      <p className="trf-error" role="alert">
        {comparison.error}
      </p>
    )
  }
  const line = (name: string, side: { before: number; after: number; same: number }) =>
    `${name}: ${formatCount(side.same)} the same (recording ${formatCount(side.before)}, new run ${formatCount(side.after)})`
  return (
    <section className="trf-compare" aria-label="Comparison">
      <p role="status">
        {line('Sent', comparison.sent)}. {line('Received', comparison.received)}.
        {comparison.ignored.length > 0 ? ` Ignoring ${comparison.ignored.join(', ')}.` : ''}
        {comparison.lost > 0 ? ` ${plural(comparison.lost, 'frame')} of the new run already dropped by retention.` : ''}
      </p>
      {comparison.differences.length === 0 ? (
        <p>No differences.</p>
      ) : (
        <table className="trf-compare-table">
          <thead>
            <tr>
              <th scope="col">Message</th>
              <th scope="col">Recording</th>
              <th scope="col">New run</th>
            </tr>
          </thead>
          <tbody>
            {comparison.differences.map((difference) => (
              <tr key={`${difference.direction}${difference.index}`} data-kind={difference.kind}>
                <td>
                  {difference.direction === 'out' ? 'Sent' : 'Received'} #{difference.index + 1} ({difference.kind})
                </td>
                <td>{difference.before}</td>
                <td>{difference.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {comparison.moreDifferences > 0 && <p className="trf-hint">…and {plural(comparison.moreDifferences, 'more difference')}.</p>}
    </section>
  )
}
