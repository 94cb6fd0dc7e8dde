import { create } from 'zustand'
import type { SessionStatus } from '../engine/socket-session.ts'
import type { ConnectionId } from '../workspace/model.ts'

/** 'idle' means never connected in this page; the engine's own statuses follow. */
export type ConnectionStatus = 'idle' | SessionStatus

export type TimelineStats = {
  framesIn: number
  framesOut: number
  bytesIn: number
  bytesOut: number
  /** Messages per second over the last completed second, both directions. */
  ratePerSecond: number
}

/** An automatic reconnect waiting to run (the connection's autoReconnect option is on). */
export type PendingReconnect = {
  /** 1-based number of the attempt that will run. */
  attempt: number
  maxAttempts: number
  /** When it runs, in milliseconds since the epoch. */
  at: number
}

export type ConnectionRuntime = {
  status: ConnectionStatus
  protocol: string
  extensions: string
  bufferedAmount: number
  /** Bumped once per flushed batch: the timeline re-reads the log when it changes. */
  revision: number
  /** Frames retained in the log now. */
  retained: number
  /** Payload bytes of those frames: what the byte limit counts. */
  retainedBytes: number
  /** Frames dropped by retention since the last clear. */
  dropped: number
  stats: TimelineStats
  /** The retry the header counts down to, or null when none is waiting. */
  reconnect: PendingReconnect | null
}

/** Runtime only, never persisted: a reload starts every connection disconnected. */
export type SessionState = {
  runtimeById: Record<ConnectionId, ConnectionRuntime>
}

export const EMPTY_STATS: TimelineStats = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, ratePerSecond: 0 }

export const IDLE_RUNTIME: ConnectionRuntime = {
  status: 'idle',
  protocol: '',
  extensions: '',
  bufferedAmount: 0,
  revision: 0,
  retained: 0,
  retainedBytes: 0,
  dropped: 0,
  stats: EMPTY_STATS,
  reconnect: null,
}

export const useSessionStore = create<SessionState>()(() => ({ runtimeById: {} }))

export function selectRuntime(state: SessionState, id: ConnectionId | null | undefined): ConnectionRuntime {
  // Own keys only: an id such as "constructor" would otherwise read Object.prototype's member.
  return (id != null && Object.hasOwn(state.runtimeById, id) ? state.runtimeById[id] : undefined) ?? IDLE_RUNTIME
}

export function patchRuntime(id: ConnectionId, patch: Partial<ConnectionRuntime>): void {
  useSessionStore.setState((state) => ({
    runtimeById: { ...state.runtimeById, [id]: { ...selectRuntime(state, id), ...patch } },
  }))
}
