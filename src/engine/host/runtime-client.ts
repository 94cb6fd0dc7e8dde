import type { Frame, FrameInput, Payload } from '../frame.ts'
import type { RetentionLimits } from '../frame-log.ts'
import type { ConnectionConfig, ConnectionId, RetentionDrop, SnapshotChanges } from '../runtime/connection-runtime.ts'
import type { ActionResult } from '../transport.ts'
import type { FrameFilter } from '../view/frame-view.ts'
import type { TimelineWindow, WindowRequest } from '../view/timeline-window.ts'
import type { Answer, Command, HostEvent, Query, RequestId, ViewId } from './protocol.ts'

export type TimelineViewHandle = {
  setWindow(window: WindowRequest): void
  close(): void
}

/** Where the runtime runs, and why, so the app can say so when it is not where it should be. */
export type HostInfo = { mode: 'worker' } | { mode: 'in-process'; reason: string | null }

/** The page's handle on a runtime, the same whether it runs in a Worker or on this thread. */
export type RuntimeClient = {
  host(): HostInfo
  configure(id: ConnectionId, config: ConnectionConfig | null): void
  connect(id: ConnectionId): Promise<ActionResult>
  play(id: ConnectionId, frames: readonly FrameInput[], source?: string): Promise<ActionResult>
  disconnect(id: ConnectionId, code?: number, reason?: string): Promise<ActionResult>
  cancelReconnect(id: ConnectionId): void
  send(id: ConnectionId, payload: Payload): Promise<ActionResult>
  clear(id: ConnectionId): void
  forget(id: ConnectionId): void
  setRetention(limits: RetentionLimits): void
  previewRetention(limits: RetentionLimits): Promise<RetentionDrop[]>
  /** One frame, by its position since the last clear; null once dropped or cleared. */
  frame(id: ConnectionId, seq: number): Promise<Frame | null>
  /** Every retained frame (exports); allocates a copy of the log. */
  frames(id: ConnectionId): Promise<Frame[]>
  /** One frame as the connection's codec reads it (for the detail pane); decoding runs next to the log. */
  decode(id: ConnectionId, seq: number): Promise<Answer['decode']>
  openView(id: ConnectionId, filter: FrameFilter, window: WindowRequest, onWindow: (window: TimelineWindow) => void): TimelineViewHandle
  onChange(listener: (changes: SnapshotChanges) => void): () => void
  dispose(): void
}

export type CommandChannel = {
  post(command: Command): void
  host(): HostInfo
  close(): void
}

/**
 * The part of a client that does not depend on where the runtime runs: request ids and their
 * promises, view and change listeners. `receive` takes every HostEvent the host posts.
 */
export function createClientCore(channel: CommandChannel): { client: RuntimeClient; receive: (event: HostEvent) => void } {
  let nextRequest: RequestId = 0
  let nextView: ViewId = 0
  const waiting = new Map<RequestId, (value: never) => void>()
  const views = new Map<ViewId, (window: TimelineWindow) => void>()
  const changeListeners = new Set<(changes: SnapshotChanges) => void>()

  const ask = <T extends Query['type']>(query: DistributiveOmitRid<Query & { type: T }>): Promise<Answer[T]> =>
    new Promise<Answer[T]>((resolve) => {
      nextRequest += 1
      waiting.set(nextRequest, resolve as (value: never) => void)
      channel.post({ ...query, rid: nextRequest } as Query)
    })

  const receive = (event: HostEvent) => {
    switch (event.type) {
      case 'ready':
        return
      case 'changes': {
        const changes: SnapshotChanges = { changed: new Map(event.changed), removed: event.removed }
        for (const listener of changeListeners) listener(changes)
        return
      }
      case 'window':
        views.get(event.view)?.(event.window)
        return
      case 'answer': {
        const resolve = waiting.get(event.rid)
        waiting.delete(event.rid)
        resolve?.(event.value as never)
        return
      }
    }
  }

  const client: RuntimeClient = {
    host: () => channel.host(),
    configure: (id, config) => channel.post({ type: 'configure', id, config }),
    connect: (id) => ask<'connect'>({ type: 'connect', id }),
    play: (id, frames, source) => ask<'play'>({ type: 'play', id, frames, ...(source === undefined ? {} : { source }) }),
    disconnect: (id, code, reason) =>
      ask<'disconnect'>({ type: 'disconnect', id, ...(code === undefined ? {} : { code }), ...(reason === undefined ? {} : { reason }) }),
    cancelReconnect: (id) => channel.post({ type: 'cancelReconnect', id }),
    send: (id, payload) => ask<'send'>({ type: 'send', id, payload }),
    clear: (id) => channel.post({ type: 'clear', id }),
    forget: (id) => channel.post({ type: 'forget', id }),
    setRetention: (limits) => channel.post({ type: 'setRetention', limits }),
    previewRetention: (limits) => ask<'previewRetention'>({ type: 'previewRetention', limits }),
    frame: (id, seq) => ask<'frame'>({ type: 'frame', id, seq }),
    frames: (id) => ask<'frames'>({ type: 'frames', id }),
    decode: (id, seq) => ask<'decode'>({ type: 'decode', id, seq }),
    openView(id, filter, window, onWindow) {
      nextView += 1
      const view = nextView
      views.set(view, onWindow)
      channel.post({ type: 'openView', view, id, filter, window })
      return {
        setWindow: (next) => {
          if (views.has(view)) channel.post({ type: 'setWindow', view, window: next })
        },
        close: () => {
          if (!views.delete(view)) return
          channel.post({ type: 'closeView', view })
        },
      }
    },
    onChange(listener) {
      changeListeners.add(listener)
      return () => {
        changeListeners.delete(listener)
      }
    },
    dispose() {
      views.clear()
      changeListeners.clear()
      channel.close()
    },
  }
  return { client, receive }
}

type DistributiveOmitRid<T> = T extends unknown ? Omit<T, 'rid'> : never
