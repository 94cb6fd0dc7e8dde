import { createFlushScheduler, type Schedule } from '../engine/flush-scheduler.ts'
import type { Frame } from '../engine/frame.ts'
import { createFrameLog, type FrameLog } from '../engine/frame-log.ts'
import {
  createReconnectScheduler,
  DEFAULT_RECONNECT_TIMING,
  type ReconnectScheduler,
  type ReconnectTiming,
} from '../engine/reconnect-policy.ts'
import { createSocketSession, type CreateSocket, type SocketSession } from '../engine/socket-session.ts'
import { normalizeWebSocketUrl, validateProtocols } from '../engine/ws-url.ts'
import { preparePayload } from '../lib/payload.ts'
import type { ConnectionId, PayloadMode } from '../workspace/model.ts'
import { selectRuntime, useSessionStore, type ConnectionRuntime, type SessionState } from './session-store.ts'
import type { ActionResult } from './field-limits.ts'
import { checkRetentionLimits } from './retention-input.ts'
import { getConnection, recordSent, setConnectionAutoReconnect, setPreferences } from './workspace-actions.ts'
import { useWorkspaceStore } from './workspace-store.ts'

/**
 * Chromium fails the 256th open WebSocket of a page ("Insufficient resources"); refusing well
 * before that keeps the failure explicable.
 */
export const MAX_OPEN_CONNECTIONS = 200

const RATE_WINDOW_MS = 1000

/** Live counters, mutated on the receive path and copied into the store once per flush. */
type Counters = {
  framesIn: number
  framesOut: number
  bytesIn: number
  bytesOut: number
  windowStart: number
  windowCount: number
  rate: number
}

type Entry = {
  log: FrameLog
  session: SocketSession | null
  counters: Counters
  rateTimer: ReturnType<typeof setInterval> | undefined
  /** Set by disconnect(): the close that follows was asked for, so it must not trigger a retry. */
  closeRequested: boolean
  reconnect: ReconnectScheduler
}

// Sockets live here, never in a store: they are not data, and must never be persisted.
const entries = new Map<ConnectionId, Entry>()
const dirty = new Map<ConnectionId, Partial<ConnectionRuntime>>()

let createSocketOverride: CreateSocket | undefined
let scheduleOverride: Schedule | undefined
let now: () => number = Date.now
let reconnectTiming: ReconnectTiming = DEFAULT_RECONNECT_TIMING
let reconnectRandom: () => number = Math.random

export type SessionEngineOptions = {
  createSocket?: CreateSocket
  schedule?: Schedule
  now?: () => number
  /** Reconnect backoff; tests use milliseconds where the app waits seconds. */
  reconnectTiming?: ReconnectTiming
  /** Jitter draws from [0, 1). */
  random?: () => number
}

/**
 * Test seam: a `ws` client in node tests, a manual scheduler for deterministic flushing, short
 * reconnect delays. Applies to connections whose first use comes after the call (resetSessions
 * forgets the others).
 */
export function configureSessionEngine(options: SessionEngineOptions) {
  createSocketOverride = options.createSocket
  scheduleOverride = options.schedule
  now = options.now ?? Date.now
  reconnectTiming = options.reconnectTiming ?? DEFAULT_RECONNECT_TIMING
  reconnectRandom = options.random ?? Math.random
  // A test's own schedule decides every tick, so the flood throttle does not delay it further.
  flusher = createFlushScheduler(flush, scheduleOverride ? { schedule: scheduleOverride, delay: (run) => run() } : {})
}

let flusher = createFlushScheduler(flush)

function newCounters(): Counters {
  return { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0, windowStart: now(), windowCount: 0, rate: 0 }
}

function entryFor(id: ConnectionId): Entry {
  let entry = entries.get(id)
  if (!entry) {
    const { preferences } = useWorkspaceStore.getState()
    entry = {
      log: createFrameLog({
        maxFrames: preferences.maxFramesPerConnection,
        maxBytes: preferences.maxBytesPerConnection,
      }),
      session: null,
      counters: newCounters(),
      rateTimer: undefined,
      closeRequested: false,
      reconnect: createReconnectScheduler({ timing: reconnectTiming, random: reconnectRandom, now }),
    }
    entries.set(id, entry)
  }
  return entry
}

const NO_PATCH: Partial<ConnectionRuntime> = Object.freeze({})

