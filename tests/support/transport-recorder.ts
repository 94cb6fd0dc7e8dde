import { createFrameIds, type ErrorFrame, type Frame, type MessageFrame, type NoticeFrame } from '../../src/engine/frame.ts'
import type { SessionStatus, Transport, TransportSession } from '../../src/engine/transport.ts'
import { waitFor } from './ws-server.ts'

/** Everything one transport session reported, for assertions. */
export type RecordedTransport = {
  session: TransportSession
  frames: Frame[]
  statuses: SessionStatus[]
  kinds: () => string[]
  messages: (direction?: 'in' | 'out') => MessageFrame[]
  errors: () => ErrorFrame[]
  notices: () => NoticeFrame[]
  waitForStatus: (status: SessionStatus, timeoutMs?: number) => Promise<void>
  waitForMessages: (count: number, direction?: 'in' | 'out', timeoutMs?: number) => Promise<MessageFrame[]>
  waitForFrame: (test: (frame: Frame) => boolean, what: string, timeoutMs?: number) => Promise<Frame>
}

const live: TransportSession[] = []

/** Disposes every session made by `recordTransport`; call in afterEach. */
export function disposeAllTransportSessions(): void {
  for (const session of live.splice(0)) session.dispose()
}

/** Checks the spec as the runtime would, then opens it with a recording sink. */
export function recordTransport<Spec>(transport: Transport<Spec>, spec: Spec, now: () => number = Date.now): RecordedTransport {
  const checked = transport.checkTarget(spec)
  if (!checked.ok) throw new Error(`checkTarget refused the spec: ${checked.error}`)
  const frames: Frame[] = []
  const statuses: SessionStatus[] = []
  const session = transport.open(
    checked.spec,
    { frame: (frame) => frames.push(frame), status: (status) => statuses.push(status) },
    { now, nextFrameId: createFrameIds() },
  )
  live.push(session)
  const messages = (direction?: 'in' | 'out') =>
    frames.filter((f): f is MessageFrame => f.kind === 'message' && (direction === undefined || f.direction === direction))
  return {
    session,
    frames,
    statuses,
    kinds: () => frames.map((f) => f.kind),
    messages,
    errors: () => frames.filter((f): f is ErrorFrame => f.kind === 'error'),
    notices: () => frames.filter((f): f is NoticeFrame => f.kind === 'notice'),
    waitForStatus: async (status, timeoutMs) => {
      await waitFor(() => session.status() === status, `status ${status} (now ${session.status()})`, timeoutMs)
    },
    waitForMessages: (count, direction, timeoutMs) =>
      waitFor(
        () => {
          const found = messages(direction)
          return found.length >= count ? found : undefined
        },
        `${count} ${direction ?? ''} messages`,
        timeoutMs,
      ),
    waitForFrame: (test, what, timeoutMs) => waitFor(() => frames.find(test), what, timeoutMs),
  }
}
