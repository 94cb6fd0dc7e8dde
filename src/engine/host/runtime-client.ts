import type { Frame, FrameInput, Payload } from '../frame.ts'
import type { RetentionLimits } from '../frame-log.ts'
import type { AutomationConfig, ScheduleSpec, ScheduleStart } from '../automation/automation.ts'
import type { ConnectionConfig, ConnectionId, RetentionDrop, SendOrigin, SnapshotChanges } from '../runtime/connection-runtime.ts'
import type { ExportOutcome, ExportProgress, ExportRequest } from '../traffic/export-job.ts'
import type { ReplayProgress } from '../traffic/replay-job.ts'
import type { ActionResult, ReadControl } from '../transport.ts'
import type { FrameFilter } from '../view/frame-view.ts'
import type { TimelineWindow, WindowRequest } from '../view/timeline-window.ts'
import type { MergedWindow, MergedWindowRequest } from '../view/merged-window.ts'
import { createScenarioClientPart, type ScenarioRunHandle } from './scenario-client.ts'
import type { ScenarioRunRequest } from './scenario-protocol.ts'
import type { ScenarioReport } from '../scenario/report.ts'
import type { Annotation, AnnotationChange, IndexedAnnotation } from '../view/annotations.ts'
import type { LatencyPoint } from '../view/pair-index.ts'
import type { PinnedFrames } from './protocol.ts'
import type { Answer, Command, CompareAnswer, ExportJobId, RunStart, TrafficImportAnswer, HostEvent, Query, ReplayJobId, RequestId, ViewId } from './protocol.ts'

export type ExportHandle = {
  /** Settles once: the Blob and what went into it, or why not (cancelled exports settle as an error). */
  readonly done: Promise<ExportOutcome>
  cancel(): void
}

export type ReplayHandle = { pause(): void; resume(): void; stop(): void }

export type TimelineViewHandle = {
  setWindow(window: WindowRequest): void
  /** Stops the view's filter scan where it is, or resumes it. */
  control(action: 'stop' | 'resume'): void
  close(): void
}

export type MergedViewHandle = {
  setWindow(window: MergedWindowRequest): void
  close(): void
}

/** Where the runtime runs, and why, so the app can say so when it is not where it should be. */
export type HostInfo = { mode: 'worker' } | { mode: 'in-process'; reason: string | null }

