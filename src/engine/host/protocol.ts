/**
 * The typed messages between the page and the runtime's host (a dedicated Worker, or the same
 * thread). Commands go in; change notifications, view windows and answers come out. Everything
 * here survives structured cloning: plain data, strings and ArrayBuffers only.
 */
import type { Decoding } from '../codecs/codec.ts'
import type { Frame, FrameInput, Payload } from '../frame.ts'
import type { RetentionLimits } from '../frame-log.ts'
import type { ConnectionConfig, ConnectionId, RetentionDrop } from '../runtime/connection-runtime.ts'
import type { ConnectionSnapshot } from '../runtime/connection-snapshot.ts'
import type { ActionResult } from '../transport.ts'
import type { FrameFilter } from '../view/frame-view.ts'
import type { TimelineWindow, WindowRequest } from '../view/timeline-window.ts'

export type ViewId = number
export type RequestId = number

/** Commands that answer (`rid` names the answer). */
export type Query =
  | { type: 'connect'; rid: RequestId; id: ConnectionId }
  | { type: 'play'; rid: RequestId; id: ConnectionId; frames: readonly FrameInput[]; source?: string }
  | { type: 'disconnect'; rid: RequestId; id: ConnectionId; code?: number; reason?: string }
  | { type: 'send'; rid: RequestId; id: ConnectionId; payload: Payload }
  | { type: 'previewRetention'; rid: RequestId; limits: RetentionLimits }
  | { type: 'frame'; rid: RequestId; id: ConnectionId; seq: number }
  | { type: 'frames'; rid: RequestId; id: ConnectionId }
  | { type: 'decode'; rid: RequestId; id: ConnectionId; seq: number }

export type Command =
  | Query
  | { type: 'configure'; id: ConnectionId; config: ConnectionConfig | null }
  | { type: 'cancelReconnect'; id: ConnectionId }
  | { type: 'clear'; id: ConnectionId }
  | { type: 'forget'; id: ConnectionId }
  | { type: 'setRetention'; limits: RetentionLimits }
  | { type: 'openView'; view: ViewId; id: ConnectionId; filter: FrameFilter; window: WindowRequest }
  | { type: 'setWindow'; view: ViewId; window: WindowRequest }
  | { type: 'closeView'; view: ViewId }

export type Answer = {
  connect: ActionResult
  play: ActionResult
  disconnect: ActionResult
  send: ActionResult
  previewRetention: RetentionDrop[]
  frame: Frame | null
  frames: Frame[]
  /** The frame read by the connection's codec, or null when it has none or the frame is not a message. */
  decode: { label: string; decoding: Decoding } | null
}

export type HostEvent =
  /** The host is running: commands sent before this were queued, none lost. */
  | { type: 'ready' }
  | { type: 'changes'; changed: [ConnectionId, ConnectionSnapshot][]; removed: ConnectionId[] }
  | { type: 'window'; view: ViewId; window: TimelineWindow }
  | { type: 'answer'; rid: RequestId; value: Answer[Query['type']] }
