import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { describeError } from '../../lib/describe-error.ts'
import { downloadText } from '../../lib/download-file.ts'
import type { RecoveryOutcome, StorageProblem } from '../../store/persistence/persistence-status.ts'
import { parseBackupKey, type BackupInfo } from '../../store/persistence/stored-record.ts'
import { useWorkspaceStore, workspacePersistence } from '../../store/workspace-store.ts'
import './storage-banner.css'

const loadEmergencyExport = () => import('../../store/persistence/emergency-export.ts')

/** Several downloads in one click: browsers drop some if they all start in the same task. */
const DOWNLOAD_SPACING_MS = 250

/**
 * Says, for as long as it is true, that changes are not reaching browser storage and why, and
 * offers the ways out: export what is in memory, retry, download the backups that were kept.
 */
export function StorageBanner() {
  const status = useStore(workspacePersistence.status)
  const [busy, setBusy] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)
  const { problem, recovered, conflict, journal } = status
  const atRisk = problem !== null && status.hasUnsavedChanges

  useEffect(() => {
    if (!atRisk) return
    // Closing the tab now would lose what only exists in memory; let the browser ask first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [atRisk])

  if (!problem && !recovered && !conflict && !journal) return null
  // The writer of export files is not first-screen code: it loads when this banner first shows
  // (long before a click on Export now), from the same origin or the offline cache.
  void loadEmergencyExport()

  const exportNow = () => {
    setActionError(null)
    const fail = (thrown: unknown) => setActionError(`Export failed: ${describeError(thrown)}`)
    loadEmergencyExport().then(({ prepareEmergencyExport }) => {
      prepareEmergencyExport(useWorkspaceStore.getState()).forEach((file, index) => {
        setTimeout(() => {
          try {
            downloadText(file.fileName, file.text)
          } catch (thrown) {
            fail(thrown)
          }
        }, index * DOWNLOAD_SPACING_MS)
      })
    }).catch(fail)
  }

  const retry = async () => {
    setBusy(true)
    setActionError(null)
    try {
      await workspacePersistence.retry()
    } finally {
      setBusy(false)
    }
  }

  const downloadBackup = async (backup: BackupInfo) => {
    setActionError(null)
    try {
      const text = await workspacePersistence.readBackup(backup.key)
      if (text === null) setActionError('That backup is no longer in browser storage.')
      else downloadText((await loadEmergencyExport()).backupFileName(backup.createdAt, backup.kind), text)
    } catch (thrown) {
      setActionError(`Could not read the backup: ${describeError(thrown)}`)
    }
  }

  const noticeKeys = new Set([recovered?.backupKey, conflict?.backupKey, journal?.backupKey])
  const otherBackups = status.backups.filter((b) => !noticeKeys.has(b.key))
  const latestOther = otherBackups[0]

  return (
    <div className="storage-banner">
      {problem && (
        <div className="storage-banner-item storage-banner-problem" role="alert">
          <p>
            <strong>{problemTitle(problem)}</strong> {problemConsequence(problem)}
          </p>
          <p className="storage-banner-detail">{problem.detail}</p>
          <div className="storage-banner-actions">
            <button type="button" className="primary" onClick={exportNow}>
              Export now
            </button>
            {problem.kind !== 'newer-version' && (
              <button type="button" onClick={() => void retry()} disabled={busy}>
                {busy ? 'Retrying…' : 'Retry'}
              </button>
            )}
          </div>
        </div>
      )}
      {recovered && (
        <div className="storage-banner-item" role="status">
          <p>
            <strong>Saved data could not be read</strong> ({recovered.reason}).{' '}
            {recoveryText(recovered.backupKey, recovered.outcome)}
          </p>
          <div className="storage-banner-actions">
            {recovered.backupKey && (
              <BackupButton backupKey={recovered.backupKey} onDownload={downloadBackup} />
            )}
            {!problem && (
              <button type="button" onClick={() => workspacePersistence.dismissNotices()}>
                Dismiss
              </button>
            )}
          </div>
        </div>
      )}
      {conflict && (
        <div className="storage-banner-item" role="status">
          <p>
            <strong>Another tab changed the same {conflict.paths.length === 1 ? 'field' : 'fields'} at the same time</strong>{' '}
            ({describePaths(conflict.paths)}). This tab’s version was saved;{' '}
            {conflict.backupKey ? 'the other tab’s version is kept as a backup.' : 'keeping the other version failed.'}
          </p>
          <div className="storage-banner-actions">
            {conflict.backupKey && (
              <BackupButton backupKey={conflict.backupKey} onDownload={downloadBackup} />
            )}
            <button type="button" onClick={() => workspacePersistence.dismissNotices()}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      {journal && (
        <div className="storage-banner-item" role="status">
          <p>
            <strong>Edits made just before the page was last left were not applied</strong> ({journal.reason}).{' '}
            {journal.backupKey
              ? 'They are kept as a backup in this browser.'
              : 'They are still kept in this browser and will be tried again on the next load.'}
          </p>
          <div className="storage-banner-actions">
            {journal.backupKey && <BackupButton backupKey={journal.backupKey} onDownload={downloadBackup} />}
            <button type="button" onClick={() => workspacePersistence.dismissNotices()}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      {latestOther && (
        <p className="storage-banner-detail">
          {otherBackups.length === 1 ? 'An older backup is' : `${otherBackups.length} older backups are`} kept in this
          browser.{' '}
          <button type="button" className="link" onClick={() => void downloadBackup(latestOther)}>
            Download the latest
          </button>
        </p>
      )}
      {actionError && (
        <p className="storage-banner-error" role="alert">
          {actionError}
        </p>
      )}
    </div>
  )
}

function BackupButton(props: { backupKey: string; onDownload: (backup: BackupInfo) => Promise<void> }) {
  const info = parseBackupKey(props.backupKey) ?? { key: props.backupKey, kind: 'unreadable', createdAt: 0 }
  return (
    <button type="button" onClick={() => void props.onDownload(info)}>
      Download backup
    </button>
  )
}

function recoveryText(backupKey: string | null, outcome: RecoveryOutcome): string {
  if (!backupKey) return 'It was left untouched in storage.'
  switch (outcome) {
    case 'fresh':
      return 'A copy was kept as a backup in this browser, and Frameline started with a fresh workspace.'
    case 'partial':
      return 'A copy was kept as a backup in this browser; the workspaces that could be read were loaded.'
    case 'replaced':
      return 'A copy was kept as a backup in this browser before this tab saved over it.'
    case 'journal':
      return 'A copy was kept as a backup in this browser; your latest edits, kept in this browser when the page was last left, were loaded.'
  }
}

function problemTitle(problem: StorageProblem): string {
  switch (problem.kind) {
    case 'quota':
      return 'Not saved: browser storage is full.'
    case 'unavailable':
      return 'Browser storage is not available.'
    case 'write-failed':
      return 'Not saved: writing to browser storage failed.'
    case 'invalid':
      return 'Not saved: a workspace holds a value too large or malformed to store.'
    case 'newer-version':
      return 'Read-only: a newer version of Frameline saved these workspaces.'
    case 'backup-failed':
      return 'Not saved: stored data is unreadable and could not be backed up.'
  }
}

function problemConsequence(problem: StorageProblem): string {
  if (problem.kind === 'newer-version') {
    return 'This tab will not overwrite them; changes you make here are kept in memory only. Use the newer version, or export what you need.'
  }
  if (problem.kind === 'invalid') {
    return 'Fix the field named below and saving resumes; until then your changes are kept in memory in this tab only.'
  }
  return 'Your changes are kept in memory in this tab, but will be lost when it closes. Export now to keep them.'
}

/** `workspaces[w_1].connections[c_2].draft.text` → `draft.text`: the field, not the ids. */
function describePaths(paths: readonly string[]): string {
  const fields = paths.map((path) => path.replace(/^.*\]\.?/, '') || 'an item')
  return [...new Set(fields)].slice(0, 4).join(', ')
}
