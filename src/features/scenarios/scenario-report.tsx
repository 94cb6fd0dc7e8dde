import type { FrameNote, ScenarioReport, StepReport } from '../../engine/scenario/report.ts'
import { StepStatusBadge } from './step-status.tsx'

const DIRECTION_WORDS: Record<FrameNote['direction'], string> = { in: 'Received', out: 'Sent', system: 'System' }

/**
 * A run's report: the verdict, then each step with its status, time and message; a failed step
 * shows the frames around it and why each did not match. Everything comes from the wire or the
 * user and is rendered as text (React escapes it), never as HTML.
 */
export function ScenarioReportView({ report, running }: { report: ScenarioReport; running: boolean }) {
  const verdict = running ? 'Running' : report.status === 'passed' ? 'Passed' : 'Failed'
  const current = report.steps.find((step) => step.status === 'running')
  return (
    <section className="scn-report" aria-label="Report">
      <h3 className="scn-report-title" data-status={running ? 'running' : report.status}>
        <span aria-hidden="true">{running ? '◔' : report.status === 'passed' ? '✓' : '✗'} </span>
        {verdict}
        {!running && <span className="scn-dim"> in {report.durationMs} ms</span>}
      </h3>
      <p role="status" className="scn-report-summary">
        {running
          ? current
            ? `Running step ${current.index + 1} of ${report.steps.length}: ${current.label}`
            : `Running ${report.name}…`
          : report.status === 'passed'
            ? `${report.name} passed: ${report.steps.length} of ${report.steps.length} steps in ${report.durationMs} ms.`
            : `${report.name} failed${report.failure ? ` at step ${report.failure.step + 1}: ${report.failure.message}` : '.'}`}
      </p>
      <ol className="scn-report-steps" aria-label="Step results">
        {report.steps.map((step) => (
          <StepResult key={step.index} step={step} startedAt={report.startedAt} />
        ))}
      </ol>
      {Object.keys(report.captured).length > 0 && (
        <dl className="scn-captured" aria-label="Captured values">
          {Object.entries(report.captured).map(([name, value]) => (
            <div key={name}>
              <dt className="mono">{`{{${name}}}`}</dt>
              <dd className="mono">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}

function StepResult({ step, startedAt }: { step: StepReport; startedAt: number }) {
  return (
    <li className="scn-result" data-status={step.status}>
      <div className="scn-result-head">
        <StepStatusBadge status={step.status} />
        <span className="scn-result-label">
          {step.index + 1}. {step.label}
        </span>
        {step.durationMs !== undefined && <span className="scn-dim">{step.durationMs} ms</span>}
      </div>
      {step.message && <p className="scn-result-message">{step.message}</p>}
      {step.frames && step.frames.length > 0 && (
        <table className="scn-frames" aria-label={`Frames around step ${step.index + 1}`}>
          <thead>
            <tr>
              <th scope="col">At</th>
              <th scope="col">Connection</th>
              <th scope="col">Direction</th>
              <th scope="col">Kind</th>
              <th scope="col">Frame</th>
              <th scope="col">Why not</th>
            </tr>
          </thead>
          <tbody>
            {step.frames.map((note, index) => (
              <tr key={index} data-matched={note.matched ? 'true' : undefined}>
                <td className="mono">+{Math.max(0, note.at - startedAt)} ms</td>
                <td>{note.connection}</td>
                <td>{DIRECTION_WORDS[note.direction]}</td>
                <td>{note.kind}</td>
                <td className="mono scn-preview">{note.preview}</td>
                <td>{note.matched ? 'Matched' : (note.reason ?? 'Not tested')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  )
}
