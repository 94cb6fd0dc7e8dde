import { describeError } from '../../lib/describe-error.ts'
import { refreshBackups, writeBackup } from './backups.ts'
import { setProblem, setStatus, type PersistenceState } from './persistence-state.ts'
import type { RecoveryOutcome } from './persistence-status.ts'
import { rawToText, summarize } from './stored-record.ts'

/**
 * An unreadable record (bad JSON, wrong shape, failed validation) is copied to a backup key that
 * is never reused; the main key is only replaced after that copy is stored: here at startup, or in
 * the same transaction as the replacing write (write.ts). If the copy cannot be stored, the record
 * is left untouched and this tab does not write until Retry manages the copy.
 */

export function droppedReason(dropped: readonly string[]): string {
  return `some saved workspaces could not be read and were left out: ${summarize(dropped)}`
}

export async function quarantineAtStartup(
  s: PersistenceState,
  raw: unknown,
  reason: string,
  fromMainKey: boolean,
  outcome: RecoveryOutcome,
): Promise<void> {
  try {
    const key = await writeBackup(s, 'unreadable', raw, reason)
    if (fromMainKey) s.quarantine.text = rawToText(raw)
    setStatus(s, { recovered: { reason, backupKey: key, outcome } })
  } catch (thrown) {
    if (!fromMainKey) {
      // The core release's localStorage copy is never written by this version: it stays as is.
      setStatus(s, { recovered: { reason, backupKey: null, outcome } })
      return
    }
    s.writeBlock = 'backup-failed'
    s.quarantine.pending = { raw, reason, outcome }
    setStatus(s, { recovered: { reason, backupKey: null, outcome } })
    setProblem(s, {
      kind: 'backup-failed',
      detail: `The saved workspaces could not be read (${reason}), and keeping a backup of them failed (${describeError(thrown)}). They are left untouched in storage.`,
    })
  }
}

/** Retry: backs up the record whose backup failed at startup. Afterwards `s.writeBlock` says whether it worked. */
export async function retryPendingQuarantine(s: PersistenceState): Promise<void> {
  const pending = s.quarantine.pending
  if (!pending) return
  s.quarantine.pending = null
  await quarantineAtStartup(s, pending.raw, pending.reason, true, pending.outcome)
}

/** Quarantines at startup, then lists the backups again so the banner offers the new one. */
export async function quarantineAndList(
  s: PersistenceState,
  raw: unknown,
  reason: string,
  fromMainKey: boolean,
  outcome: RecoveryOutcome,
): Promise<void> {
  await quarantineAtStartup(s, raw, reason, fromMainKey, outcome)
  await refreshBackups(s)
}
