/**
 * The typed messages between the page and the runtime's host (a dedicated Worker, or the same
 * thread). Commands go in; change notifications, view windows and answers come out. Everything
 * here survives structured cloning: plain data, strings and ArrayBuffers only.
 */
import type { Decoding } from '../codecs/codec.ts'
import type { Frame, FrameInput, Payload } from '../frame.ts'
import type { RetentionLimits } from '../frame-log.ts'
import type { AutomationConfig, ScheduleSpec, ScheduleStart } from '../automation/automation.ts'
import type { ConnectionConfig, ConnectionId, RetentionDrop, SendOrigin } from '../runtime/connection-runtime.ts'
import type { ConnectionSnapshot } from '../runtime/connection-snapshot.ts'
import type { ExportOutcome, ExportRequest } from '../traffic/export-job.ts'
import type { RunComparison } from '../traffic/compare-runs.ts'
import type { TrafficFormat } from '../traffic/limits.ts'
import type { ReplayProgress } from '../traffic/replay-job.ts'
import type { ScenarioRunId, ScenarioRunRequest } from './scenario-protocol.ts'
import type { ScenarioReport } from '../scenario/report.ts'
import type { ActionResult, ReadControl } from '../transport.ts'
import type { ExclusionRule, FrameFilter } from '../view/frame-view.ts'
import type { TimelineWindow, WindowRequest } from '../view/timeline-window.ts'
import type { Annotation, AnnotationChange } from '../view/annotations.ts'
import type { LatencyPoint } from '../view/pair-index.ts'
import type { FrameTone } from '../view/frame-summary.ts'
import type { IndexedAnnotation } from '../view/annotations.ts'
import type { MergedWindow, MergedWindowRequest } from '../view/merged-window.ts'

export type ViewId = number
export type ExportJobId = number
export type ReplayJobId = number
export type RequestId = number

/** Commands that answer (`rid` names the answer). */
export type Query =
  | { type: 'connect'; rid: RequestId; id: ConnectionId }
  | { type: 'play'; rid: RequestId; id: ConnectionId; frames: readonly FrameInput[]; source?: string; annotations?: readonly IndexedAnnotation[] }
  | { type: 'disconnect'; rid: RequestId; id: ConnectionId; code?: number; reason?: string }
  | { type: 'send'; rid: RequestId; id: ConnectionId; payload: Payload; origin?: SendOrigin }
  | { type: 'startSchedule'; rid: RequestId; id: ConnectionId; spec: ScheduleSpec }
  | { type: 'stopSchedule'; rid: RequestId; id: ConnectionId; scheduleId: string }
  | { type: 'setReading'; rid: RequestId; id: ConnectionId; control: ReadControl }
  | { type: 'previewRetention'; rid: RequestId; limits: RetentionLimits }
  | { type: 'frame'; rid: RequestId; id: ConnectionId; seq: number }
  | { type: 'frames'; rid: RequestId; id: ConnectionId }
  /**
   * Reads a traffic file (HAR, NDJSON or JSON timeline) next to the logs and plays each recording
   * it holds into a timeline of its own, `${idPrefix}-<n>`; only counts and notes come back.
   */
  | { type: 'importTraffic'; rid: RequestId; bytes: ArrayBuffer; fileName: string; idPrefix: string }
  /** Compares a recording with a later run: `after`'s frames from position `afterFromSeq` on. */
  | { type: 'compare'; rid: RequestId; before: ConnectionId; after: ConnectionId; afterFromSeq: number; afterClears: number; ignore: string[] }
  | { type: 'decode'; rid: RequestId; id: ConnectionId; seq: number }
  | { type: 'detailFrame'; rid: RequestId; id: ConnectionId; seq: number }
  | { type: 'undoClear'; rid: RequestId; id: ConnectionId }
  | { type: 'eventNames'; rid: RequestId; id: ConnectionId }
  // --- Annotations (issue 10): pins and notes live next to the log. ---
  /** Pins, unpins or notes the frame at `seq` (its position since the last clear). */
  | { type: 'annotate'; rid: RequestId; id: ConnectionId; seq: number; change: AnnotationChange }
  /** The connection's pinned frames, oldest first, for the "Pinned (N)" list. */
  | { type: 'pinnedFrames'; rid: RequestId; id: ConnectionId }
  /** Every pin and note of the connection by frame id (workspace exports with timelines). */
  | { type: 'annotations'; rid: RequestId; id: ConnectionId }
  /** Per-second request/reply latency (p50, max) for the live chart; asked at most once a second while it shows. */
  | { type: 'latencySeries'; rid: RequestId; id: ConnectionId }
  /** The rule "Hide frames like this" would add for this frame (filter-rules.ts likeRule). */
  | { type: 'likeRule'; rid: RequestId; id: ConnectionId; seq: number }
  /** Decoded types among the connection's newest frames, for the decoded-type filter's list. */
  | { type: 'decodedTypes'; rid: RequestId; id: ConnectionId }

