import type { AutomationState } from '../automation/automation.ts'
import type { CloseFrame } from '../frame.ts'
import type { ReadingState, SessionStatus } from '../transport.ts'
import type { SeriesPoint, TrafficStats } from './traffic-counters.ts'
import type { AnnotationStats } from '../view/annotations.ts'

/** 'idle' means never connected in this runtime; the transports' own statuses follow. */
export type ConnectionStatus = 'idle' | SessionStatus

/** An automatic reconnect waiting to run (the connection's autoReconnect option is on). */
export type PendingReconnect = {
  /** 1-based number of the attempt that will run. */
  attempt: number
  maxAttempts: number
  /** When it runs, in milliseconds since the epoch. */
  at: number
}

export type CloseOutcome = {
  /** The close frame, or undefined when the attempt failed before any socket existed. */
  close: CloseFrame | undefined
  /** Closed uncleanly or with a protocol-level failure code: worth an error tint. */
  abnormal: boolean
}

/** What the UI knows about one connection: plain data, posted from the Worker at most once per tick. */
export type ConnectionSnapshot = {
  status: ConnectionStatus
  /** The kind of the transport of the latest session ('' before the first). */
  transport: string
  protocol: string
  extensions: string
  bufferedAmount: number
  /** Paused or slowed reading (WebSocketStream's slow-consumer mode); null for other transports. */
  reading: ReadingState | null
  /** Bumped once per flushed batch: views re-read their rows when it changes. */
  revision: number
  /** Frames retained in the log now. */
  retained: number
  /** Payload bytes of those frames: what the byte limit counts. */
  retainedBytes: number
  /** Frames dropped by retention since the last clear. */
  dropped: number
  stats: TrafficStats
  /** Completed seconds of traffic, oldest first (see SERIES_SECONDS). */
  series: readonly SeriesPoint[]
  /** The retry the header counts down to, or null when none is waiting. */
  reconnect: PendingReconnect | null
  /** How the latest attempt ended, while the connection is closed; undefined otherwise. */
  closeOutcome: CloseOutcome | undefined
  /** Rules' hit counts, heartbeat, on-open progress and running periodic sends; absent without automation. */
  automation?: AutomationState
  /** Pins and notes ("Pinned (N)"); absent while the connection never had any. */
  annotations?: AnnotationStats
}

export const EMPTY_STATS: TrafficStats = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, ratePerSecond: 0 }

export const IDLE_SNAPSHOT: ConnectionSnapshot = Object.freeze({
  status: 'idle',
  transport: '',
  protocol: '',
  extensions: '',
  bufferedAmount: 0,
  reading: null,
  revision: 0,
  retained: 0,
  retainedBytes: 0,
  dropped: 0,
  stats: EMPTY_STATS,
  series: [],
  reconnect: null,
  closeOutcome: undefined,
})
