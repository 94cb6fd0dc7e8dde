import type { ConnectionStatus } from '../../store/session-store.ts'
import { STATUS_LABEL } from './status-label.ts'

/** A coloured dot whose meaning is also given as text for screen readers. */
export function StatusDot({ status, failed }: { status: ConnectionStatus; failed: boolean }) {
  const label = failed ? `${STATUS_LABEL[status]} (failed)` : STATUS_LABEL[status]
  return (
    <span className="status-dot" data-status={status} data-failed={failed ? 'true' : undefined} title={label}>
      <span className="visually-hidden">{label}</span>
    </span>
  )
}
