import type { ConnectionStatus } from '../../store/session-store.ts'
import type { AttemptOutcome } from './use-close-outcome.ts'

export const STATUS_LABEL: Record<ConnectionStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  closing: 'Closing…',
  closed: 'Disconnected',
}

/**
 * The status in words, told by how the last attempt ended: "Disconnected" claims there was a
 * connection, which is untrue for one that never opened, and too mild for one that dropped.
 */
export function statusLabel(status: ConnectionStatus, outcome: AttemptOutcome | undefined): string {
  if (status !== 'closed' || !outcome) return STATUS_LABEL[status]
  if (outcome.neverOpened) return 'Could not connect'
  if (outcome.abnormal && outcome.close?.wasClean === false) return 'Connection lost'
  return STATUS_LABEL.closed
}

/** Why an abnormal close happened, in full sentences for the header, or null when it was ordinary. */
export function closeExplanation(outcome: AttemptOutcome | undefined): string | null {
  if (!outcome?.abnormal) return null
  const close = outcome.close
  if (!close) return null
  if (close.code === 1006 && !outcome.neverOpened) {
    // The registry text is about failed handshakes; after an open the causes are different.
    return 'The connection dropped without a close frame: the server stopped or crashed, a proxy or load balancer timed it out, or the network went away. The browser does not say which; check the server log.'
  }
  const detail = close.meaning.split(/ — /).slice(1).join(' — ').trim()
  if (detail === '') return null
  return /[.!?]$/.test(detail) ? capitalise(detail) : `${capitalise(detail)}.`
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
