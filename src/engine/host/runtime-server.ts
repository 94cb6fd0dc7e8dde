import type { Codec } from '../codecs/codec.ts'
import { resolveCodec } from '../codecs/codecs.ts'
import type { ConnectionRuntime } from '../runtime/connection-runtime.ts'
import { createFrameLog } from '../frame-log.ts'
import { createPairIndex, type PairIndex } from '../view/pair-index.ts'
import { createTimelineWindowSource, type TimelineWindowSource, type WindowRequest } from '../view/timeline-window.ts'
import type { Answer, Command, HostEvent, Query, ViewId } from './protocol.ts'

export type PostEvent = (event: HostEvent, transfer?: Transferable[]) => void

export type RuntimeServer = {
  handle(command: Command): void
  dispose(): void
}

type OpenView = { connectionId: string; source: TimelineWindowSource; window: WindowRequest }

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
  return resolveCodec(config?.decoder ?? 'auto', runtime.snapshot(id).protocol, url)
}

export function createRuntimeServer(runtime: ConnectionRuntime, post: PostEvent): RuntimeServer {
  const views = new Map<ViewId, OpenView>()
  // One pairing per connection, shared by its views: pairs span the whole log, not one filter.
  const pairIndexes = new Map<string, PairIndex>()
  const pairsOf = (id: string): PairIndex => {
    let index = pairIndexes.get(id)
    if (!index) {
      index = createPairIndex(() => runtime.log(id) ?? EMPTY_LOG, () => codecOf(runtime, id))
      pairIndexes.set(id, index)
    }
    return index
  }
  const continuing = new Set<ViewId>()

  const sendWindow = (id: ViewId, view: OpenView) => {
    const window = view.source.read(view.window)
    post({ type: 'window', view: id, window })
    // A filter over a long history goes on in its own task, between incoming messages.
    if (window.scanning && !continuing.has(id)) {
      continuing.add(id)
      setTimeout(() => {
        continuing.delete(id)
        const still = views.get(id)
        if (still === view) sendWindow(id, view)
      }, 0)
    }
  }

  const stopChanges = runtime.onChange(({ changed, removed }) => {
    post({ type: 'changes', changed: [...changed], removed: [...removed] })
    for (const [id, view] of views) {
      if (changed.has(view.connectionId) || removed.includes(view.connectionId)) sendWindow(id, view)
    }
  })

  const answer = <T extends Query['type']>(query: Query & { type: T }, value: Answer[T]) => {
    post({ type: 'answer', rid: query.rid, value })
  }

  return {
    handle(command) {
      switch (command.type) {
        case 'configure':
          runtime.configure(command.id, command.config)
          // A new decoder changes what rows say: views of the connection read again.
          for (const [id, view] of views) if (view.connectionId === command.id) sendWindow(id, view)
          return
        case 'connect':
          return answer(command, runtime.connect(command.id))
        case 'play':
          return answer(command, runtime.play(command.id, command.frames, command.source))
        case 'disconnect':
          return answer(command, runtime.disconnect(command.id, command.code, command.reason))
        case 'send':
          return answer(command, runtime.send(command.id, command.payload))
        case 'cancelReconnect':
          return runtime.cancelReconnect(command.id)
        case 'clear':
          return runtime.clear(command.id)
        case 'forget':
          pairIndexes.delete(command.id)
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
        default:
          return assertNever(command)
      }
    },
    dispose() {
      stopChanges()
      views.clear()
    },
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown command: ${JSON.stringify(value)}`)
}
