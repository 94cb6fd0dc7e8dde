import type { CompareAnswer, RunStart } from '../engine/host/protocol.ts'
import type { ReplayHandle } from '../engine/host/runtime-client.ts'
import { recordingConfig } from '../engine/host/recording-config.ts'
import type { ReplayProgress } from '../engine/traffic/replay-job.ts'
import type { ExportOutcome, ExportProgress } from '../engine/traffic/export-job.ts'
import {
  checkTrafficFileSize,
  decodeTrafficBytes,
  readFailure,
  type Recording,
  type TrafficFormat,
  type TrafficReadFailure,
  type TrafficReadResult,
} from '../engine/traffic/limits.ts'
import type { FrameFilter } from '../engine/view/frame-view.ts'
import type { DecoderChoice } from '../engine/codecs/codecs.ts'
import { useSessionStore } from './session-store.ts'
import { createId } from '../lib/create-id.ts'
import { describeError } from '../lib/describe-error.ts'
import type { ConnectionId } from '../workspace/model.ts'
import { forgetKeptRecording, keepRecording } from './recording-persistence.ts'
import { selectRecording, useRecordingsStore, type RecordingInfo } from './recordings-store.ts'
import { runtimeClient } from './runtime-binding.ts'
import { forgetConnection, playFrames } from './session-actions.ts'
import { getConnection } from './workspace-actions.ts'
import { useWorkspaceStore } from './workspace-store.ts'

export type { ExportOutcome, ExportProgress, RecordingInfo, TrafficFormat }

export type TimelineExportChoice = {
  format: TrafficFormat
  /** The filter the timeline shows now; only its frames are written. Null: every retained frame. */
  filter: FrameFilter | null
  /** Keep secret-looking values; off (the default), they are replaced with "<redacted>". */
  includeSecrets: boolean
}

export type TimelineExport = { done: Promise<ExportOutcome>; cancel(): void }

/**
 * Exports one connection's timeline. The file is produced in the runtime's Worker, next to the
 * log, and comes back as a Blob: the page only shows progress.
 */
/** A saved connection carries its transport's options (absent: WebSocket); a recording, the kind it was captured with. */
function transportKindOf(transport: string | { kind: string } | undefined): string {
  if (transport === undefined) return 'websocket'
  return typeof transport === 'string' ? transport : transport.kind
}

export function exportTimeline(id: ConnectionId, choice: TimelineExportChoice, onProgress?: (progress: ExportProgress) => void): TimelineExport {
  const connection = getConnection(id) ?? selectRecording(useRecordingsStore.getState(), id)
  if (!connection) return { done: Promise.resolve({ ok: false, error: 'That connection no longer exists.' }), cancel: () => {} }
  return runtimeClient().exportTimeline(
    id,
    {
      format: choice.format,
      filter: choice.filter,
      redact: !choice.includeSecrets,
      source: { name: connection.name, url: connection.url, transport: transportKindOf(connection.transport) },
      exportedAt: Date.now(),
    },
    onProgress,
  )
}

// ---------------------------------------------------------------------------------------------
// Import: HAR files, NDJSON timelines, JSON arrays and the timelines inside workspace files.

export type TrafficImportOutcome =
  | { ok: true; fileName: string; format: TrafficFormat | 'workspace'; recordings: RecordingInfo[]; warnings: string[] }
  | { ok: false; fileName: string; message: string; details: string[] }

const WORKSPACE_MARK = /"format"\s*:\s*"frameline\.workspace"/

async function fromWorkspaceFile(text: string): Promise<TrafficReadResult | (TrafficReadFailure & { workspace: true })> {
  // The file format's reader loads with the first workspace file opened here, not at start.
  const { fromTimelineEntry, parseWorkspaceFile, timelineAnnotations } = await import('../workspace/workspace-file.ts')
  const parsed = parseWorkspaceFile(text)
  if (!parsed.ok) return { ...readFailure(parsed.message, parsed.details), workspace: true }
  const recordings: Recording[] = []
  for (const connection of parsed.value.workspace.connections) {
    const entries = parsed.value.timelines.get(connection.id)
    if (!entries || entries.length === 0) continue
    const annotations = timelineAnnotations(entries)
    recordings.push({ name: connection.name, url: connection.url, transport: 'websocket', frames: entries.map(fromTimelineEntry), warnings: [], ...(annotations.length > 0 ? { annotations } : {}) })
  }
  if (recordings.length === 0) {
    return readFailure('This workspace file carries no timelines, so there is no recording to open. Import it from the workspace menu to add its connections.')
  }
  return { ok: true, format: 'json', recordings, warnings: [] }
}

