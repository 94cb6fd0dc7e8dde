import { create } from 'zustand'
import {
  EMPTY_STATS,
  IDLE_SNAPSHOT,
  type ConnectionSnapshot,
  type ConnectionStatus,
  type PendingReconnect,
} from '../engine/runtime/connection-snapshot.ts'
import type { TrafficStats } from '../engine/runtime/traffic-counters.ts'
import type { ConnectionId } from '../workspace/model.ts'

export type { ConnectionStatus, PendingReconnect }
export type TimelineStats = TrafficStats
/** What the runtime last reported about a connection (a copy: the runtime itself may be in a Worker). */
export type ConnectionRuntime = ConnectionSnapshot

/** Runtime only, never persisted: a reload starts every connection disconnected. */
export type SessionState = {
  runtimeById: Record<ConnectionId, ConnectionRuntime>
  /** Why connections run on the page's main thread instead of their Worker; null when they do not. */
  workerFallback: string | null
}

export { EMPTY_STATS }
export const IDLE_RUNTIME: ConnectionRuntime = IDLE_SNAPSHOT

export const useSessionStore = create<SessionState>()(() => ({ runtimeById: {}, workerFallback: null }))

export function selectRuntime(state: SessionState, id: ConnectionId | null | undefined): ConnectionRuntime {
  // Own keys only: an id such as "constructor" would otherwise read Object.prototype's member.
  return (id != null && Object.hasOwn(state.runtimeById, id) ? state.runtimeById[id] : undefined) ?? IDLE_RUNTIME
}
