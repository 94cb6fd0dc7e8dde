import { createFlushScheduler, type FlushSchedulerOptions, type Schedule } from '../flush-scheduler.ts'
import { createFrameIds, type Frame, type FrameInput, type FrameOrigin, type Payload } from '../frame.ts'
import { createAutomation, PLATFORM_TIMERS, type Automation, type AutomationConfig, type AutomationTimers, type ScheduleSpec, type ScheduleStart } from '../automation/automation.ts'
import { createFrameLog, DEFAULT_RETENTION, type FrameLog, type RetentionLimits } from '../frame-log.ts'
import {
  createReconnectScheduler,
  DEFAULT_RECONNECT_TIMING,
  type ReconnectScheduler,
  type ReconnectTiming,
} from '../reconnect-policy.ts'
import type { ActionResult, ReadControl, ReadingState, Transport, TransportSession } from '../transport.ts'
import type { DecoderChoice } from '../codecs/codecs.ts'
import type { ContractSchema } from '../contracts/frame-check.ts'
import type { PairingPaths } from '../view/pair-setting.ts'
import type { ListSpec } from '../transports/list/list-transport.ts'
import { IDLE_SNAPSHOT, type CloseOutcome, type ConnectionSnapshot, type ConnectionStatus, type PendingReconnect } from './connection-snapshot.ts'
import { createTrafficCounters, type TrafficCounters } from './traffic-counters.ts'
import { createAnnotations, type AnnotationChange, type Annotations, type IndexedAnnotation } from '../view/annotations.ts'

export type ConnectionId = string

/** What a transport is opened with: its kind plus that transport's own options. */
export type ConnectionSpec = { readonly transport: string; readonly [option: string]: unknown }

/** The latest settings of a connection; read at every connect and before every automatic retry. */
export type ConnectionConfig = {
  spec: ConnectionSpec
  /** Retry after a close nobody asked for (capped exponential backoff). */
  autoReconnect: boolean
  /** How views decode this connection's frames; absent means detected. */
  decoder?: DecoderChoice
  /** Message schemas the views check frames against (any may match); absent or empty: none. */
  schemas?: readonly ContractSchema[]
  /** Pair requests and replies by these JSON paths instead of the codec's keys; absent: the codec's. */
  pairing?: PairingPaths
}

import { MAX_OPEN_CONNECTIONS } from './limits.ts'

export { MAX_OPEN_CONNECTIONS }

const RATE_TICK_MS = 1000
const CLOSE_SCAN_LIMIT = 64
// Codes that mean "we are done on purpose"; application codes (3000+) are deliberate too.
const ORDINARY_CLOSE_CODES = new Set([1000, 1001, 1005])

/** Distinct event names a connection remembers for its filter: a server inventing names per message stops here. */
export const MAX_EVENT_NAMES = 500

export const RECONNECT_CANCELLED = 'Automatic reconnect cancelled.'

/** How long a clear can be undone; the page's undo bar shows for less (UNDO_TIMEOUT_MS, 8 s). */
export const UNDO_CLEAR_MS = 15_000

export type RetentionDrop = { connectionId: ConnectionId; frames: number }

export type SnapshotChanges = {
  /** Connections whose snapshot changed since the previous notification. */
  changed: ReadonlyMap<ConnectionId, ConnectionSnapshot>
  /** Connections forgotten since then. */
  removed: readonly ConnectionId[]
}

export type RuntimeDeps = {
  // Transports of any spec: the runtime only passes a connection's spec to the transport of its kind.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transports: readonly Transport<any>[]
  now?: () => number
  /** When a batch of changes is announced (an animation frame or a short timer). */
  schedule?: Schedule
  /** The flood throttle's timer; tests pass one that runs at once. */
  delay?: FlushSchedulerOptions['delay']
  reconnectTiming?: ReconnectTiming
  /** Jitter draws from [0, 1). */
  random?: () => number
  retention?: RetentionLimits
  maxOpenConnections?: number
  /** The automation's timers (heartbeats, delays, periodic sends); tests pass a fake clock's. */
  timers?: AutomationTimers
}

/** Who sent a message by itself: marks the out frame it records (see MessageFrame.origin). */
export type SendOrigin = { origin: FrameOrigin; name?: string }

