import type { Codec } from '../codecs/codec.ts'
import { resolveCodec } from '../codecs/codecs.ts'
import type { Frame } from '../frame.ts'
import type { ConnectionRuntime } from '../runtime/connection-runtime.ts'
import { createFrameLog } from '../frame-log.ts'
import { compareRuns } from '../traffic/compare-runs.ts'
import { startExportJob } from '../traffic/export-job.ts'
import { decodeTrafficBytes } from '../traffic/limits.ts'
import { readTrafficFile } from '../traffic/read-traffic.ts'
import { startReplayJob, type ReplayJob } from '../traffic/replay-job.ts'
import { likeRule, recentDecodedTypes } from '../view/filter-rules.ts'
import { createPairIndex, type PairIndex } from '../view/pair-index.ts'
import { compilePairing, pairingKey, type PairingRule } from '../view/pair-paths.ts'
import { createContractIndex, type ContractIndex } from '../contracts/contract-index.ts'
import { createFrameChecker, type ContractSchema, type FrameChecker } from '../contracts/frame-check.ts'
import { createTimelineWindowSource, type TimelineWindow, type TimelineWindowSource, type WindowRequest } from '../view/timeline-window.ts'
import { createMergedWindowSource, type MergedWindowRequest, type MergedWindowSource } from '../view/merged-window.ts'
import type { Answer, Command, ExportJobId, HostEvent, ImportedRecording, Query, ReplayJobId, TrafficImportAnswer, ViewId } from './protocol.ts'
import { recordingConfig } from './recording-config.ts'
import { pinnedFramesOf } from './annotation-queries.ts'
import { createScenarioRuns } from './scenario-host.ts'

export { recordingConfig }

export type PostEvent = (event: HostEvent, transfer?: Transferable[]) => void

export type RuntimeServer = {
  handle(command: Command): void
  dispose(): void
}

type OpenView = { connectionId: string; source: TimelineWindowSource; window: WindowRequest }
type OpenMergedView = { ids: readonly string[]; source: MergedWindowSource; window: MergedWindowRequest }

// Read by views of connections that never recorded anything: looking must not create an entry.
const EMPTY_LOG = createFrameLog()

/**
 * Executes commands against one runtime and reports back through `post`. The Worker entry and
 * the in-process client both run exactly this, so the two hosts cannot drift apart.
 */
/** The codec a connection's frames are read with: the user's choice, else detected from what it negotiated and where it points. */
export function codecOf(runtime: ConnectionRuntime, id: string): Codec | null {
  const config = runtime.config(id)
  const url = typeof config?.spec.url === 'string' ? config.spec.url : ''
  // A recording plays through the list transport, which negotiates nothing: its spec carries the
  // subprotocol the capture negotiated.
  const recorded = typeof config?.spec.protocol === 'string' ? config.spec.protocol : ''
  // Asked on every window read and pairing sync: a field read, not a whole snapshot (stats, series, close scan).
  return resolveCodec(config?.decoder ?? 'auto', runtime.protocol(id) || recorded, url)
}

// One checker per schemas list: a configure that leaves the schemas alone keeps the same list
// (and its compiled validators); new schemas give a new checker, and the indexes start over.
const checkers = new WeakMap<readonly ContractSchema[], FrameChecker | null>()

/** The checker of a connection's message schemas, or null when it has none. */
export function checkerOf(runtime: ConnectionRuntime, id: string): FrameChecker | null {
  const schemas = runtime.config(id)?.schemas
  if (!schemas || schemas.length === 0) return null
  let checker = checkers.get(schemas)
  if (checker === undefined) {
    checker = createFrameChecker(schemas)
    checkers.set(schemas, checker)
  }
  return checker
}

// The compiled rule of the last pairing setting seen per key: every configure sends a new object.
const rules = new Map<string, PairingRule | null>()

/** The user's pairing of a connection, compiled; null when it has none (or it does not compile). */
export function pairingRuleOf(runtime: ConnectionRuntime, id: string): PairingRule | null {
  const pairing = runtime.config(id)?.pairing
  if (!pairing) return null
  const key = pairingKey(pairing)
  let rule = rules.get(key)
  if (rule === undefined) {
    const compiled = compilePairing(pairing)
    rule = compiled.ok ? compiled.rule : null
    // A handful of settings per session; bounded anyway.
    if (rules.size >= 256) rules.clear()
    rules.set(key, rule)
  }
  return rule
}