/** The page's handle on a runtime, the same whether it runs in a Worker or on this thread. */
export type RuntimeClient = {
  host(): HostInfo
  configure(id: ConnectionId, config: ConnectionConfig | null): void
  connect(id: ConnectionId): Promise<ActionResult>
  play(id: ConnectionId, frames: readonly FrameInput[], source?: string, annotations?: readonly IndexedAnnotation[]): Promise<ActionResult>
  disconnect(id: ConnectionId, code?: number, reason?: string): Promise<ActionResult>
  cancelReconnect(id: ConnectionId): void
  /** `origin` marks the recorded frame as sent by automation (a scenario, a schedule). */
  send(id: ConnectionId, payload: Payload, origin?: SendOrigin): Promise<ActionResult>
  /** Auto-responders, heartbeat, on-open sequence and the saved messages they name; null removes them. */
  configureAutomation(id: ConnectionId, config: AutomationConfig | null): void
  /** What `{{name}}` expands to in automatic messages, for these connections (or all without ids). */
  setVariables(variables: ReadonlyMap<string, string>, ids?: readonly ConnectionId[]): void
  startSchedule(id: ConnectionId, spec: ScheduleSpec): Promise<ScheduleStart>
  stopSchedule(id: ConnectionId, scheduleId: string): Promise<ActionResult>
  /** Slow-consumer mode of a WebSocketStream connection: pause reading, or a delay after each message. */
  setReading(id: ConnectionId, control: ReadControl): Promise<ActionResult>
  clear(id: ConnectionId): void
  undoClear(id: ConnectionId): Promise<ActionResult>
  /** Event names seen on the connection (for the timeline's event filter). */
  eventNames(id: ConnectionId): Promise<string[]>
  /** The rule "Hide frames like this" adds for this frame. */
  likeRule(id: ConnectionId, seq: number): Promise<Answer['likeRule']>
  /** Decoded types among the newest frames (for the decoded-type filter). */
  decodedTypes(id: ConnectionId): Promise<Answer['decodedTypes']>
  forget(id: ConnectionId): void
  setRetention(limits: RetentionLimits): void
  previewRetention(limits: RetentionLimits): Promise<RetentionDrop[]>
  /** One frame, by its position since the last clear; null once dropped or cleared. */
  frame(id: ConnectionId, seq: number): Promise<Frame | null>
  /** Every retained frame (exports); allocates a copy of the log. */
  frames(id: ConnectionId): Promise<Frame[]>
  /** Streams a connection's timeline into a file where the log lives, reporting progress. */
  exportTimeline(id: ConnectionId, request: ExportRequest, onProgress?: (progress: ExportProgress) => void): ExportHandle
  /** Plays `from`'s frames into `to` at `speed` times their pace (null: as fast as possible). */
  replay(from: ConnectionId, to: ConnectionId, speed: number | null, onProgress: (progress: ReplayProgress) => void): ReplayHandle
  /** Re-sends `from`'s sent messages to the live connection `to`; `start` marks where the new run begins. */
  resend(from: ConnectionId, to: ConnectionId, maxGapMs: number | null, onProgress: (progress: ReplayProgress, start: RunStart) => void): ReplayHandle
  /** Reads a traffic file next to the logs and plays its recordings into new timelines. */
  importTraffic(bytes: ArrayBuffer, fileName: string, idPrefix: string): Promise<TrafficImportAnswer>
  /** Compares a recording with the run that began at `afterFromSeq` in `after`'s timeline. */
  compare(before: ConnectionId, after: ConnectionId, start: RunStart, ignore: string[]): Promise<CompareAnswer>
  /** One frame for the detail pane (a large payload as its head plus a Blob of the whole). */
  detailFrame(id: ConnectionId, seq: number): Promise<Answer['detailFrame']>
  /** One frame as the connection's codec reads it (for the detail pane); decoding runs next to the log. */
  decode(id: ConnectionId, seq: number): Promise<Answer['decode']>
  openView(id: ConnectionId, filter: FrameFilter, window: WindowRequest, onWindow: (window: TimelineWindow) => void): TimelineViewHandle
  /** Several connections' frames interleaved by time, one filter across them (issue 10); merged next to the logs. */
  openMergedView(ids: readonly ConnectionId[], filter: FrameFilter, window: MergedWindowRequest, onWindow: (window: MergedWindow) => void): MergedViewHandle
  onChange(listener: (changes: SnapshotChanges) => void): () => void
  /** Pins, unpins or notes the frame at `seq`; an over-long note or a gone frame is refused with a message. */
  annotate(id: ConnectionId, seq: number, change: AnnotationChange): Promise<ActionResult>
  /** The connection's pinned frames, oldest first, and how many pins retention took. */
  pinnedFrames(id: ConnectionId): Promise<PinnedFrames>
  /** Every pin and note of the connection, by frame id, oldest first. */
  annotations(id: ConnectionId): Promise<[number, Annotation][]>
  /** Per-second request/reply latency for the live chart. */
  latencySeries(id: ConnectionId): Promise<LatencyPoint[]>
  // --- Scenarios (issue 9) ---
  /** Runs a scenario next to the runtime; progress reports come at most once per flush. */
  runScenario(request: ScenarioRunRequest, onProgress: (report: ScenarioReport) => void): ScenarioRunHandle
  // --- end scenarios ---
  dispose(): void
}

export type { ScenarioRunHandle }

export type CommandChannel = {
  post(command: Command): void
  host(): HostInfo
  close(): void
}

/**
 * The part of a client that does not depend on where the runtime runs: request ids and their
 * promises, view and change listeners. `receive` takes every HostEvent the host posts.
 */