export type Command =
  | Query
  | { type: 'configure'; id: ConnectionId; config: ConnectionConfig | null }
  | { type: 'cancelReconnect'; id: ConnectionId }
  | { type: 'configureAutomation'; id: ConnectionId; config: AutomationConfig | null }
  /** Pairs, not a Map: the protocol is plain data. Without ids: every connection given none of its own. */
  | { type: 'setVariables'; variables: [string, string][]; ids?: ConnectionId[] }
  | { type: 'clear'; id: ConnectionId }
  | { type: 'forget'; id: ConnectionId }
  | { type: 'setRetention'; limits: RetentionLimits }
  | { type: 'openView'; view: ViewId; id: ConnectionId; filter: FrameFilter; window: WindowRequest }
  | { type: 'setWindow'; view: ViewId; window: WindowRequest }
  | { type: 'closeView'; view: ViewId }
  // --- Merged timeline (issue 10): several connections' frames interleaved by time, one filter. ---
  | { type: 'openMergedView'; view: ViewId; ids: ConnectionId[]; filter: FrameFilter; window: MergedWindowRequest }
  | { type: 'setMergedWindow'; view: ViewId; window: MergedWindowRequest }
  | { type: 'closeMergedView'; view: ViewId }
  // --- end merged timeline ---
  /** Stops a view's filter scan where it is (its matches so far stay), or resumes it. */
  | { type: 'controlView'; view: ViewId; action: 'stop' | 'resume' }
  /** Streams a connection's timeline into a file next to the log; progress and the Blob come back as events. */
  | { type: 'export'; job: ExportJobId; id: ConnectionId; request: ExportRequest }
  | { type: 'cancelExport'; job: ExportJobId }
  /** Plays one timeline's frames into another (a recording into a new timeline); speed null: as fast as possible. */
  | { type: 'replay'; job: ReplayJobId; from: ConnectionId; to: ConnectionId; speed: number | null }
  | { type: 'controlReplay'; job: ReplayJobId; action: 'pause' | 'resume' | 'stop' }
  /**
   * Re-sends `from`'s sent messages to the live connection `to`, in order; gaps as recorded, or
   * each shortened to at most `maxGapMs` (0: back to back). Controlled like a replay.
   */
  | { type: 'resend'; job: ReplayJobId; from: ConnectionId; to: ConnectionId; maxGapMs: number | null }
  // --- Scenarios (issue 9): runs next to the runtime; see scenario-protocol.ts. ---
  | { type: 'runScenario'; run: ScenarioRunId; request: ScenarioRunRequest }
  | { type: 'cancelScenario'; run: ScenarioRunId }
  // --- end scenarios ---

export type Answer = {
  connect: ActionResult
  play: ActionResult
  disconnect: ActionResult
  send: ActionResult
  startSchedule: ScheduleStart
  stopSchedule: ActionResult
  setReading: ActionResult
  previewRetention: RetentionDrop[]
  frame: Frame | null
  frames: Frame[]
  compare: CompareAnswer
  importTraffic: TrafficImportAnswer
  /**
   * The frame for the detail pane: whole up to DETAIL_WHOLE_LIMIT_BYTES; above it, the head of its
   * payload (more than the pane ever shows) plus the whole payload as a Blob for Download, so a
   * 50 MB frame is never copied onto the page's main thread. `annotation`: its pin and note when
   * it has any, as they were when it was read.
   */
  detailFrame: { frame: Frame; whole: Blob | null; annotation?: Annotation } | null
  undoClear: ActionResult
  /** Event names seen on the connection (Socket.IO events, SSE types), in order of first sight. */
  eventNames: string[]
  /** With the codec's label, so the rule's words can name the protocol; null when the frame is gone. */
  likeRule: { rule: ExclusionRule; codecLabel: string | null } | null
  /** The codec's label and the types its reading of the newest frames found; null without a codec. */
  decodedTypes: { label: string; types: string[] } | null
  /** The frame read by the connection's codec, or null when it has none or the frame is not a message. */
  decode: { label: string; decoding: Decoding } | null
  annotate: ActionResult
  pinnedFrames: PinnedFrames
  annotations: [number, Annotation][]
  latencySeries: LatencyPoint[]
}

/** One pinned frame as the list shows it: never the payload, only the row's preview. */
export type PinnedFrame = { seq: number; id: number; at: number; tone: FrameTone; kind: Frame['kind']; preview: string; note: string }

export type PinnedFrames = { frames: PinnedFrame[]; droppedPinned: number }

export type ImportedRecording = { id: ConnectionId; name: string; url: string; transport: string; frames: number; warnings: string[] }

export type TrafficImportAnswer =
  | { ok: true; format: TrafficFormat; recordings: ImportedRecording[]; warnings: string[] }
  | { ok: false; message: string; details: string[] }

/** Where a run begins in a timeline: its position since the last clear, and how many clears there had been. */
export type RunStart = { seq: number; clears: number }

export type CompareAnswer = (RunComparison & { ok: true; lost: number }) | { ok: false; error: string }

export type HostEvent =
  /** The host is running: commands sent before this were queued, none lost. */
  | { type: 'ready' }
  | { type: 'changes'; changed: [ConnectionId, ConnectionSnapshot][]; removed: ConnectionId[]; windows: [ViewId, TimelineWindow][] }
  | { type: 'window'; view: ViewId; window: TimelineWindow }
  /** A merged view's window (issue 10): pushed when one of its connections changes, like `window`. */
  | { type: 'mergedWindow'; view: ViewId; window: MergedWindow }
  | { type: 'answer'; rid: RequestId; value: Answer[Query['type']] }
  | { type: 'exportProgress'; job: ExportJobId; done: number; total: number }
  | { type: 'exportDone'; job: ExportJobId; outcome: ExportOutcome }
  | { type: 'replayProgress'; job: ReplayJobId; progress: ReplayProgress }
  /** `start`: where the new run begins in the target's timeline (position since its last clear, and that clear's count). */
  | { type: 'resendProgress'; job: ReplayJobId; progress: ReplayProgress; start: RunStart }
  // --- Scenarios (issue 9) ---
  /** The latest report of every run that moved since the last one: at most one message per flush. */
  | { type: 'scenarioProgress'; reports: [ScenarioRunId, ScenarioReport][] }
  /** The run's final report (after the runtime's pending snapshots went out). */
  | { type: 'scenarioDone'; run: ScenarioRunId; report: ScenarioReport }
  // --- end scenarios ---
