import type { ConnectionStatus } from '../../store/session-store.ts'
import { STATUS_LABEL, statusLabel } from './status-label.ts'
import type { AttemptOutcome } from './use-close-outcome.ts'

type StatusDotProps = {
  status: ConnectionStatus
  failed: boolean
  /** How the last attempt ended, so the tooltip says "Could not connect" rather than "Disconnected". */
  outcome?: AttemptOutcome
  labelled?: boolean
}

/** A coloured dot; where it stands alone (`labelled`) its meaning is also given as text. */
export function StatusDot({ status, failed, outcome, labelled = false }: StatusDotProps) {
  const words = statusLabel(status, outcome)
  // "Could not connect" and "Connection lost" already say it failed.
  const label = failed && words === STATUS_LABEL[status] ? `${words} (failed)` : words
  return (
    <span
      className="status-dot"
      data-status={status}
      data-failed={failed ? 'true' : undefined}
      title={label}
      aria-hidden={labelled ? undefined : true}
    >
      {labelled && <span className="visually-hidden">{label}</span>}
    </span>
  )
}