/**
 * Imports a traffic file: every WebSocket entry of a HAR, the NDJSON or JSON timeline, or each
 * timeline of a workspace file opens as a read-only recording, played into a timeline of its own
 * with the list transport. HAR and timeline files are read in the runtime's Worker, next to the
 * logs, so a million frames neither freeze the page nor cross the thread boundary. All or nothing:
 * a file that cannot be read changes nothing.
 */
export async function importTrafficFile(file: Blob, fileName: string): Promise<TrafficImportOutcome> {
  const fail = (failure: { message: string; details: string[] }): TrafficImportOutcome => ({ ok: false, fileName, message: failure.message, details: failure.details })
  const tooBig = checkTrafficFileSize(file.size)
  if (tooBig) return fail(tooBig)
  let bytes: ArrayBuffer
  try {
    bytes = await file.arrayBuffer()
  } catch (thrown) {
    return fail(readFailure(`The file could not be read: ${describeError(thrown)}. Nothing was imported.`))
  }
  const head = new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 4096)))
  const open = useRecordingsStore.getState().recordings.length
  let format: TrafficFormat | 'workspace'
  let played: { id: string; name: string; url: string; transport: string; frames: number; warnings: string[] }[]
  let warnings: string[]
  if (WORKSPACE_MARK.test(head)) {
    const decoded = decodeTrafficBytes(new Uint8Array(bytes))
    if (!decoded.ok) return fail(decoded)
    const result = await fromWorkspaceFile(decoded.text)
    if (!result.ok) return fail(result)
    if (open + result.recordings.length > MAX_RECORDINGS) return fail(tooManyRecordings(result.recordings.length, open))
    played = []
    for (const recording of result.recordings) {
      const id = createId('rec_')
      runtimeClient().configure(id, recordingConfig(recording.url, recording.frames))
      const outcome = await playFrames(id, recording.frames, fileName, recording.annotations)
      if (!outcome.ok) {
        for (const done of [...played.map((p) => p.id), id]) {
          forgetConnection(done)
          runtimeClient().configure(done, null)
        }
        return fail(readFailure(`Not imported: ${outcome.error}`))
      }
      played.push({ id, name: recording.name, url: recording.url, transport: recording.transport, frames: recording.frames.length, warnings: recording.warnings })
    }
    format = 'workspace'
    warnings = result.warnings
  } else {
    const answer = await runtimeClient().importTraffic(bytes, fileName, createId('rec_'))
    if (!answer.ok) return fail(answer)
    if (open + answer.recordings.length > MAX_RECORDINGS) {
      for (const recording of answer.recordings) {
        forgetConnection(recording.id)
        runtimeClient().configure(recording.id, null)
      }
      return fail(tooManyRecordings(answer.recordings.length, open))
    }
    played = answer.recordings
    format = answer.format
    warnings = answer.warnings
  }
  const { maxFramesPerConnection } = useWorkspaceStore.getState().preferences
  const infos: RecordingInfo[] = played.map((recording) => ({
    ...recording,
    name: recording.name || fileName,
    fileName,
    format,
    warnings:
      recording.frames > maxFramesPerConnection
        ? [
            ...recording.warnings,
            `This recording has ${recording.frames.toLocaleString('en-US')} frames; the timeline keeps the newest ${maxFramesPerConnection.toLocaleString('en-US')} (the retention limit, changeable in the timeline's Retention settings).`,
          ]
        : recording.warnings,
  }))
  useRecordingsStore.setState((state) => ({ recordings: [...state.recordings, ...infos] }))
  if (infos[0]) selectRecordingView(infos[0].id)
  // Kept for the next visit in the background: the import is done as far as the user is concerned.
  for (const info of infos) void keepRecording(info.id)
  return { ok: true, fileName, format, recordings: infos, warnings }
}

function tooManyRecordings(count: number, open: number) {
  return readFailure(
    `This file holds ${count} recording${count === 1 ? '' : 's'} and ${open} ${open === 1 ? 'is' : 'are'} open; at most ${MAX_RECORDINGS} can be open at once. Close some recordings first. Nothing was imported.`,
  )
}

/** Recordings open at once: each is a list session in the runtime, which allows 200 open. */
export const MAX_RECORDINGS = 100

// The connection that was selected before a recording was shown, to come back to when it closes.
let connectionBeforeRecording: ConnectionId | null = null

/**
 * Shows a recording in the main area. The workspace's selection is set aside (not kept), so that
 * choosing any connection in the sidebar, the previous one included, is a change that shows it.
 */
export function selectRecordingView(id: string): void {
  const selected = useWorkspaceStore.getState().selectedConnectionId
  if (selected !== null) connectionBeforeRecording = selected
  useRecordingsStore.setState({ selectedId: id })
  if (selected !== null) useWorkspaceStore.setState({ selectedConnectionId: null })
}