export type ConnectionRuntime = {
  /** Sets or replaces a connection's settings; `null` means it no longer exists (a waiting retry stops). */
  configure(id: ConnectionId, config: ConnectionConfig | null): void
  /** The user's Connect: ends a waiting retry, starts the attempt count afresh, opens a session. */
  connect(id: ConnectionId): ActionResult
  /**
   * Plays frames into a connection's timeline through the list transport (replay, imports);
   * `annotations` pin or annotate played frames by their index in `frames` (a file's pins and notes).
   */
  play(id: ConnectionId, frames: readonly FrameInput[], source?: string, annotations?: readonly IndexedAnnotation[]): ActionResult
  /** The user's Disconnect: no automatic retry follows; an invalid code or reason changes nothing. */
  disconnect(id: ConnectionId, code?: number, reason?: string): ActionResult
  /** Drops a waiting retry; the connection stays closed. */
  cancelReconnect(id: ConnectionId): void
  /** `origin` marks the recorded frame as sent by automation; without it the user sent it. */
  send(id: ConnectionId, payload: Payload, origin?: SendOrigin): ActionResult
  /**
   * What a connection does by itself (auto-responders, heartbeat, on-open sequence); null or an
   * empty config removes it. Applies at once: a heartbeat enabled while open starts beating.
   */
  configureAutomation(id: ConnectionId, config: AutomationConfig | null): void
  /**
   * The values `{{name}}` expands to in automatic messages: for the given connections, or without
   * ids for every connection that was given none of its own.
   */
  setVariables(variables: ReadonlyMap<string, string>, ids?: readonly ConnectionId[]): void
  /** Sends now and then every `everyMs` (count times, or until stopped); ends when the connection closes. */
  startSchedule(id: ConnectionId, spec: ScheduleSpec): ScheduleStart
  stopSchedule(id: ConnectionId, scheduleId: string): ActionResult
  /** Pauses, resumes or slows reading of a session whose transport has readControl (slow-consumer mode). */
  setReading(id: ConnectionId, control: ReadControl): ActionResult
  clear(id: ConnectionId): void
  /** Pins, unpins or notes one frame of the log (by id); a frame no longer retained is refused. */
  annotate(id: ConnectionId, frameId: number, change: AnnotationChange): ActionResult
  /** The connection's pins and notes, next to its log; undefined if it never recorded anything. */
  annotations(id: ConnectionId): Annotations | undefined
  /** Puts back what the last clear removed, before the frames that arrived since; within UNDO_CLEAR_MS. */
  undoClear(id: ConnectionId): ActionResult
  setRetention(limits: RetentionLimits): void
  previewRetention(limits: RetentionLimits): RetentionDrop[]
  /** Closes the session and forgets the timeline, e.g. when the connection is deleted. */
  forget(id: ConnectionId): void
  /** Event names (Socket.IO events, SSE types) seen on the connection, in order of first sight; at most MAX_EVENT_NAMES. */
  eventNames(id: ConnectionId): string[]
  /** The subprotocol the connection's session negotiated ('' if none): a field read, unlike snapshot(). */
  protocol(id: ConnectionId): string
  /** The settings last configured for a connection. */
  config(id: ConnectionId): ConnectionConfig | undefined
  /** The connection's log, or undefined if it never recorded anything. Never creates an entry. */
  log(id: ConnectionId): FrameLog | undefined
  snapshot(id: ConnectionId): ConnectionSnapshot
  ids(): ConnectionId[]
  openCount(): number
  /** Every frame recorded for `id`, as it is recorded. */
  onFrame(id: ConnectionId, listener: (frame: Frame) => void): () => void
  /** Batched: at most once per scheduled tick, with every snapshot that changed. */
  onChange(listener: (changes: SnapshotChanges) => void): () => void
  /** Announces pending changes now (the Worker host calls it before answering a query). */
  flush(): void
  /** Closes every session and stops every timer. */
  dispose(): void
}

type Entry = {
  log: FrameLog
  session: TransportSession | null
  transport: Transport<ConnectionSpec> | null
  counters: TrafficCounters
  rateTimer: ReturnType<typeof setInterval> | undefined
  /** Set by disconnect(): the close that follows was asked for, so it must not trigger a retry. */
  closeRequested: boolean
  reconnect: ReconnectScheduler
  status: ConnectionStatus
  protocol: string
  extensions: string
  bufferedAmount: number
  /** The session's read state, for transports with readControl; null otherwise. */
  reading: ReadingState | null
  pendingReconnect: PendingReconnect | null
  revision: number
  /** Event names seen (Socket.IO, SSE), for the timeline's event filter; kept across clears. */
  eventNames: Set<string>
  /** What the last clear removed, kept for a short while so the user can undo it. */
  cleared: { frames: Frame[]; counters: TrafficCounters; annotations: Annotations; timer: ReturnType<typeof setTimeout> } | null
  /** Pins and notes of the log's frames: they go with a clear and come back with its Undo. */
  annotations: Annotations
}

