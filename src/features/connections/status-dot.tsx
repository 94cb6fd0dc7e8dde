import type { ConnectionStatus } from '../../store/session-store.ts'
import { STATUS_LABEL } from './status-label.ts'

/** A coloured dot; where it stands alone (`labelled`) its meaning is also given as text. */
export function StatusDot({ status, failed, labelled = false }: { status: ConnectionStatus; failed: boolean; labelled?: boolean }) {
  const label = failed ? `${STATUS_LABEL[status]} (failed)` : STATUS_LABEL[status]
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