function markDirty(id: ConnectionId, patch: Partial<ConnectionRuntime> = NO_PATCH): void {
  // Called once per received frame: only allocate when there is a field to change.
  const pending = dirty.get(id)
  if (patch === NO_PATCH) {
    if (pending === undefined) dirty.set(id, NO_PATCH)
  } else {
    dirty.set(id, pending === undefined || pending === NO_PATCH ? patch : { ...pending, ...patch })
  }
  flusher.request()
}

function rollRate(counters: Counters, at: number): void {
  const elapsed = at - counters.windowStart
  if (elapsed >= RATE_WINDOW_MS) {
    counters.rate = elapsed >= 2 * RATE_WINDOW_MS ? 0 : Math.round((counters.windowCount * 1000) / elapsed)
    counters.windowStart = at
    counters.windowCount = 0
  }
}

/**
 * Ids come from files and storage: assignment with an id such as "__proto__" would set the
 * object's prototype instead of adding an entry, so entries are defined as own properties.
 */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** One store update for every connection that changed since the last tick. */
function flush(): void {
  if (dirty.size === 0) return
  const changes = [...dirty]
  dirty.clear()
  useSessionStore.setState((state: SessionState) => {
    const runtimeById = { ...state.runtimeById }
    for (const [id, patch] of changes) {
      const entry = entries.get(id)
      const previous = selectRuntime(state, id)
      if (!entry) {
        setOwn(runtimeById, id, { ...previous, ...patch })
        continue
      }
      const c = entry.counters
      rollRate(c, now())
      setOwn(runtimeById, id, {
        ...previous,
        ...patch,
        revision: previous.revision + 1,
        retained: entry.log.length(),
        retainedBytes: entry.log.bytes(),
        dropped: entry.log.dropped(),
        stats: { framesIn: c.framesIn, framesOut: c.framesOut, bytesIn: c.bytesIn, bytesOut: c.bytesOut, ratePerSecond: c.rate },
      })
    }
    return { runtimeById }
  })
}

function record(id: ConnectionId, entry: Entry, frame: Frame): void {
  entry.log.append(frame)
  if (frame.kind === 'message') {
    const c = entry.counters
    if (frame.direction === 'in') {
      c.framesIn += 1
      c.bytesIn += frame.size
    } else {
      c.framesOut += 1
      c.bytesOut += frame.size
    }
    rollRate(c, frame.at)
    c.windowCount += 1
  }
  markDirty(id)
}

export function getFrameLog(id: ConnectionId): FrameLog {
  return entryFor(id).log
}

export function openConnectionCount(): number {
  let open = 0
  for (const entry of entries.values()) {
    const status = entry.session?.status()
    if (status === 'open' || status === 'connecting') open += 1
  }
  return open
}

function appendError(id: ConnectionId, message: string): void {
  const entry = entryFor(id)
  record(id, entry, { id: nextLocalFrameId(), at: now(), kind: 'error', message })
}

/** A line in the timeline that informs, not a failure: shown as a connection event. */
function appendNotice(id: ConnectionId, message: string): void {
  const entry = entryFor(id)
  record(id, entry, { id: nextLocalFrameId(), at: now(), kind: 'error', severity: 'info', message })
}

let localFrameCounter = 0
function nextLocalFrameId(): number {
  // Errors raised before any session exists still need unique ids; negative ones never clash
  // with the engine's positive counter.
  localFrameCounter -= 1
  return localFrameCounter
}

export type { ActionResult }

/**
 * The user's Connect. It also ends any automatic retry that was waiting and starts the attempt
 * count afresh: the user asked now, so the backoff from earlier failures no longer applies.
 */
export function connect(id: ConnectionId): ActionResult {
  const entry = entries.get(id)
  if (entry) stopReconnecting(id, entry)
  return startSession(id)
}