/** Above this size the detail pane gets the head of a payload and a Blob of the whole. */
export const DETAIL_WHOLE_LIMIT_BYTES = 2 * 1024 * 1024
/** The head sent instead: more than the pane renders, pretty-prints or lets the editor take (1 MiB each). */
export const DETAIL_HEAD_UNITS = 1024 * 1024 + 1

function detailFrameOf(frame: Frame): { frame: Frame; whole: Blob | null } {
  if (frame.kind !== 'message' || frame.size <= DETAIL_WHOLE_LIMIT_BYTES) return { frame, whole: null }
  const payload = frame.payload
  const head = typeof payload === 'string' ? payload.slice(0, DETAIL_HEAD_UNITS) : payload.slice(0, DETAIL_HEAD_UNITS)
  // A Blob crosses to the page by reference; the copy into it is made here, off the main thread.
  return { frame: { ...frame, payload: head }, whole: new Blob([payload]) }
}

export function createRuntimeServer(runtime: ConnectionRuntime, post: PostEvent): RuntimeServer {
  const views = new Map<ViewId, OpenView>()
  // One pairing per connection, shared by its views: pairs span the whole log, not one filter.
  const pairIndexes = new Map<string, PairIndex>()
  const pairsOf = (id: string): PairIndex => {
    let index = pairIndexes.get(id)
    if (!index) {
      index = createPairIndex(
        () => runtime.log(id) ?? EMPTY_LOG,
        () => codecOf(runtime, id),
        () => pairingRuleOf(runtime, id),
      )
      pairIndexes.set(id, index)
    }
    return index
  }
  // Like pairing: one check index per connection, shared by its views (the stats span the log).
  const contractIndexes = new Map<string, ContractIndex>()
  const contractsOf = (id: string): ContractIndex => {
    let index = contractIndexes.get(id)
    if (!index) {
      index = createContractIndex(() => runtime.log(id) ?? EMPTY_LOG, () => checkerOf(runtime, id))
      contractIndexes.set(id, index)
    }
    return index
  }
  /**
   * A read that ran out of its scan budget goes on in its own task, between incoming messages: at
   * most one pending per view, and none once the view was closed or replaced.
   */
  const continueScan = <V>(pending: Set<ViewId>, open: Map<ViewId, V>, id: ViewId, view: V, send: () => void) => {
    if (pending.has(id)) return
    pending.add(id)
    setTimeout(() => {
      pending.delete(id)
      if (open.get(id) === view) send()
    }, 0)
  }
  const continuing = new Set<ViewId>()
  // Merged views (issue 10): their own ids and catch-up, next to the single-connection views.
  const mergedViews = new Map<ViewId, OpenMergedView>()
  const mergedContinuing = new Set<ViewId>()
  const sendMergedWindow = (id: ViewId, view: OpenMergedView) => {
    const window = view.source.read(view.window)
    if (window.scanning) continueScan(mergedContinuing, mergedViews, id, view, () => sendMergedWindow(id, view))
    post({ type: 'mergedWindow', view: id, window })
  }
  const exports = new Map<ExportJobId, { cancel(): void }>()
  const replays = new Map<ReplayJobId, ReplayJob>()

  /** Reads a view's window; schedules the rest of a scan that ran out of budget. */
  const readWindow = (id: ViewId, view: OpenView): TimelineWindow => {
    const window = view.source.read(view.window)
    // A filter over a long history goes on in its own task, between incoming messages.
    if (window.scanning) continueScan(continuing, views, id, view, () => sendWindow(id, view))
    return window
  }

  const sendWindow = (id: ViewId, view: OpenView) => {
    post({ type: 'window', view: id, window: readWindow(id, view) })
  }

  // Snapshots and the windows of the views they move go out in one message, so the page renders
  // them together: a header saying "Connected" never shows above a list still without that row.
  const stopChanges = runtime.onChange(({ changed, removed }) => {
    const windows: [ViewId, TimelineWindow][] = []
    for (const [id, view] of views) {
      if (changed.has(view.connectionId) || removed.includes(view.connectionId)) windows.push([id, readWindow(id, view)])
    }
    post({ type: 'changes', changed: [...changed], removed: [...removed], windows })
    for (const [id, view] of mergedViews) {
      if (view.ids.some((connection) => changed.has(connection) || removed.includes(connection))) sendMergedWindow(id, view)
    }
  })

  // Scenarios (issue 9): after stopChanges, so a flush's snapshots go out before its step status.
  const scenarios = createScenarioRuns(runtime, post)

  const answer = <T extends Query['type']>(query: Query & { type: T }, value: Answer[T]) => {
    post({ type: 'answer', rid: query.rid, value })
  }

  return {
    handle(command) {
      switch (command.type) {
        case 'configure':
          runtime.configure(command.id, command.config)
          // A new decoder or pairing changes what rows say: views of the connection read again.
          for (const [id, view] of views) if (view.connectionId === command.id) sendWindow(id, view)
          for (const [id, view] of mergedViews) if (view.ids.includes(command.id)) sendMergedWindow(id, view)
          return
        case 'connect':
          return answer(command, runtime.connect(command.id))
        case 'play':
          return answer(command, runtime.play(command.id, command.frames, command.source, command.annotations))
        case 'disconnect':
          return answer(command, runtime.disconnect(command.id, command.code, command.reason))
        case 'send':
          return answer(command, runtime.send(command.id, command.payload, command.origin))
        case 'startSchedule':
          return answer(command, runtime.startSchedule(command.id, command.spec))
        case 'stopSchedule':
          return answer(command, runtime.stopSchedule(command.id, command.scheduleId))
        case 'configureAutomation':
          return runtime.configureAutomation(command.id, command.config)
        case 'setVariables':
          return runtime.setVariables(new Map(command.variables), command.ids)
        case 'setReading':
          return answer(command, runtime.setReading(command.id, command.control))
        case 'cancelReconnect':
          return runtime.cancelReconnect(command.id)
        case 'clear':
          return runtime.clear(command.id)
        case 'forget':
          pairIndexes.delete(command.id)
          contractIndexes.delete(command.id)
          return runtime.forget(command.id)
        case 'setRetention':
          return runtime.setRetention(command.limits)
        case 'previewRetention':
          return answer(command, runtime.previewRetention(command.limits))
        case 'frame': {
          const log = runtime.log(command.id)
          return answer(command, log?.at(command.seq - log.dropped()) ?? null)
        }
        case 'frames':
          return answer(command, runtime.log(command.id)?.toArray() ?? [])
        case 'undoClear':
          return answer(command, runtime.undoClear(command.id))
        case 'eventNames':
          return answer(command, runtime.eventNames(command.id))
        case 'annotate': {
          const log = runtime.log(command.id)
          const frame = log?.at(command.seq - log.dropped())
          if (!frame) return answer(command, { ok: false, error: 'That frame is no longer in the timeline.' })
          return answer(command, runtime.annotate(command.id, frame.id, command.change))
        }
        case 'pinnedFrames':
          return answer(command, pinnedFramesOf(runtime.log(command.id), runtime.annotations(command.id)))
        case 'annotations': {
          const log = runtime.log(command.id)
          return answer(command, log ? (runtime.annotations(command.id)?.entries(log) ?? []) : [])
        }
        case 'latencySeries': {
          const index = pairIndexes.get(command.id)
          index?.sync()
          return answer(command, index?.series() ?? [])
        }
        case 'detailFrame': {
          const log = runtime.log(command.id)
          const frame = log?.at(command.seq - log.dropped())
          const annotation = frame ? runtime.annotations(command.id)?.get(frame.id) : undefined
          return answer(command, frame ? { ...detailFrameOf(frame), ...(annotation ? { annotation } : {}) } : null)
        }
        case 'decode': {
          const log = runtime.log(command.id)
          const frame = log?.at(command.seq - log.dropped())
          const codec = codecOf(runtime, command.id)
          return answer(command, frame?.kind === 'message' && codec ? { label: codec.label, decoding: codec.decode(frame.payload, frame.direction) } : null)
        }
        case 'openView': {
          const connectionId = command.id
          const view: OpenView = {
            connectionId,
            source: createTimelineWindowSource(
              () => runtime.log(connectionId) ?? EMPTY_LOG,
              command.filter,
              () => codecOf(runtime, connectionId),
              pairsOf(connectionId),
              contractsOf(connectionId),
              () => runtime.annotations(connectionId),
            ),
            window: command.window,
          }
          views.set(command.view, view)
          return sendWindow(command.view, view)
        }
        case 'setWindow': {
          const view = views.get(command.view)
          if (!view) return
          view.window = command.window
          return sendWindow(command.view, view)
        }
        case 'closeView':
          views.delete(command.view)
          return
        // --- Merged timeline (issue 10) ---
        case 'openMergedView': {
          const view: OpenMergedView = {
            ids: [...command.ids],
            source: createMergedWindowSource(command.ids, (connection) => runtime.log(connection), command.filter, (connection) => codecOf(runtime, connection)),
            window: command.window,
          }
          mergedViews.set(command.view, view)
          return sendMergedWindow(command.view, view)
        }
        case 'setMergedWindow': {
          const view = mergedViews.get(command.view)
          if (!view) return
          view.window = command.window
          return sendMergedWindow(command.view, view)
        }
        case 'closeMergedView':
          mergedViews.delete(command.view)
          return
        // --- end merged timeline ---
        case 'controlView': {
          const view = views.get(command.view)
          if (!view) return
          if (command.action === 'stop') view.source.stop()
          else view.source.resume()
          return sendWindow(command.view, view)
        }
        case 'likeRule': {
          const log = runtime.log(command.id)
          const frame = log?.at(command.seq - log.dropped())
          const codec = codecOf(runtime, command.id)
          if (!frame) return answer(command, null)
          const decoding = codec && frame.kind === 'message' ? codec.decode(frame.payload, frame.direction) : null
          return answer(command, { rule: likeRule(frame, decoding), codecLabel: codec?.label ?? null })
        }
        case 'decodedTypes': {
          const codec = codecOf(runtime, command.id)
          return answer(command, codec ? { label: codec.label, types: recentDecodedTypes(runtime.log(command.id) ?? EMPTY_LOG, codec) } : null)
        }
        case 'export': {
          const { job } = command
          // Announce pending changes first, so the page's counts match what the file holds.
          runtime.flush()
          const annotations = runtime.annotations(command.id)
          const handle = startExportJob(runtime.log(command.id) ?? EMPTY_LOG, command.request, {
            annotationOf: (frameId) => annotations?.get(frameId),
            codec: codecOf(runtime, command.id),
            onProgress: ({ done, total }) => post({ type: 'exportProgress', job, done, total }),
            onDone: (outcome) => {
              exports.delete(job)
              post({ type: 'exportDone', job, outcome })
            },
          })
          exports.set(job, handle)
          return
        }
        case 'replay': {
          const { job, to } = command
          // The replay decodes as the recording does.
          const config = runtime.config(command.from)
          if (config) runtime.configure(to, config)
          const handle = startReplayJob({
            frames: runtime.log(command.from)?.toArray() ?? [],
            speed: command.speed,
            play: (frames) => runtime.play(to, frames, 'replay'),
            onProgress: (progress) => {
              if (progress.state === 'done' || progress.state === 'stopped' || progress.state === 'failed') replays.delete(job)
              post({ type: 'replayProgress', job, progress })
            },
          })
          replays.set(job, handle)
          return
        }
        case 'resend': {
          const { job, to } = command
          const target = runtime.log(to)
          const start = target ? { seq: target.dropped() + target.length(), clears: target.clears() } : { seq: 0, clears: 0 }
          const handle = startReplayJob({
            frames: resendFrames(runtime.log(command.from)?.toArray() ?? [], command.maxGapMs),
            speed: command.maxGapMs === 0 ? null : 1,
            play: (frames) => {
              for (const frame of frames) {
                if (frame.kind !== 'message') continue
                const sent = runtime.send(to, frame.payload)
                if (!sent.ok) return sent
              }
              return { ok: true }
            },
            onProgress: (progress) => {
              if (progress.state === 'done' || progress.state === 'stopped' || progress.state === 'failed') replays.delete(job)
              post({ type: 'resendProgress', job, progress, start })
            },
          })
          replays.set(job, handle)
          return
        }
        case 'importTraffic':
          return answer(command, importTraffic(runtime, command.bytes, command.fileName, command.idPrefix))
        case 'compare': {
          const after = runtime.log(command.after)
          if (!after) return answer(command, { ok: false, error: 'The new run has no timeline to compare.' })
          if (after.clears() !== command.afterClears) {
            return answer(command, { ok: false, error: 'The timeline of the new run was cleared: there is nothing left to compare.' })
          }
          const lost = Math.max(0, after.dropped() - command.afterFromSeq)
          const frames = []
          for (let seq = Math.max(command.afterFromSeq, after.dropped()); seq < after.dropped() + after.length(); seq++) {
            const frame = after.at(seq - after.dropped())
            if (frame) frames.push(frame)
          }
          return answer(command, { ok: true, lost, ...compareRuns(runtime.log(command.before)?.toArray() ?? [], frames, command.ignore) })
        }
        case 'controlReplay':
          replays.get(command.job)?.[command.action]()
          return
        case 'cancelExport':
          exports.get(command.job)?.cancel()
          exports.delete(command.job)
          return
        // --- Scenarios (issue 9) ---
        case 'runScenario':
          return scenarios.run(command.run, command.request)
        case 'cancelScenario':
          return scenarios.cancel(command.run)
        // --- end scenarios ---
        default:
          return assertNever(command)
      }
    },
    dispose() {
      stopChanges()
      scenarios.dispose()
      views.clear()
      mergedViews.clear()
      for (const job of exports.values()) job.cancel()
      exports.clear()
      for (const job of replays.values()) job.stop()
      replays.clear()
    },
  }
}

