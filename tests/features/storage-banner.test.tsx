import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StorageBanner } from '../../src/features/storage/storage-banner.tsx'
import { createPersistenceStatus, type PersistenceStatus } from '../../src/store/persistence/persistence-status.ts'
import { createBackupKey } from '../../src/store/persistence/stored-record.ts'
import { useWorkspaceStore, workspacePersistence } from '../../src/store/workspace-store.ts'
import { parseWorkspaceFile } from '../../src/workspace/workspace-file.ts'

type Download = { fileName: string; text: string }
let downloads: Download[]

beforeEach(() => {
  downloads = []
  // jsdom has no object URLs and does not download; record what would have been saved instead.
  const blobs = new Map<string, Blob>()
  vi.stubGlobal('URL', Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      const url = `blob:test/${blobs.size}`
      blobs.set(url, blob)
      return url
    },
    revokeObjectURL: () => undefined,
  }))
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href)
    if (blob) void blob.text().then((text) => downloads.push({ fileName: this.download, text }))
  })
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  workspacePersistence.status.setState(createPersistenceStatus().getState(), true)
})

function showStatus(patch: Partial<PersistenceStatus>) {
  workspacePersistence.status.setState({ phase: 'ready', ...patch })
}

describe('storage banner', () => {
  it('shows nothing while storage works', () => {
    showStatus({ lastSavedAt: 1 })
    const { container } = render(<StorageBanner />)
    expect(container).toBeEmptyDOMElement()
  })

  it('says a full storage did not save, that changes are in memory, and offers Export now and Retry', async () => {
    const user = userEvent.setup()
    const retry = vi.spyOn(workspacePersistence, 'retry').mockResolvedValue()
    showStatus({ problem: { kind: 'quota', detail: 'Browser storage is full (QuotaExceededError).' }, hasUnsavedChanges: true })
    render(<StorageBanner />)

    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('Not saved: browser storage is full.')
    expect(alert).toHaveTextContent('Your changes are kept in memory in this tab')
    await user.click(screen.getByRole('button', { name: 'Retry' }))
    expect(retry).toHaveBeenCalledOnce()
  })

  it('exports every workspace in memory as an importable file, secrets included', async () => {
    const user = userEvent.setup()
    const state = useWorkspaceStore.getState()
    const workspace = state.workspaces[0]!
    const connection = { ...workspace.connections[0]!, url: 'wss://example.test/feed?token=s3cret' }
    useWorkspaceStore.setState({
      workspaces: [
        { ...workspace, connections: [connection] },
        { id: 'w_second', name: 'Second', connections: [] },
      ],
    })
    showStatus({ problem: { kind: 'unavailable', detail: 'No IndexedDB.' } })
    render(<StorageBanner />)
    expect(screen.getByRole('alert')).toHaveTextContent('Browser storage is not available.')

    await user.click(screen.getByRole('button', { name: 'Export now' }))
    await waitFor(() => expect(downloads).toHaveLength(2))
    expect(downloads.map((d) => d.fileName)).toEqual(['My workspace.frameline.json', 'Second.frameline.json'])
    const parsed = parseWorkspaceFile(downloads[0]!.text)
    expect(parsed.ok && parsed.value.workspace.connections[0]?.url).toBe('wss://example.test/feed?token=s3cret')
  })

  it('explains read-only mode for data from a newer version, without a Retry', () => {
    showStatus({
      problem: { kind: 'newer-version', storedVersion: 3, detail: 'Written by storage version 3.' },
    })
    render(<StorageBanner />)
    expect(screen.getByRole('alert')).toHaveTextContent('Read-only: a newer version of Frameline saved these workspaces.')
    expect(screen.getByRole('alert')).toHaveTextContent('This tab will not overwrite them')
    expect(screen.getByRole('button', { name: 'Export now' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument()
  })

  it('tells the user unreadable data was kept, and downloads that backup byte for byte', async () => {
    const user = userEvent.setup()
    const backupKey = createBackupKey('unreadable', Date.UTC(2026, 10, 22, 3, 4, 5), 'abc')
    const readBackup = vi.spyOn(workspacePersistence, 'readBackup').mockResolvedValue('{"format":"frameline.store",')
    showStatus({
      recovered: { reason: 'the stored record is not valid JSON (Unexpected end)', backupKey, outcome: 'fresh' },
      backups: [{ key: backupKey, kind: 'unreadable', createdAt: Date.UTC(2026, 10, 22, 3, 4, 5) }],
    })
    render(<StorageBanner />)

    const notice = screen.getByRole('status')
    expect(notice).toHaveTextContent('Saved data could not be read (the stored record is not valid JSON (Unexpected end))')
    expect(notice).toHaveTextContent('A copy was kept as a backup in this browser, and Frameline started with a fresh workspace.')
    await user.click(screen.getByRole('button', { name: 'Download backup' }))
    expect(readBackup).toHaveBeenCalledWith(backupKey)
    await waitFor(() => expect(downloads).toHaveLength(1))
    expect(downloads[0]).toEqual({
      fileName: 'frameline-unreadable-backup-2026-11-22T03-04-05-000Z.json',
      text: '{"format":"frameline.store",',
    })

    await user.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
  })

  it('says when edits from the unsaved-edits journal were kept as a backup instead of applied', async () => {
    const user = userEvent.setup()
    const backupKey = createBackupKey('unsaved', Date.UTC(2026, 10, 22, 3, 4, 5), 'j1')
    vi.spyOn(workspacePersistence, 'readBackup').mockResolvedValue('{"format":"frameline.journal"}')
    showStatus({
      journal: { reason: 'another tab saved changes in the meantime', backupKey },
      backups: [{ key: backupKey, kind: 'unsaved', createdAt: Date.UTC(2026, 10, 22, 3, 4, 5) }],
    })
    render(<StorageBanner />)

    const notice = screen.getByRole('status')
    expect(notice).toHaveTextContent(
      'Edits made just before the page was last left were not applied (another tab saved changes in the meantime). They are kept as a backup in this browser.',
    )
    // The backup is offered in the notice, not again as an "older backup".
    expect(screen.queryByText(/older backup/)).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Download backup' }))
    await waitFor(() => expect(downloads[0]?.fileName).toBe('frameline-unsaved-backup-2026-11-22T03-04-05-000Z.json'))
    await user.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
  })

  it('mentions older backups and offers the latest alongside a problem', async () => {
    const user = userEvent.setup()
    const older = createBackupKey('conflict', Date.UTC(2026, 0, 1), 'old')
    const newer = createBackupKey('unreadable', Date.UTC(2026, 5, 1), 'new')
    const readBackup = vi.spyOn(workspacePersistence, 'readBackup').mockResolvedValue('backup text')
    showStatus({
      problem: { kind: 'write-failed', detail: 'Saving failed (AbortError).' },
      backups: [
        { key: newer, kind: 'unreadable', createdAt: Date.UTC(2026, 5, 1) },
        { key: older, kind: 'conflict', createdAt: Date.UTC(2026, 0, 1) },
      ],
    })
    render(<StorageBanner />)
    expect(screen.getByText(/2 older backups are kept in this browser/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Download the latest' }))
    expect(readBackup).toHaveBeenCalledWith(newer)
  })

  it('reports a conflict between tabs with the field that clashed', () => {
    showStatus({ conflict: { paths: ['workspaces[w_1].connections[c_2].name'], backupKey: null } })
    render(<StorageBanner />)
    expect(screen.getByRole('status')).toHaveTextContent('Another tab changed the same field at the same time (name)')
  })

  it('asks before the tab closes while changes exist only in memory', () => {
    showStatus({ problem: { kind: 'quota', detail: 'full' }, hasUnsavedChanges: true })
    render(<StorageBanner />)
    const event = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
  })
})