export function createClientCore(channel: CommandChannel): { client: RuntimeClient; receive: (event: HostEvent) => void } {
  let nextRequest: RequestId = 0
  let nextView: ViewId = 0
  const waiting = new Map<RequestId, (value: never) => void>()
  const views = new Map<ViewId, (window: TimelineWindow) => void>()
  const mergedViews = new Map<ViewId, (window: MergedWindow) => void>()
  const changeListeners = new Set<(changes: SnapshotChanges) => void>()
  let nextExport: ExportJobId = 0
  let nextReplay: ReplayJobId = 0
  const replays = new Map<ReplayJobId, (progress: ReplayProgress, start: RunStart) => void>()
  const exports = new Map<ExportJobId, { progress?: (progress: ExportProgress) => void; settle: (outcome: ExportOutcome) => void }>()

  const ask = <T extends Query['type']>(query: DistributiveOmitRid<Query & { type: T }>): Promise<Answer[T]> =>
    new Promise<Answer[T]>((resolve) => {
      nextRequest += 1
      waiting.set(nextRequest, resolve as (value: never) => void)
      channel.post({ ...query, rid: nextRequest } as Query)
    })

  const scenarios = createScenarioClientPart((command) => channel.post(command))

  const receive = (event: HostEvent) => {
    if (scenarios.receive(event)) return
    switch (event.type) {
      case 'ready':
        return
      case 'changes': {
        const changes: SnapshotChanges = { changed: new Map(event.changed), removed: event.removed }
        for (const listener of changeListeners) listener(changes)
        // In the same task as the snapshots: React renders both in one pass.
        for (const [view, window] of event.windows) views.get(view)?.(window)
        return
      }
      case 'window':
        views.get(event.view)?.(event.window)
        return
      case 'mergedWindow':
        mergedViews.get(event.view)?.(event.window)
        return
      case 'exportProgress':
        exports.get(event.job)?.progress?.({ done: event.done, total: event.total })
        return
      case 'exportDone': {
        const job = exports.get(event.job)
        exports.delete(event.job)
        job?.settle(event.outcome)
        return
      }
      case 'replayProgress':
      case 'resendProgress': {
        const listener = replays.get(event.job)
        const { state } = event.progress
        if (state === 'done' || state === 'stopped' || state === 'failed') replays.delete(event.job)
        listener?.(event.progress, event.type === 'resendProgress' ? event.start : { seq: 0, clears: 0 })
        return
      }
      case 'answer': {
        const resolve = waiting.get(event.rid)
        waiting.delete(event.rid)
        resolve?.(event.value as never)
        return
      }
    }
  }

  const client: RuntimeClient = {
    host: () => channel.host(),
    configure: (id, config) => channel.post({ type: 'configure', id, config }),
    connect: (id) => ask<'connect'>({ type: 'connect', id }),
    play: (id, frames, source, annotations) =>
      ask<'play'>({ type: 'play', id, frames, ...(source === undefined ? {} : { source }), ...(annotations && annotations.length > 0 ? { annotations } : {}) }),
    disconnect: (id, code, reason) =>
      ask<'disconnect'>({ type: 'disconnect', id, ...(code === undefined ? {} : { code }), ...(reason === undefined ? {} : { reason }) }),
    cancelReconnect: (id) => channel.post({ type: 'cancelReconnect', id }),
    send: (id, payload, origin) => ask<'send'>({ type: 'send', id, payload, ...(origin === undefined ? {} : { origin }) }),
    configureAutomation: (id, config) => channel.post({ type: 'configureAutomation', id, config }),
    setVariables: (variables, ids) => channel.post({ type: 'setVariables', variables: [...variables], ...(ids === undefined ? {} : { ids: [...ids] }) }),
    startSchedule: (id, spec) => ask<'startSchedule'>({ type: 'startSchedule', id, spec }),
    stopSchedule: (id, scheduleId) => ask<'stopSchedule'>({ type: 'stopSchedule', id, scheduleId }),
    setReading: (id, control) => ask<'setReading'>({ type: 'setReading', id, control }),
    clear: (id) => channel.post({ type: 'clear', id }),
    undoClear: (id) => ask<'undoClear'>({ type: 'undoClear', id }),
    eventNames: (id) => ask<'eventNames'>({ type: 'eventNames', id }),
    likeRule: (id, seq) => ask<'likeRule'>({ type: 'likeRule', id, seq }),
    decodedTypes: (id) => ask<'decodedTypes'>({ type: 'decodedTypes', id }),
    forget: (id) => channel.post({ type: 'forget', id }),
    setRetention: (limits) => channel.post({ type: 'setRetention', limits }),
    previewRetention: (limits) => ask<'previewRetention'>({ type: 'previewRetention', limits }),
    frame: (id, seq) => ask<'frame'>({ type: 'frame', id, seq }),
    frames: (id) => ask<'frames'>({ type: 'frames', id }),
    exportTimeline(id, request, onProgress) {
      nextExport += 1
      const job = nextExport
      let settle: (outcome: ExportOutcome) => void = () => {}
      const done = new Promise<ExportOutcome>((resolve) => {
        settle = resolve
      })
      exports.set(job, { ...(onProgress ? { progress: onProgress } : {}), settle })
      channel.post({ type: 'export', job, id, request })
      return {
        done,
        cancel() {
          const pending = exports.get(job)
          if (!pending) return
          exports.delete(job)
          channel.post({ type: 'cancelExport', job })
          pending.settle({ ok: false, error: 'Export cancelled.' })
        },
      }
    },
    replay(from, to, speed, onProgress) {
      nextReplay += 1
      const job = nextReplay
      replays.set(job, onProgress)
      channel.post({ type: 'replay', job, from, to, speed })
      const control = (action: 'pause' | 'resume' | 'stop') => () => {
        if (replays.has(job)) channel.post({ type: 'controlReplay', job, action })
      }
      return { pause: control('pause'), resume: control('resume'), stop: control('stop') }
    },
    resend(from, to, maxGapMs, onProgress) {
      nextReplay += 1
      const job = nextReplay
      replays.set(job, onProgress)
      channel.post({ type: 'resend', job, from, to, maxGapMs })
      const control = (action: 'pause' | 'resume' | 'stop') => () => {
        if (replays.has(job)) channel.post({ type: 'controlReplay', job, action })
      }
      return { pause: control('pause'), resume: control('resume'), stop: control('stop') }
    },
    importTraffic: (bytes, fileName, idPrefix) => ask<'importTraffic'>({ type: 'importTraffic', bytes, fileName, idPrefix }),
    compare: (before, after, start, ignore) => ask<'compare'>({ type: 'compare', before, after, afterFromSeq: start.seq, afterClears: start.clears, ignore }),
    decode: (id, seq) => ask<'decode'>({ type: 'decode', id, seq }),
    detailFrame: (id, seq) => ask<'detailFrame'>({ type: 'detailFrame', id, seq }),
    openView(id, filter, window, onWindow) {
      nextView += 1
      const view = nextView
      views.set(view, onWindow)
      channel.post({ type: 'openView', view, id, filter, window })
      return {
        setWindow: (next) => {
          if (views.has(view)) channel.post({ type: 'setWindow', view, window: next })
        },
        control: (action) => {
          if (views.has(view)) channel.post({ type: 'controlView', view, action })
        },
        close: () => {
          if (!views.delete(view)) return
          channel.post({ type: 'closeView', view })
        },
      }
    },
    openMergedView(ids, filter, window, onWindow) {
      // Numbered with the single-connection views: one counter, so ids never collide in logs or tests.
      nextView += 1
      const view = nextView
      mergedViews.set(view, onWindow)
      channel.post({ type: 'openMergedView', view, ids: [...ids], filter, window })
      return {
        setWindow: (next) => {
          if (mergedViews.has(view)) channel.post({ type: 'setMergedWindow', view, window: next })
        },
        close: () => {
          if (!mergedViews.delete(view)) return
          channel.post({ type: 'closeMergedView', view })
        },
      }
    },
    onChange(listener) {
      changeListeners.add(listener)
      return () => {
        changeListeners.delete(listener)
      }
    },
    annotate: (id, seq, change) => ask<'annotate'>({ type: 'annotate', id, seq, change }),
    pinnedFrames: (id) => ask<'pinnedFrames'>({ type: 'pinnedFrames', id }),
    annotations: (id) => ask<'annotations'>({ type: 'annotations', id }),
    latencySeries: (id) => ask<'latencySeries'>({ type: 'latencySeries', id }),
    runScenario: (request, onProgress) => scenarios.runScenario(request, onProgress),
    dispose() {
      scenarios.dispose('The run stopped: the connection runtime shut down.')
      views.clear()
      mergedViews.clear()
      replays.clear()
      for (const job of exports.values()) job.settle({ ok: false, error: 'Export stopped: the connection runtime shut down.' })
      exports.clear()
      changeListeners.clear()
      channel.close()
    },
  }
  return { client, receive }
}

type DistributiveOmitRid<T> = T extends unknown ? Omit<T, 'rid'> : never
