import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { formatBytes } from './connection-hints.ts'
import { StatusDot } from './status-dot.tsx'
import { closeExplanation, statusLabel } from './status-label.ts'
import { useCloseOutcome } from './use-close-outcome.ts'

/** "Closed without a close frame — …" → "Closed without a close frame": the timeline has the rest. */
function shortMeaning(meaning: string): string {
  const cut = meaning.search(/ — |\. /)
  return cut < 0 ? meaning : meaning.slice(0, cut)
}

/**
 * Live status, negotiated protocol and extensions, and the send backlog. Each value is selected
 * on its own so a stream of frames (which bumps the runtime's revision) does not re-render it.
 */
export function ConnectionStatusLine({ connectionId }: { connectionId: string }) {
  const status = useSessionStore((state) => selectRuntime(state, connectionId).status)
  const protocol = useSessionStore((state) => selectRuntime(state, connectionId).protocol)
  const extensions = useSessionStore((state) => selectRuntime(state, connectionId).extensions)
  const bufferedAmount = useSessionStore((state) => selectRuntime(state, connectionId).bufferedAmount)
  const outcome = useCloseOutcome(connectionId)
  const failed = status === 'closed' && outcome?.abnormal === true
  const close = outcome?.close
  const live = status === 'open' || status === 'closing'
  const explanation = status === 'closed' ? closeExplanation(outcome) : null

  return (
    <div className="connection-status-line">
      <p className="connection-status" role="status" data-status={status} data-failed={failed ? 'true' : undefined}>
        <StatusDot status={status} failed={failed} outcome={outcome} />
        <span className="connection-status-text">{statusLabel(status, outcome)}</span>
        {status === 'closed' && close && (
          <span className="connection-close-code" title={close.meaning}>
            {` · ${close.code} ${shortMeaning(close.meaning)}${close.reason ? ` (“${close.reason}”)` : ''}`}
          </span>
        )}
        {status === 'closed' && !close && failed && <span>{' · the browser refused to connect; see the timeline'}</span>}
        {/* Inside the live region, so a screen reader hears why along with the status. */}
        {explanation && <span className="connection-close-explanation">{explanation}</span>}
      </p>
      {live && (
        <p className="connection-negotiated">
          <span>
            Protocol: <span className="mono">{protocol === '' ? 'none' : protocol}</span>
          </span>
          <span>
            Extensions: <span className="mono">{extensions === '' ? 'none' : extensions}</span>
          </span>
        </p>
      )}
      {bufferedAmount > 0 && (
        <p className="connection-buffered" role="status">
          {`${formatBytes(bufferedAmount)} waiting to send`}
        </p>
      )}
    </div>
  )
}
