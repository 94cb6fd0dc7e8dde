import { create } from 'zustand'
import type { DecoderChoice } from '../engine/codecs/codecs.ts'
import type { TrafficFormat } from '../engine/traffic/limits.ts'
import { useWorkspaceStore } from './workspace-store.ts'

/** A recording: frames read from a file, shown read-only in a timeline of their own. */
export type RecordingInfo = {
  /** Its timeline's id in the runtime (never a workspace connection id). */
  id: string
  name: string
  url: string
  transport: string
  /** The file it came from. */
  fileName: string
  format: TrafficFormat | 'workspace'
  frames: number
  /** What the user should know about it (time unit assumed, frames skipped, retention). */
  warnings: string[]
  /** Set when this timeline is a replay of another recording, with how far it has got. */
  replay?: ReplayStatus
  /** How its timeline decodes frames; absent: detected from the capture's subprotocol and URL. */
  decoder?: DecoderChoice
  /** Whether it is kept across reloads (src/store/recording-persistence.ts); replays are not. */
  storage?: { state: 'saving' | 'saved' | 'not-kept'; key?: string; reason?: string }
}

export type ReplayStatus = {
  /** The recording replayed. */
  of: string
  /** Times faster than recorded; null: as fast as possible. */
  speed: number | null
  played: number
  total: number
  state: 'playing' | 'paused' | 'done' | 'stopped' | 'failed'
  error?: string
}

/**
 * Recordings open in this page. Each imported one is also kept across reloads within a budget
 * (recording-persistence.ts); its `storage` says whether it was.
 */
export type RecordingsState = {
  recordings: RecordingInfo[]
  /** The recording shown instead of a connection, or null. */
  selectedId: string | null
}

export const useRecordingsStore = create<RecordingsState>()(() => ({ recordings: [], selectedId: null }))

export function selectRecording(state: RecordingsState, id: string | null): RecordingInfo | undefined {
  return id === null ? undefined : state.recordings.find((r) => r.id === id)
}

// Choosing a connection in the sidebar shows that connection: the recording steps aside.
useWorkspaceStore.subscribe((state, previous) => {
  if (state.selectedConnectionId !== previous.selectedConnectionId && state.selectedConnectionId !== null && useRecordingsStore.getState().selectedId !== null) {
    useRecordingsStore.setState({ selectedId: null })
  }
})