/** Opens a session unless one is open or opening: one pending handshake per connection, always. */
function startSession(id: ConnectionId): ActionResult {
  const connection = getConnection(id)
  if (!connection) return { ok: false, error: 'That connection no longer exists.' }
  const url = normalizeWebSocketUrl(connection.url)
  if (!url.ok) {
    appendError(id, url.error)
    return url
  }
  const protocolError = validateProtocols(connection.protocols)
  if (protocolError) {
    appendError(id, protocolError)
    return { ok: false, error: protocolError }
  }
  const entry = entryFor(id)
  const current = entry.session?.status()
  if (current === 'open' || current === 'connecting') return { ok: true }
  if (openConnectionCount() >= MAX_OPEN_CONNECTIONS) {
    const error = `Not connected: ${MAX_OPEN_CONNECTIONS} connections are already open. Browsers allow about 255 per page; close some first.`
    appendError(id, error)
    return { ok: false, error }
  }
  entry.session?.dispose()
  entry.closeRequested = false
  const { preferences } = useWorkspaceStore.getState()
  entry.log.setLimits({ maxFrames: preferences.maxFramesPerConnection, maxBytes: preferences.maxBytesPerConnection })

  let session: SocketSession | null = null
  session = createSocketSession({
    url: url.url,
    protocols: connection.protocols,
    connectTimeoutMs: preferences.connectTimeoutMs,
    createSocket: createSocketOverride,
    now,
    listener: {
      // Frames from a replaced session are ignored: it may still be closing in the background.
      onFrame: (frame) => {
        if (session === null || entry.session === session) record(id, entry, frame)
      },
      onStatus: (status) => {
        if (session !== null && entry.session !== session) return
        const protocol = session?.protocol() ?? ''
        const extensions = session?.extensions() ?? ''
        markDirty(id, { status, protocol, extensions, ...(status === 'closed' ? { bufferedAmount: 0 } : {}) })
        if (status === 'open') entry.reconnect.opened()
        if (status === 'closed') {
          stopRateTimer(entry)
          // `session` is still null only when the WebSocket constructor threw inside
          // createSocketSession (e.g. ws:// from an https page): the same call would throw again.
          if (session !== null && !entry.closeRequested) scheduleReconnect(id, entry)
        }
      },
      onBufferedAmount: (bytes) => {
        if (session === null || entry.session === session) markDirty(id, { bufferedAmount: bytes })
      },
    },
  })
  entry.session = session
  markDirty(id, { status: session.status(), protocol: '', extensions: '', reconnect: null })
  startRateTimer(id, entry)
  return { ok: true }
}

function startRateTimer(id: ConnectionId, entry: Entry): void {
  stopRateTimer(entry)
  // Keeps msg/s honest when traffic stops: without a tick the last rate would stay on screen.
  entry.rateTimer = setInterval(() => markDirty(id), RATE_WINDOW_MS)
}

function stopRateTimer(entry: Entry): void {
  clearInterval(entry.rateTimer)
  entry.rateTimer = undefined
}

/**
 * The user's Disconnect: closes the socket, and no automatic retry follows it; a retry already
 * waiting is cancelled. An invalid close code or reason changes nothing.
 */
export function disconnect(id: ConnectionId, code?: number, reason?: string): ActionResult {
  const entry = entries.get(id)
  if (!entry?.session) return { ok: true }
  const result = entry.session.close(code, reason)
  if (!result.ok) return result
  entry.closeRequested = true
  if (stopReconnecting(id, entry)) appendNotice(id, RECONNECT_CANCELLED)
  return result
}

// ---------------------------------------------------------------------------------------------
// Automatic reconnect (opt-in per connection: Connection.autoReconnect)

const RECONNECT_CANCELLED = 'Automatic reconnect cancelled.'

