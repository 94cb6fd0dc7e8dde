/**
 * The timeline vocabulary. Every socket event becomes one immutable Frame; the UI renders frames,
 * it never sees a socket. Text payloads are kept exactly as they came over the wire: any
 * pretty-printing happens in the view.
 */

/** Numeric, process-wide, strictly increasing: a stable React key that costs no string per frame. */
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
  readonly protocol: string
  readonly extensions: string
}

export type MessageFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'message'
  readonly direction: Direction
  readonly payload: Payload
  /** Bytes on the wire: UTF-8 length for text, byteLength for binary. */
  readonly size: number
}

/** Something the connection reports in words: a failure, or with `severity: 'info'` a notice. */
export type ErrorFrame = {
  readonly id: FrameId
  readonly at: number
  readonly kind: 'error'
  readonly message: string
  /**
   * 'info': not a failure, e.g. an automatic retry scheduled or cancelled; shown as a connection
   * event. Absent means an error. An optional field rather than a new kind, so every reader of
   * existing timelines and files (exhaustive switches, the file format) stays valid.
   */
  readonly severity?: 'info'
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

export type Frame = ConnectingFrame | OpenFrame | MessageFrame | ErrorFrame | CloseFrame

export type FrameKind = Frame['kind']

let lastFrameId = 0

export function nextFrameId(): FrameId {
  lastFrameId += 1
  return lastFrameId
}

/** A frame that only informs: a notice, not an error. */
export function isNotice(frame: Frame): boolean {
  return frame.kind === 'error' && frame.severity === 'info'
}

export function isBinaryPayload(payload: Payload): payload is ArrayBuffer {
  return typeof payload !== 'string'
}

/** Bytes a frame holds for retention accounting: payload bytes for messages, 0 for events. */
export function frameSize(frame: Frame): number {
  return frame.kind === 'message' ? frame.size : 0
}
