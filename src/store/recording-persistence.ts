import { createId } from '../lib/create-id.ts'
import { createRecordingStorage, type RecordingStorage } from './persistence/recording-storage.ts'
import { selectRecording, useRecordingsStore, type RecordingInfo } from './recordings-store.ts'
import { runtimeClient } from './runtime-binding.ts'
import { useWorkspaceStore } from './workspace-store.ts'

/**
 * Recordings survive a reload within a stated budget: each one is kept as the NDJSON timeline the
 * export writes (produced in the Worker, next to the log), up to 32 MiB per recording and 128 MiB
 * in all. Browsers give an origin far more than that, but a workbench that quietly takes
 * gigabytes is one users clear; beyond the budget the recording stays open in this tab and its
 * row says why it will not come back (export it to keep it).
 */
export const RECORDING_BUDGET = { perRecordingBytes: 32 * 1024 * 1024, totalBytes: 128 * 1024 * 1024 }

let storage: RecordingStorage | null | undefined

export function recordingStorage(): RecordingStorage | null {
  if (storage === undefined) storage = createRecordingStorage()
  return storage
}

/** Tests give each "browser" its own storage (or none). */
export function setRecordingStorage(next: RecordingStorage | null | undefined): void {
  storage = next
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function setStorageState(id: string, state: NonNullable<RecordingInfo['storage']>): void {
  useRecordingsStore.setState((current) => ({ recordings: current.recordings.map((r) => (r.id === id ? { ...r, storage: state } : r)) }))
}

/** Saves a recording for the next visit, or says on its row why it cannot be kept. */
export async function keepRecording(id: string, budget = RECORDING_BUDGET): Promise<void> {
  const target = recordingStorage()
  const info = selectRecording(useRecordingsStore.getState(), id)
  if (!info || info.replay) return
  if (!target) {
    setStorageState(id, { state: 'not-kept', reason: 'This browser gives the page no storage, so recordings last until it reloads.' })
    return
  }
  setStorageState(id, { state: 'saving' })
  const outcome = await runtimeClient().exportTimeline(id, {
    format: 'ndjson',
    filter: null,
    // Kept on this device only, exactly as imported: redaction is for files that leave it.
    redact: false,
    source: { name: info.name, url: info.url, transport: info.transport },
    exportedAt: Date.now(),
  }).done
  if (!selectRecording(useRecordingsStore.getState(), id)) return
  if (!outcome.ok) {
    setStorageState(id, { state: 'not-kept', reason: `It could not be prepared for saving: ${outcome.error}` })
    return
  }
  const size = outcome.blob.size
  if (size > budget.perRecordingBytes) {
    setStorageState(id, { state: 'not-kept', reason: `At ${megabytes(size)} it is too large to keep across reloads (up to ${megabytes(budget.perRecordingBytes)} per recording). It stays open in this tab; export it to keep it.` })
    return
  }
  const used = await target.usage()
  if (used + size > budget.totalBytes) {
    setStorageState(id, { state: 'not-kept', reason: `Kept recordings already use ${megabytes(used)} of ${megabytes(budget.totalBytes)}; this one (${megabytes(size)}) would not fit. Close kept recordings you no longer need, or export this one.` })
    return
  }
  const key = info.storage?.key ?? createId('kept_')
  const saved = await target.save({
    key,
    name: info.name,
    url: info.url,
    transport: info.transport,
    fileName: info.fileName,
    format: info.format,
    frames: info.frames,
    warnings: info.warnings,
    workspaceId: useWorkspaceStore.getState().currentWorkspaceId ?? null,
    savedAt: Date.now(),
    bytes: await outcome.blob.arrayBuffer(),
  })
  // Closed while saving: the copy must not outlive it.
  if (!selectRecording(useRecordingsStore.getState(), id)) {
    await target.remove(key)
    return
  }
  setStorageState(id, saved.ok ? { state: 'saved', key } : { state: 'not-kept', reason: `It could not be kept: ${saved.message}. It stays open in this tab; export it to keep it.` })
}

/** Closing a recording deletes its kept copy. */
export function forgetKeptRecording(info: RecordingInfo): void {
  if (info.storage?.key) void recordingStorage()?.remove(info.storage.key)
}

/**
 * Opens the recordings kept by earlier visits, read in the Worker like any imported timeline. A
 * copy that no longer reads is dropped and counted, never fatal.
 */
export async function restoreRecordings(): Promise<{ restored: number; dropped: number }> {
  const target = recordingStorage()
  if (!target) return { restored: 0, dropped: 0 }
  const kept = await target.list()
  let restored = 0
  let dropped = 0
  for (const item of kept) {
    if (useRecordingsStore.getState().recordings.some((r) => r.storage?.key === item.key)) continue
    const bytes = await target.read(item.key)
    const answer = bytes ? await runtimeClient().importTraffic(bytes, item.fileName, createId('rec_')) : null
    const recording = answer?.ok ? answer.recordings[0] : undefined
    if (!recording) {
      dropped += 1
      await target.remove(item.key)
      continue
    }
    const info: RecordingInfo = {
      id: recording.id,
      name: item.name,
      url: item.url,
      transport: item.transport,
      fileName: item.fileName,
      format: item.format as RecordingInfo['format'],
      frames: recording.frames,
      warnings: item.warnings,
      storage: { state: 'saved', key: item.key },
    }
    useRecordingsStore.setState((state) => ({ recordings: [...state.recordings, info] }))
    restored += 1
  }
  return { restored, dropped }
}
