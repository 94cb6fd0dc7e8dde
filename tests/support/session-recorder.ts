import { createFrameIds, type CloseFrame, type ErrorFrame, type Frame, type MessageFrame, type OpenFrame } from '../../src/engine/frame.ts'
import {
  createSocketSession,
  type SessionStatus,
  type SocketSession,
  type SocketSessionOptions,
} from '../../src/engine/transports/websocket/socket-session.ts'
import { createNodeSocket, waitFor } from './ws-server.ts'

/** Everything one engine session reported, for assertions. */
export type RecordedSession = {
  session: SocketSession
  frames: Frame[]
  statuses: SessionStatus[]
  buffered: number[]
  kinds: () => string[]
  messages: (direction?: 'in' | 'out') => MessageFrame[]
  errors: () => ErrorFrame[]
  open: () => OpenFrame | undefined
  closeFrame: () => CloseFrame | undefined
  waitForStatus: (status: SessionStatus, timeoutMs?: number) => Promise<void>
  waitForMessages: (count: number, direction?: 'in' | 'out', timeoutMs?: number) => Promise<MessageFrame[]>
}

const live: SocketSession[] = []

/** Disposes every session made by `recordSession`; call in afterEach. */
export function disposeAllSessions(): void {
  for (const session of live.splice(0)) session.dispose()
}

export function recordSession(options: Omit<SocketSessionOptions, 'sink' | 'nextFrameId'>): RecordedSession {
  const frames: Frame[] = []
  const statuses: SessionStatus[] = []
  const buffered: number[] = []
  const session = createSocketSession({
    createSocket: createNodeSocket,
    nextFrameId: createFrameIds(),
    ...options,
    sink: {
      frame: (frame) => frames.push(frame),
      status: (status) => statuses.push(status),
      buffered: (bytes) => buffered.push(bytes),
    },
  })
  live.push(session)
  const messages = (direction?: 'in' | 'out') =>
    frames.filter((f): f is MessageFrame => f.kind === 'message' && (direction === undefined || f.direction === direction))
  return {
    session,
    frames,
    statuses,
    buffered,
    kinds: () => frames.map((f) => f.kind),
    messages,
    errors: () => frames.filter((f): f is ErrorFrame => f.kind === 'error'),
    open: () => frames.find((f): f is OpenFrame => f.kind === 'open'),
    closeFrame: () => frames.find((f): f is CloseFrame => f.kind === 'close'),
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
  }
}

export function bytesOf(payload: string | ArrayBuffer): number[] {
  if (typeof payload === 'string') throw new Error(`expected binary, got text ${JSON.stringify(payload.slice(0, 40))}`)
  return [...new Uint8Array(payload)]
}