const replays = new Map<string, ReplayHandle>()

export function describeSpeed(speed: number | null): string {
  return speed === null ? 'as fast as possible' : speed === 1 ? 'original timing' : `${speed}× speed`
}

function updateRecording(id: string, change: (recording: RecordingInfo) => RecordingInfo): void {
  useRecordingsStore.setState((state) => ({ recordings: state.recordings.map((r) => (r.id === id ? change(r) : r)) }))
}

/**
 * Plays a recording back into a new timeline (a recording of its own, selected at once) at its
 * original timing, N times faster, or as fast as possible. Returns the new recording's id.
 */
export function replayRecording(id: string, speed: number | null): string | null {
  const source = selectRecording(useRecordingsStore.getState(), id)
  if (!source) return null
  const to = createId('rec_')
  const info: RecordingInfo = {
    id: to,
    name: `${source.name} · replay (${describeSpeed(speed)})`,
    url: source.url,
    transport: source.transport,
    fileName: source.fileName,
    format: source.format,
    frames: source.frames,
    warnings: [],
    replay: { of: id, speed, played: 0, total: source.frames, state: 'playing' },
  }
  useRecordingsStore.setState((state) => ({ recordings: [...state.recordings, info] }))
  selectRecordingView(to)
  const handle = runtimeClient().replay(id, to, speed, (progress) => {
    if (progress.state === 'done' || progress.state === 'stopped' || progress.state === 'failed') replays.delete(to)
    updateRecording(to, (recording) => ({
      ...recording,
      replay: { of: id, speed, played: progress.played, total: progress.total, state: progress.state, ...(progress.error ? { error: progress.error } : {}) },
    }))
  })
  replays.set(to, handle)
  return to
}

export function pauseReplay(id: string): void {
  replays.get(id)?.pause()
}

export function resumeReplay(id: string): void {
  replays.get(id)?.resume()
}

export function stopReplay(id: string): void {
  replays.get(id)?.stop()
}

/**
 * Reads a recording as another protocol (or raw): the same "Decode as" as workspace connections,
 * kept on the recording. Decoding never changes the frames, so this only reconfigures its views.
 */
export function setRecordingDecoder(id: string, choice: DecoderChoice): void {
  const info = selectRecording(useRecordingsStore.getState(), id)
  if (!info) return
  const protocol = useSessionStore.getState().runtimeById[id]?.protocol ?? ''
  runtimeClient().configure(id, { spec: { transport: 'list', url: info.url, frames: [], protocol }, autoReconnect: false, decoder: choice })
  updateRecording(id, (recording) => (choice === 'auto' ? { ...recording, decoder: undefined } : { ...recording, decoder: choice }))
}

/** Closes a recording: its timeline is forgotten by the runtime (a replay into it stops). */
export function closeRecording(id: string): void {
  const info = selectRecording(useRecordingsStore.getState(), id)
  if (info) forgetKeptRecording(info)
  replays.get(id)?.stop()
  replays.delete(id)
  forgetConnection(id)
  runtimeClient().configure(id, null)
  useRecordingsStore.setState((state) => ({
    recordings: state.recordings.filter((r) => r.id !== id),
    selectedId: state.selectedId === id ? null : state.selectedId,
  }))
  // Back to the connection shown before, if nothing else was chosen meanwhile and it still exists.
  const workspace = useWorkspaceStore.getState()
  if (useRecordingsStore.getState().selectedId === null && workspace.selectedConnectionId === null && connectionBeforeRecording !== null) {
    const previous = connectionBeforeRecording
    connectionBeforeRecording = null
    if (getConnection(previous)) useWorkspaceStore.setState({ selectedConnectionId: previous })
  }
}

export type { CompareAnswer, ReplayProgress, RunStart }

/**
 * Re-sends a recording's sent messages, in order, to a live connection of the workspace, with the
 * recorded gaps (maxGapMs null) or each shortened to at most maxGapMs. The replies land in that
 * connection's timeline; `start` says where the new run begins, for compareRun.
 */
export function resendRecording(
  recordingId: string,
  connectionId: ConnectionId,
  maxGapMs: number | null,
  onProgress: (progress: ReplayProgress, start: RunStart) => void,
): ReplayHandle {
  return runtimeClient().resend(recordingId, connectionId, maxGapMs, onProgress)
}

/** Compares a recording with the run that began at `start` in the connection's timeline. */
export function compareRun(recordingId: string, connectionId: ConnectionId, start: RunStart, ignoreFields: string[]): Promise<CompareAnswer> {
  return runtimeClient().compare(recordingId, connectionId, start, ignoreFields)
}
