import { TRANSPORT_CAPABILITIES } from '../capabilities.ts'
import type { Frame, FrameInput } from '../../frame.ts'
import type { ActionResult, SessionStatus, Transport } from '../../transport.ts'
import { utf8ByteLength } from '../../utf8.ts'
import { describeCloseCode } from '../websocket/close-codes.ts'

export type ListSpec = {
  readonly transport: 'list'
  /** Played in order, each with a fresh id; times are kept as recorded. */
  readonly frames: readonly FrameInput[]
  /** What the connecting frame names as the source (a file name, "recording"). */
  readonly source?: string
}

/**
 * Plays frames from a list, as if a server had produced them: the contract's second transport, and
 * the base of replay and imported recordings. Everything is played when the session opens; the
 * session then stays open, and what is sent to it is recorded as sent (nothing answers).
 */
export function createListTransport(): Transport<ListSpec> {
  return {
    kind: 'list',
    capabilities: TRANSPORT_CAPABILITIES['list'],
    checkTarget(spec) {
      return Array.isArray(spec.frames) ? { ok: true, spec } : { ok: false, error: 'Nothing to play: the list of frames is missing.' }
    },
    open(spec, sink, deps) {
      let status: SessionStatus = 'open'
      let disposed = false
      const emit = (frame: Frame) => {
        if (!disposed) sink.frame(frame)
      }
      const setStatus = (next: SessionStatus) => {
        status = next
        if (!disposed) sink.status(next)
      }
      sink.status('open')
      spec.frames.forEach((input, index) => {
        if (disposed) return
        emit(input.kind === 'message' ? { ...input, id: deps.nextFrameId(), detail: { transport: 'list', index } } : ({ ...input, id: deps.nextFrameId() } as Frame))
      })
      return {
        status: () => status,
        protocol: () => '',
        extensions: () => '',
        send(payload): ActionResult {
          if (status !== 'open') return { ok: false, error: 'Not sent: the connection is not open.' }
          const size = typeof payload === 'string' ? utf8ByteLength(payload) : payload.byteLength
          emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'message', direction: 'out', payload, size })
          return { ok: true }
        },
        close(code = 1000, reason = ''): ActionResult {
          if (status !== 'open') return { ok: true }
          emit({ id: deps.nextFrameId(), at: deps.now(), kind: 'close', code, reason, wasClean: true, meaning: describeCloseCode(code) })
          setStatus('closed')
          return { ok: true }
        },
        dispose() {
          disposed = true
          status = 'closed'
        },
      }
    },
  }
}