function formatDelay(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** After a close nobody asked for: arm one retry, or say that the attempts have run out. */
function scheduleReconnect(id: ConnectionId, entry: Entry): void {
  if (getConnection(id)?.autoReconnect !== true) return
  const outcome = entry.reconnect.schedule(() => retry(id))
  if (outcome.kind === 'exhausted') {
    entry.reconnect.reset()
    markDirty(id, { reconnect: null })
    appendError(id, `Gave up reconnecting after ${outcome.attempts} attempts. Press Connect to try again.`)
    return
  }
  appendNotice(id, `Reconnecting in ${formatDelay(outcome.delayMs)} (attempt ${outcome.attempt} of ${outcome.maxAttempts}).`)
  markDirty(id, { reconnect: { attempt: outcome.attempt, maxAttempts: outcome.maxAttempts, at: outcome.at } })
}

function retry(id: ConnectionId): void {
  const entry = entries.get(id)
  if (!entry) return
  markDirty(id, { reconnect: null })
  // Turned off (here, in another tab, by an import) or deleted while the retry waited.
  if (getConnection(id)?.autoReconnect !== true) {
    entry.reconnect.reset()
    return
  }
  const result = startSession(id)
  if (!result.ok) {
    // Refused before any socket existed (the URL was edited into something invalid, too many
    // open connections): the reason is already in the timeline, and waiting will not fix it.
    entry.reconnect.reset()
    appendError(id, 'Stopped reconnecting. Press Connect to try again.')
  }
}

/** Drops a waiting retry and the attempt count; true when a retry was waiting. */
function stopReconnecting(id: ConnectionId, entry: Entry): boolean {
  const wasPending = entry.reconnect.pending() !== null
  entry.reconnect.reset()
  if (wasPending) markDirty(id, { reconnect: null })
  return wasPending
}

/** The header's Cancel: the waiting retry does not run, and the connection stays closed. */
export function cancelReconnect(id: ConnectionId): void {
  const entry = entries.get(id)
  if (entry && stopReconnecting(id, entry)) appendNotice(id, RECONNECT_CANCELLED)
}

/** The Options checkbox. Turning it off also cancels a retry that is waiting. */
export function setAutoReconnect(id: ConnectionId, on: boolean): void {
  setConnectionAutoReconnect(id, on)
  if (!on) cancelReconnect(id)
}

/** Sends composer text in the given mode; invalid JSON or hex is refused with the reason. */
export function sendPayload(id: ConnectionId, text: string, mode: PayloadMode): ActionResult {
  const prepared = preparePayload(text, mode)
  if (!prepared.ok) return prepared
  const entry = entryFor(id)
  if (!entry.session) {
    const error = 'Not sent: connect first.'
    appendError(id, error)
    return { ok: false, error }
  }
  const result = entry.session.send(prepared.payload)
  if (!result.ok) return result
  // Sent either way; a payload too long to keep is left out of history, and the user is told.
  const recorded = recordSent(id, { text, mode, at: now() })
  return recorded.ok ? result : { ok: true, note: recorded.error }
}

export function clearTimeline(id: ConnectionId): void {
  const entry = entryFor(id)
  entry.log.clear()
  const { status } = entry.session ? { status: entry.session.status() } : { status: undefined }
  entry.counters = newCounters()
  markDirty(id, status ? { status } : {})
}

/** Applies new retention limits to every live log (oldest frames go if they no longer fit). */
export function applyRetention(maxFrames: number, maxBytes: number): void {
  for (const [id, entry] of entries) {
    const before = entry.log.dropped()
    entry.log.setLimits({ maxFrames, maxBytes })
    if (entry.log.dropped() !== before) markDirty(id)
  }
}

export type RetentionDrop = { connectionId: ConnectionId; frames: number }

/** Per connection, how many retained frames these limits would drop now (only those that lose some). */
export function previewRetention(maxFrames: number, maxBytes: number): RetentionDrop[] {
  const drops: RetentionDrop[] = []
  for (const [connectionId, entry] of entries) {
    const frames = entry.log.overLimits({ maxFrames, maxBytes })
    if (frames > 0) drops.push({ connectionId, frames })
  }
  return drops
}

/**
 * The user's new retention limits: saved as preferences (so connections opened later and other
 * tabs use them too) and applied at once to every timeline, including frames already captured.
 */
export function setRetention(maxFrames: number, maxBytes: number): ActionResult {
  const error = checkRetentionLimits(maxFrames, maxBytes)
  if (error) return { ok: false, error }
  setPreferences({ maxFramesPerConnection: maxFrames, maxBytesPerConnection: maxBytes })
  applyRetention(maxFrames, maxBytes)
  return { ok: true }
}

// Preferences also change without setRetention: another tab's edit, or storage read at start-up
// after a timeline began. Every live log follows them, so the limit the timeline names is the one
// it applies.
useWorkspaceStore.subscribe((state, previous) => {
  const next = state.preferences
  const before = previous.preferences
  if (next.maxFramesPerConnection === before.maxFramesPerConnection && next.maxBytesPerConnection === before.maxBytesPerConnection) return
  applyRetention(next.maxFramesPerConnection, next.maxBytesPerConnection)
})

/** Closes a connection's socket and forgets its timeline, e.g. when the connection is deleted. */
export function forgetConnection(id: ConnectionId): void {
  const entry = entries.get(id)
  if (!entry) return
  entry.session?.dispose()
  entry.reconnect.reset()
  stopRateTimer(entry)
  entries.delete(id)
  dirty.delete(id)
  useSessionStore.setState((state) => {
    const runtimeById = { ...state.runtimeById }
    delete runtimeById[id]
    return { runtimeById }
  })
}

/** Test helper: closes everything and empties the registry. */
export function resetSessions(): void {
  for (const id of [...entries.keys()]) forgetConnection(id)
  dirty.clear()
  useSessionStore.setState(useSessionStore.getInitialState(), true)
}

export function flushNow(): void {
  flush()
}

/**
 * Test seam: records frames as if a socket had produced them (log, counters and batching all
 * run), so views can be tested through the real store path without scripting a socket.
 */
export function recordFramesForTest(id: ConnectionId, frames: readonly Frame[]): void {
  const entry = entryFor(id)
  for (const frame of frames) record(id, entry, frame)
}
