/**
 * The timeline vocabulary. Every transport event becomes one immutable Frame; the UI renders frames,
 * it never sees a socket. Text payloads are kept exactly as they came over the wire: any
 * pretty-printing happens in the view.
 *
 * A common core (id, time, kind) is shared by every transport. What only one transport knows goes
 * in `detail` (a union tagged by transport), so a new transport adds a variant there and every
 * exhaustive switch over `kind` stays valid.
 */

/** Numeric, strictly increasing per runtime: a stable React key that costs no string per frame. */
export type FrameId = number

export type Direction = 'in' | 'out'

/** Text as received, or the raw bytes of a binary message. */
export type Payload = string | ArrayBuffer

export type ConnectingFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'connecting'
  readonly url: string
  readonly protocols: readonly string[]
}

export type OpenFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'open'
  /** The negotiated subprotocol; '' when none was (or the transport has no such notion). */
  readonly protocol: string
  readonly extensions: string
}

/** Played back from a list (a recording, an import, a test script): where it sat in that list. */
export type ListDetail = { readonly transport: 'list'; readonly index: number }

/**
 * One Socket.IO argument as it travelled: JSON text (binary nested inside it appears as
 * {"$binary":"<hex>"}), or the bytes of a top-level binary argument.
 */
export type SocketIoArg = { readonly type: 'json'; readonly json: string } | { readonly type: 'binary'; readonly bytes: ArrayBuffer }

/**
 * A Socket.IO event. `ackId` numbers an emit that asked for an ack; its answer is an incoming
 * frame with `ackOf` set to that number and the round trip in milliseconds.
 */
export type SocketIoDetail = {
  readonly transport: 'socket.io'
  readonly event: string
  readonly args: readonly SocketIoArg[]
  readonly ackId?: number
  readonly ackOf?: number
  readonly roundTripMs?: number
}

/** One Server-Sent Event: its type ('message' when none was named), last event id and any retry it set. */
export type SseDetail = {
  readonly transport: 'sse'
  readonly event: string
  readonly id: string
  readonly retry?: number
}

/** Transport-specific facts about a message, tagged by transport. */
export type MessageDetail = ListDetail | SocketIoDetail | SseDetail

/** What sent a message by itself, rather than the user: set on out frames only, absent for the user's sends. */
export type FrameOrigin = 'auto-responder' | 'heartbeat' | 'on-open' | 'schedule' | 'scenario'

export const FRAME_ORIGINS: readonly FrameOrigin[] = ['auto-responder', 'heartbeat', 'on-open', 'schedule', 'scenario']

export type MessageFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'message'
  readonly direction: Direction
  readonly payload: Payload
  /** Bytes on the wire: UTF-8 length for text, byteLength for binary. */
  readonly size: number
  readonly detail?: MessageDetail
  /** Sent by automation, not typed: the timeline marks it (absent: the user sent it, or it came in). */
  readonly origin?: FrameOrigin
  /** The rule or scenario that sent it, where there is one ("auto · <name>"). */
  readonly originName?: string
}

/** Something went wrong, in words a user can act on. */
export type ErrorFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'error'
  readonly message: string
}

/** Something the connection reports that is not a failure, e.g. an automatic retry scheduled. */
export type NoticeFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'notice'
  readonly message: string
}

export type CloseFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'close'
  readonly code: number
  readonly reason: string
  readonly wasClean: boolean
  /** What the code means (RFC 6455 section 7.4 / IANA registry), in words a user can act on. */
  readonly meaning: string
}

export type Frame = ConnectingFrame | OpenFrame | MessageFrame | ErrorFrame | NoticeFrame | CloseFrame

export type FrameKind = Frame['kind']

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

/** A frame before the runtime numbered it: what a list transport plays and what imports produce. */
export type FrameInput = WithoutId<Frame>

/** Hands out the ids of one runtime. Per runtime, not per process, so two runtimes never interfere. */
export function createFrameIds(): () => FrameId {
  let last = 0
  return () => {
    last += 1
    return last
  }
}

export function isBinaryPayload(payload: Payload): payload is ArrayBuffer {
  return typeof payload !== 'string'
}

/** Bytes a frame holds for retention accounting: payload bytes for messages, 0 for events. */
export function frameSize(frame: Frame): number {
  return frame.kind === 'message' ? frame.size : 0
}
