import { readFileSync } from 'node:fs'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRecordingStorage, readStoredRecording } from '../../src/store/persistence/recording-storage.ts'
import { keepRecording, restoreRecordings, setRecordingStorage } from '../../src/store/recording-persistence.ts'
import { useRecordingsStore } from '../../src/store/recordings-store.ts'
import { closeRecording, importTrafficFile } from '../../src/store/traffic-actions.ts'
import { installTestRuntime } from '../support/test-runtime.ts'

const har = () => new Blob([readFileSync('tests/engine/traffic/fixtures/devtools-seconds.har')])

afterEach(() => setRecordingStorage(undefined))

const only = () => {
  const recording = useRecordingsStore.getState().recordings[0]
  if (!recording) throw new Error('no recording')
  return recording
}

describe('recordings kept across reloads', () => {
  it('keeps an imported recording and opens it again after a reload, with the same frames', async () => {
    const factory = new IDBFactory()
    setRecordingStorage(createRecordingStorage(factory))
    installTestRuntime()
    const outcome = await importTrafficFile(har(), 'capture.har')
    expect(outcome.ok).toBe(true)
    await vi.waitFor(() => expect(only().storage?.state).toBe('saved'), { timeout: 5000 })
    const before = only()
    const key = before.storage?.key ?? ''
    expect(await readStoredRecording(factory, key)).toMatchObject({ name: before.name, frames: before.frames, fileName: 'capture.har' })

    // A reload: a new runtime, no recordings in memory, the same browser storage.
    useRecordingsStore.setState(useRecordingsStore.getInitialState(), true)
    const client = installTestRuntime()
    setRecordingStorage(createRecordingStorage(factory))
    expect(await restoreRecordings()).toEqual({ restored: 1, dropped: 0 })
    const after = only()
    expect(after).toMatchObject({ name: before.name, url: before.url, frames: before.frames, storage: { state: 'saved', key } })
    expect(client.runtime.log(after.id)?.toArray().length).toBe(before.frames)

    // Closing it deletes the kept copy: the next reload does not bring it back.
    closeRecording(after.id)
    await vi.waitFor(async () => expect(await readStoredRecording(factory, key)).toBeUndefined(), { timeout: 5000 })
    useRecordingsStore.setState(useRecordingsStore.getInitialState(), true)
    expect(await restoreRecordings()).toEqual({ restored: 0, dropped: 0 })
  })

  it('says on the recording why it is not kept when it is over the budget', async () => {
    setRecordingStorage(createRecordingStorage(new IDBFactory()))
    installTestRuntime()
    setRecordingStorage(null)
    await importTrafficFile(har(), 'capture.har')
    await vi.waitFor(() => expect(only().storage?.state).toBe('not-kept'), { timeout: 5000 })
    expect(only().storage?.reason).toContain('gives the page no storage')

    setRecordingStorage(createRecordingStorage(new IDBFactory()))
    await keepRecording(only().id, { perRecordingBytes: 100, totalBytes: 1000 })
    expect(only().storage).toMatchObject({ state: 'not-kept', reason: expect.stringContaining('too large to keep across reloads (up to 0.0 MB per recording)') })
    await keepRecording(only().id, { perRecordingBytes: 10_000_000, totalBytes: 100 })
    expect(only().storage?.reason).toContain('would not fit')
  })

  it('skips a damaged kept entry instead of failing', async () => {
    const factory = new IDBFactory()
    const storage = createRecordingStorage(factory)
    if (!storage) throw new Error('no storage')
    await storage.save({ key: 'k1', name: 'Broken', url: '', transport: 'websocket', fileName: 'x.ndjson', format: 'ndjson', frames: 1, warnings: [], workspaceId: null, savedAt: 1, bytes: new TextEncoder().encode('not a timeline').buffer as ArrayBuffer })
    setRecordingStorage(storage)
    installTestRuntime()
    expect(await restoreRecordings()).toEqual({ restored: 0, dropped: 1 })
    expect(await readStoredRecording(factory, 'k1')).toBeUndefined()
  })
})