/**
 * A recording's settings in the runtime: never connected, but its URL and the subprotocol its
 * capture negotiated let the views detect its protocol and decode it.
 */

/** Reads a traffic file and plays each of its recordings into a new timeline; all or nothing. */
function importTraffic(runtime: ConnectionRuntime, bytes: ArrayBuffer, fileName: string, idPrefix: string): TrafficImportAnswer {
  const decoded = decodeTrafficBytes(new Uint8Array(bytes))
  if (!decoded.ok) return decoded
  let result: ReturnType<typeof readTrafficFile>
  try {
    result = readTrafficFile(decoded.text, fileName)
  } catch (thrown) {
    // A string or list too long to build, or a reader bug: the file is refused, the runtime stays.
    return { ok: false, message: `The file could not be read: ${thrown instanceof Error ? thrown.message : String(thrown)}. Nothing was imported.`, details: [] }
  }
  if (!result.ok) return result
  const recordings: ImportedRecording[] = []
  for (const [index, recording] of result.recordings.entries()) {
    const id = `${idPrefix}-${index + 1}`
    runtime.configure(id, recordingConfig(recording.url, recording.frames))
    const played = runtime.play(id, recording.frames, fileName, recording.annotations)
    if (!played.ok) {
      for (const done of [...recordings.map((r) => r.id), id]) {
        runtime.forget(done)
        runtime.configure(done, null)
      }
      return { ok: false, message: `Not imported: ${played.error}`, details: [] }
    }
    recordings.push({ id, name: recording.name, url: recording.url, transport: recording.transport, frames: recording.frames.length, warnings: recording.warnings })
  }
  return { ok: true, format: result.format, recordings, warnings: result.warnings }
}

/** The sent messages of a recording, with each gap kept or shortened to at most `maxGapMs`. */
export function resendFrames(frames: readonly Frame[], maxGapMs: number | null): Frame[] {
  const out: Frame[] = []
  let previous: number | null = null
  let at = 0
  for (const frame of frames) {
    if (frame.kind !== 'message' || frame.direction !== 'out') continue
    const gap = previous === null ? 0 : Math.max(0, frame.at - previous)
    at += maxGapMs === null ? gap : Math.min(gap, maxGapMs)
    previous = frame.at
    out.push({ ...frame, at })
  }
  return out
}

function assertNever(value: never): never {
  throw new Error(`Unknown command: ${JSON.stringify(value)}`)
}
