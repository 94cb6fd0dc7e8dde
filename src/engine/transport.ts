import type { Frame, FrameId, Payload } from './frame.ts'

/** What a session is doing now. Every transport reports the same four states. */
export type SessionStatus = 'connecting' | 'open' | 'closing' | 'closed'

export type ActionResult = { ok: true; note?: string } | { ok: false; error: string }

/** What a transport can do; the UI shows only the fields and actions a transport supports. */
export type Capabilities = {
  /** The user can send messages. */
  readonly send: boolean
  /** Messages can be binary. */
  readonly binary: boolean
  /** Disconnect takes a close code and reason. */
  readonly closeCode: boolean
  /** Subprotocols can be requested at connect. */
  readonly subprotocols: boolean
  /** The transport reconnects on its own: the runtime's automatic reconnect must stay out of its way. */
  readonly reconnectsItself: boolean
  /** Reading can be paused and slowed (setReading): the server then feels real backpressure. */
  readonly readControl: boolean
}

/** How the user wants a session to read: paused, and/or a delay after every received message. */
export type ReadControl = { paused: boolean; delayMs: number }

/** How a session reads now: what the header shows ("reading paused for 12 s") and the runtime keeps. */
export type ReadingState = {
  paused: boolean
  /** When the current pause began (the session's clock), or null while reading. */
  pausedSince: number | null
  /** Milliseconds spent paused in earlier pauses of this session. */
  pausedTotalMs: number
  delayMs: number
}

/** Where a session reports: frames for the timeline, status for the header, backlog for the meter. */
export type FrameSink = {
  frame(frame: Frame): void
  status(status: SessionStatus): void
  /** Bytes accepted by send() that have not left this process yet. */
  buffered?(bytes: number): void
  /** The read state changed (transports with readControl only). */
  reading?(state: ReadingState): void
}

/** What a session needs from its host: a clock and frame ids, both per runtime. */
export type TransportDeps = {
  now(): number
  nextFrameId(): FrameId
}

export type TransportSession = {
  readonly status: () => SessionStatus
  /** The negotiated subprotocol and extensions, where the transport has them (else ''). */
  readonly protocol: () => string
  readonly extensions: () => string
  send(payload: Payload): ActionResult
  close(code?: number, reason?: string): ActionResult
  /** Pauses, resumes or slows reading; present only where the transport's capabilities say readControl. */
  setReading?(control: ReadControl): ActionResult
  /** Stops listening for good: late events are ignored and no more frames are reported. */
  dispose(): void
}

export type TargetCheck<Spec> = { ok: true; spec: Spec } | { ok: false; error: string }

/**
 * One way of talking to a server. The runtime owns lifecycle, recording, counters and reconnect;
 * a transport only turns its protocol into frames and statuses.
 */
export type Transport<Spec> = {
  readonly kind: string
  readonly capabilities: Capabilities
  /** Validates and normalizes a target before anything is opened; the error is shown as is. */
  checkTarget(spec: Spec): TargetCheck<Spec>
  open(spec: Spec, sink: FrameSink, deps: TransportDeps): TransportSession
}