/**
 * The connection runtime: the registry of connections, their sessions and logs, counters,
 * retention, automatic reconnect and send. Framework-free and DOM-free: the app runs it in a
 * dedicated Worker, tests and the headless runner run it in-process, with injected transports.
 */
export function createConnectionRuntime(deps: RuntimeDeps): ConnectionRuntime {
  const now = deps.now ?? Date.now
  const nextFrameId = createFrameIds()
  const reconnectTiming = deps.reconnectTiming ?? DEFAULT_RECONNECT_TIMING
  const random = deps.random ?? Math.random
  const maxOpen = deps.maxOpenConnections ?? MAX_OPEN_CONNECTIONS
  const transports = new Map(deps.transports.map((t) => [t.kind, t as Transport<ConnectionSpec>]))
  let retention: RetentionLimits = { ...(deps.retention ?? DEFAULT_RETENTION) }

  const configs = new Map<ConnectionId, ConnectionConfig>()
  const entries = new Map<ConnectionId, Entry>()
  const dirty = new Set<ConnectionId>()
  const removed = new Set<ConnectionId>()
  const frameListeners = new Map<ConnectionId, Set<(frame: Frame) => void>>()
  const changeListeners = new Set<(changes: SnapshotChanges) => void>()
  const snapshots = new Map<ConnectionId, ConnectionSnapshot>()
  const timers = deps.timers ?? PLATFORM_TIMERS
  // Only connections with automation have an entry: recording a frame checks this map's size first,
  // so a runtime without automation pays one comparison per frame.
  const automations = new Map<ConnectionId, Automation>()
  let defaultVariables: ReadonlyMap<string, string> = new Map()
  const variablesById = new Map<ConnectionId, ReadonlyMap<string, string>>()
  // Set only while send() runs with an origin: the transport records the out frame synchronously.
  let sending: SendOrigin | null = null

  const flusher = createFlushScheduler(flush, {
    ...(deps.schedule ? { schedule: deps.schedule } : {}),
    ...(deps.delay ? { delay: deps.delay } : {}),
  })

  function entryFor(id: ConnectionId): Entry {
    let entry = entries.get(id)
    if (!entry) {
      entry = {
        log: createFrameLog(retention),
        session: null,
        transport: null,
        counters: createTrafficCounters(now()),
        rateTimer: undefined,
        closeRequested: false,
        reconnect: createReconnectScheduler({ timing: reconnectTiming, random, now }),
        status: 'idle',
        protocol: '',
        extensions: '',
        bufferedAmount: 0,
        reading: null,
        pendingReconnect: null,
        revision: 0,
        eventNames: new Set(),
        cleared: null,
        annotations: createAnnotations(),
      }
      entries.set(id, entry)
      removed.delete(id)
    }
    return entry
  }

  function markDirty(id: ConnectionId): void {
    dirty.add(id)
    flusher.request()
  }

  function closeOutcome(entry: Entry): CloseOutcome | undefined {
    if (entry.status !== 'closed') return undefined
    const log = entry.log
    const stop = Math.max(0, log.length() - CLOSE_SCAN_LIMIT)
    for (let i = log.length() - 1; i >= stop; i--) {
      const frame = log.at(i)
      if (frame?.kind === 'close') {
        return { close: frame, abnormal: !frame.wasClean || (frame.code < 3000 && !ORDINARY_CLOSE_CODES.has(frame.code)) }
      }
      if (frame?.kind === 'connecting') break
    }
    // Closed without a close event: the constructor refused the URL, or the log was cleared.
    return { close: undefined, abnormal: log.length() > 0 }
  }

  function buildSnapshot(id: ConnectionId, entry: Entry, announce: boolean): ConnectionSnapshot {
    const at = now()
    // Only an announced snapshot moves the revision: reading one must not look like a change.
    if (announce) entry.revision += 1
    return {
      status: entry.status,
      transport: entry.transport?.kind ?? '',
      protocol: entry.protocol,
      extensions: entry.extensions,
      bufferedAmount: entry.bufferedAmount,
      reading: entry.reading,
      revision: entry.revision,
      retained: entry.log.length(),
      retainedBytes: entry.log.bytes(),
      dropped: entry.log.dropped(),
      stats: entry.counters.stats(at),
      series: entry.counters.series(at),
      reconnect: entry.pendingReconnect,
      closeOutcome: closeOutcome(entry),
      ...annotationStatsOf(entry),
      ...(automations.has(id) ? { automation: automations.get(id)?.state() } : {}),
    }
  }

  /** Carried only once the connection has had a pin or note: snapshots of others stay as they were. */
  function annotationStatsOf(entry: Entry): { annotations?: ConnectionSnapshot['annotations'] } {
    const stats = entry.annotations.stats(entry.log)
    return stats.pinned === 0 && stats.notes === 0 && stats.droppedPinned === 0 ? {} : { annotations: stats }
  }

  /** One notification for every connection that changed since the last tick. */
  function flush(): void {
    if (dirty.size === 0 && removed.size === 0) return
    const changed = new Map<ConnectionId, ConnectionSnapshot>()
    for (const id of dirty) {
      const entry = entries.get(id)
      if (!entry) continue
      const snapshot = buildSnapshot(id, entry, true)
      snapshots.set(id, snapshot)
      changed.set(id, snapshot)
    }
    dirty.clear()
    const gone = [...removed]
    removed.clear()
    for (const listener of changeListeners) listener({ changed, removed: gone })
  }

  function record(id: ConnectionId, entry: Entry, recorded: Frame): void {
    let frame = recorded
    if (sending !== null && frame.kind === 'message' && frame.direction === 'out') {
      frame = { ...frame, origin: sending.origin, ...(sending.name === undefined ? {} : { originName: sending.name }) }
      sending = null
    }
    entry.log.append(frame)
    if (frame.kind === 'message') {
      entry.counters.count(frame.direction, frame.size, frame.at)
      // A Set lookup per message: the filter's list of names costs no scan of the log.
      const event = frame.detail && 'event' in frame.detail ? frame.detail.event : undefined
      if (event !== undefined && entry.eventNames.size < MAX_EVENT_NAMES) entry.eventNames.add(event)
    }
    const listeners = frameListeners.get(id)
    if (listeners) for (const listener of listeners) listener(frame)
    if (automations.size !== 0 && frame.kind === 'message' && frame.direction === 'in' && entry.transport?.kind !== 'list') automations.get(id)?.frame(frame)
    markDirty(id)
  }

  /** Pins and notes of a played list, by index, on the frames it became (dropped ones are skipped). */
  function applyPlayed(id: ConnectionId, start: number, clearsBefore: number, count: number, annotations: readonly IndexedAnnotation[]): void {
    const entry = entries.get(id)
    if (!entry) return
    // A log created by this play, or cleared meanwhile, numbers its frames from 0.
    const first = entry.log.clears() === clearsBefore ? start : 0
    for (const annotation of annotations) {
      if (!Number.isInteger(annotation.index) || annotation.index < 0 || annotation.index >= count) continue
      const frame = entry.log.at(first + annotation.index - entry.log.dropped())
      if (frame) entry.annotations.set(frame.id, { pinned: annotation.pinned, note: annotation.note })
    }
    markDirty(id)
  }

  function isOpen(id: ConnectionId): boolean {
    const entry = entries.get(id)
    // A played list is a recording, not a server: nothing answers it.
    return entry?.session?.status() === 'open' && entry.transport?.kind !== 'list'
  }

  function send(id: ConnectionId, payload: Payload, origin?: SendOrigin): ActionResult {
    const entry = entries.get(id)
    if (!entry?.session) {
      const error = 'Not sent: connect first.'
      appendError(id, error)
      return { ok: false, error }
    }
    if (!origin) return entry.session.send(payload)
    sending = origin
    try {
      return entry.session.send(payload)
    } finally {
      sending = null
    }
  }

  function automationOf(id: ConnectionId): Automation {
    let automation = automations.get(id)
    if (!automation) {
      automation = createAutomation({
        send: (payload, origin, name) => send(id, payload, name === undefined ? { origin } : { origin, name }),
        notice: (message) => appendNotice(id, message),
        changed: () => {
          if (entries.has(id)) markDirty(id)
        },
        isOpen: () => isOpen(id),
        transport: () => entries.get(id)?.transport?.kind ?? configs.get(id)?.spec.transport ?? '',
        variables: () => variablesById.get(id) ?? defaultVariables,
        timers,
        now,
        random,
      })
      automations.set(id, automation)
    }
    return automation
  }

  function dropAutomationIfIdle(id: ConnectionId): void {
    const automation = automations.get(id)
    if (!automation?.idle()) return
    automation.dispose()
    automations.delete(id)
    if (entries.has(id)) markDirty(id)
  }

  function appendError(id: ConnectionId, message: string): void {
    record(id, entryFor(id), { id: nextFrameId(), at: now(), kind: 'error', message })
  }

  function appendNotice(id: ConnectionId, message: string): void {
    record(id, entryFor(id), { id: nextFrameId(), at: now(), kind: 'notice', message })
  }

  function openCount(): number {
    let open = 0
    for (const entry of entries.values()) {
      const status = entry.session?.status()
      if (status === 'open' || status === 'connecting') open += 1
    }
    return open
  }

  function startRateTimer(id: ConnectionId, entry: Entry): void {
    stopRateTimer(entry)
    // Keeps msg/s honest when traffic stops: without a tick the last rate would stay on screen.
    entry.rateTimer = setInterval(() => markDirty(id), RATE_TICK_MS)
  }

  function stopRateTimer(entry: Entry): void {
    clearInterval(entry.rateTimer)
    entry.rateTimer = undefined
  }

  /** Opens a session unless one is open or opening: one pending handshake per connection, always. */
  function startSession(id: ConnectionId, spec: ConnectionSpec): ActionResult {
    const transport = transports.get(spec.transport)
    if (!transport) {
      const error = `This Frameline cannot open "${spec.transport}" connections.`
      appendError(id, error)
      return { ok: false, error }
    }
    const target = transport.checkTarget(spec)
    if (!target.ok) {
      appendError(id, target.error)
      return target
    }
    const entry = entryFor(id)
    const current = entry.session?.status()
    if (current === 'open' || current === 'connecting') return { ok: true }
    if (openCount() >= maxOpen) {
      const error = `Not connected: ${maxOpen} connections are already open. Browsers allow about 255 per page; close some first.`
      appendError(id, error)
      return { ok: false, error }
    }
    entry.session?.dispose()
    entry.closeRequested = false
    entry.transport = transport
    entry.reading = transport.capabilities.readControl ? { paused: false, pausedSince: null, pausedTotalMs: 0, delayMs: 0 } : null
    entry.log.setLimits(retention)

    let session: TransportSession | null = null
    const isCurrent = () => session === null || entry.session === session
    session = transport.open(
      target.spec,
      {
        // Frames from a replaced session are ignored: it may still be closing in the background.
        frame: (frame) => {
          if (isCurrent()) record(id, entry, frame)
        },
        status: (status) => {
          if (!isCurrent()) return
          entry.status = status
          entry.protocol = session?.protocol() ?? ''
          entry.extensions = session?.extensions() ?? ''
          if (status === 'closed') entry.bufferedAmount = 0
          markDirty(id)
          if (status === 'open') entry.reconnect.opened()
          if (status === 'open' && transport.kind !== 'list') automations.get(id)?.opened()
          if (status === 'closed') {
            stopRateTimer(entry)
            automations.get(id)?.closed()
            // `session` is still null only when the transport failed inside open() (e.g. the
            // WebSocket constructor threw for ws:// from an https page): the same call would fail again.
            if (session !== null && !entry.closeRequested && !transport.capabilities.reconnectsItself) scheduleReconnect(id, entry)
          }
        },
        buffered: (bytes) => {
          if (!isCurrent()) return
          entry.bufferedAmount = bytes
          markDirty(id)
        },
        reading: (state) => {
          if (!isCurrent()) return
          entry.reading = { ...state }
          markDirty(id)
        },
      },
      { now, nextFrameId },
    )
    entry.session = session
    entry.status = session.status()
    entry.protocol = session.protocol()
    entry.extensions = session.extensions()
    entry.pendingReconnect = null
    markDirty(id)
    if (entry.status !== 'closed') startRateTimer(id, entry)
    return { ok: true }
  }

  /** After a close nobody asked for: arm one retry, or say that the attempts have run out. */
  function scheduleReconnect(id: ConnectionId, entry: Entry): void {
    if (configs.get(id)?.autoReconnect !== true) return
    const outcome = entry.reconnect.schedule(() => retry(id))
    if (outcome.kind === 'exhausted') {
      entry.reconnect.reset()
      entry.pendingReconnect = null
      appendError(id, `Gave up reconnecting after ${outcome.attempts} attempts. Press Connect to try again.`)
      return
    }
    appendNotice(id, `Reconnecting in ${(outcome.delayMs / 1000).toFixed(1)} s (attempt ${outcome.attempt} of ${outcome.maxAttempts}).`)
    entry.pendingReconnect = { attempt: outcome.attempt, maxAttempts: outcome.maxAttempts, at: outcome.at }
    markDirty(id)
  }

  function retry(id: ConnectionId): void {
    const entry = entries.get(id)
    if (!entry) return
    entry.pendingReconnect = null
    markDirty(id)
    const config = configs.get(id)
    // Turned off (here, in another tab, by an import) or deleted while the retry waited.
    if (config?.autoReconnect !== true) {
      entry.reconnect.reset()
      return
    }
    const result = startSession(id, config.spec)
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
    if (wasPending) {
      entry.pendingReconnect = null
      markDirty(id)
    }
    return wasPending
  }

  function cancelReconnect(id: ConnectionId): void {
    const entry = entries.get(id)
    if (entry && stopReconnecting(id, entry)) appendNotice(id, RECONNECT_CANCELLED)
  }

  function forget(id: ConnectionId): void {
    frameListeners.delete(id)
    const entry = entries.get(id)
    if (!entry) return
    entry.session?.dispose()
    // A disposed session reports no close: the automation's timers stop here instead.
    automations.get(id)?.closed()
    entry.reconnect.reset()
    stopRateTimer(entry)
    if (entry.cleared) clearTimeout(entry.cleared.timer)
    entries.delete(id)
    snapshots.delete(id)
    dirty.delete(id)
    removed.add(id)
    flusher.request()
  }

  return {
    configure(id, config) {
      if (config === null) {
        configs.delete(id)
        // The connection is gone: nothing may keep sending for it.
        automations.get(id)?.dispose()
        automations.delete(id)
        variablesById.delete(id)
        return
      }
      configs.set(id, config)
      // Automatic reconnect turned off while a retry waits: the retry goes, and says so.
      if (!config.autoReconnect) cancelReconnect(id)
    },

    connect(id) {
      const entry = entries.get(id)
      if (entry) stopReconnecting(id, entry)
      const config = configs.get(id)
      if (!config) return { ok: false, error: 'That connection no longer exists.' }
      return startSession(id, config.spec)
    },

    play(id, frames, source, annotations) {
      const spec: ListSpec = { transport: 'list', frames, ...(source === undefined ? {} : { source }) }
      const entry = entries.get(id)
      if (entry) {
        stopReconnecting(id, entry)
        const live = entry.session?.status()
        if ((live === 'open' || live === 'connecting') && entry.transport?.kind !== 'list') {
          const error = 'Not played: the connection is open; disconnect first.'
          appendError(id, error)
          return { ok: false, error }
        }
        // A list played before has nothing left to say: the next list goes on after its frames.
        entry.session?.dispose()
        entry.session = null
      }
      const log = entries.get(id)?.log
      // The list plays synchronously: frame `index` of the list lands at seq start + index.
      const start = log ? log.dropped() + log.length() : 0
      const clearsBefore = log?.clears() ?? 0
      const started = startSession(id, spec)
      if (started.ok && annotations && annotations.length > 0) applyPlayed(id, start, clearsBefore, frames.length, annotations)
      return started
    },

    disconnect(id, code, reason) {
      const entry = entries.get(id)
      if (!entry?.session) return { ok: true }
      const result = entry.session.close(code, reason)
      if (!result.ok) return result
      entry.closeRequested = true
      if (stopReconnecting(id, entry)) appendNotice(id, RECONNECT_CANCELLED)
      return result
    },

    cancelReconnect,

    send,

    configureAutomation(id, config) {
      if (config === null) {
        automations.get(id)?.closed()
        automations.get(id)?.dispose()
        if (automations.delete(id) && entries.has(id)) markDirty(id)
        return
      }
      automationOf(id).configure(config)
      dropAutomationIfIdle(id)
    },

    setVariables(variables, ids) {
      const copy = new Map(variables)
      if (ids === undefined) defaultVariables = copy
      else for (const id of ids) variablesById.set(id, copy)
    },

    startSchedule(id, spec) {
      if (!isOpen(id)) return { ok: false, error: 'Not started: connect first.' }
      const result = automationOf(id).startSchedule(spec)
      if (!result.ok) dropAutomationIfIdle(id)
      return result
    },

    stopSchedule(id, scheduleId) {
      const automation = automations.get(id)
      if (!automation) return { ok: false, error: 'That periodic send is no longer running.' }
      const result = automation.stopSchedule(scheduleId)
      dropAutomationIfIdle(id)
      return result
    },

    setReading(id, control) {
      const entry = entries.get(id)
      const session = entry?.session
      if (!session || !entry.transport?.capabilities.readControl || !session.setReading) {
        return { ok: false, error: 'Only a WebSocketStream connection can pause or slow its reading.' }
      }
      const status = session.status()
      if (status !== 'open') return { ok: false, error: 'Reading can be paused only while the connection is open.' }
      return session.setReading(control)
    },

    annotate(id, frameId, change) {
      const entry = entries.get(id)
      const oldest = entry?.log.at(0)?.id
      const newest = entry?.log.at(entry.log.length() - 1)?.id
      if (!entry || oldest === undefined || newest === undefined || frameId < oldest || frameId > newest) {
        return { ok: false, error: 'That frame is no longer in the timeline.' }
      }
      const result = entry.annotations.set(frameId, change)
      if (result.ok) markDirty(id)
      return result
    },

    annotations: (id) => entries.get(id)?.annotations,

    clear(id) {
      const entry = entries.get(id)
      if (!entry) return
      if (entry.cleared) clearTimeout(entry.cleared.timer)
      // References only: the frames themselves are not copied.
      const frames = entry.log.toArray()
      const timer = setTimeout(() => {
        if (entry.cleared?.timer === timer) entry.cleared = null
      }, UNDO_CLEAR_MS)
      entry.cleared = { frames, counters: entry.counters, annotations: entry.annotations, timer }
      entry.annotations = createAnnotations()
      entry.log.clear()
      entry.counters = createTrafficCounters(now())
      markDirty(id)
    },

    undoClear(id) {
      const entry = entries.get(id)
      const cleared = entry?.cleared
      if (!entry || !cleared) return { ok: false, error: 'Nothing to undo: the cleared frames are no longer kept.' }
      clearTimeout(cleared.timer)
      entry.cleared = null
      const since = entry.log.toArray()
      entry.log.clear()
      for (const frame of cleared.frames) entry.log.append(frame)
      entry.counters = cleared.counters
      // The cleared frames' pins and notes come back with them; those made since stay too.
      cleared.annotations.absorb(entry.annotations)
      entry.annotations = cleared.annotations
      for (const frame of since) {
        entry.log.append(frame)
        if (frame.kind === 'message') entry.counters.count(frame.direction, frame.size, frame.at)
      }
      markDirty(id)
      return { ok: true }
    },

    setRetention(limits) {
      retention = { ...limits }
      for (const [id, entry] of entries) {
        const before = entry.log.dropped()
        entry.log.setLimits(limits)
        if (entry.log.dropped() !== before) markDirty(id)
      }
    },

    previewRetention(limits) {
      const drops: RetentionDrop[] = []
      for (const [connectionId, entry] of entries) {
        const frames = entry.log.overLimits(limits)
        if (frames > 0) drops.push({ connectionId, frames })
      }
      return drops
    },

    forget,
    config: (id) => configs.get(id),
    log: (id) => entries.get(id)?.log,
    protocol: (id) => entries.get(id)?.protocol ?? '',
    eventNames: (id) => [...(entries.get(id)?.eventNames ?? [])],
    snapshot(id) {
      const entry = entries.get(id)
      return entry ? buildSnapshot(id, entry, false) : IDLE_SNAPSHOT
    },
    ids: () => [...entries.keys()],
    openCount,

    onFrame(id, listener) {
      let set = frameListeners.get(id)
      if (!set) {
        set = new Set()
        frameListeners.set(id, set)
      }
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    },

    onChange(listener) {
      changeListeners.add(listener)
      return () => {
        changeListeners.delete(listener)
      }
    },

    flush,

    dispose() {
      for (const id of [...entries.keys()]) forget(id)
      for (const automation of automations.values()) automation.dispose()
      automations.clear()
      changeListeners.clear()
    },
  }
}
