import type { SnapshotChanges } from '../engine/runtime/connection-runtime.ts'
import type { RuntimeClient } from '../engine/host/runtime-client.ts'
import { createWorkerClient, type WorkerLike } from '../engine/host/worker-client.ts'
import type { Connection, ConnectionId } from '../workspace/model.ts'
import { animationFrameSchedule } from './animation-frame-schedule.ts'
import { createAutomationSync, syncAutomation } from './automation-sync.ts'
import { forgetAllTimelineUi } from './timeline-ui.ts'
import { useSessionStore, type ConnectionRuntime } from './session-store.ts'
import { useWorkspaceStore, type WorkspaceState } from './workspace-store.ts'

/**
 * The store's side of the runtime: it tells the runtime what each connection is (from the
 * workspace), and mirrors the runtime's snapshots into `useSessionStore`, at most once per
 * runtime tick. Features never see the client; they call the actions in session-actions.ts.
 */
let client: RuntimeClient | null = null
let unbind: (() => void) | null = null

/**
 * Ids come from files and storage: assignment with an id such as "__proto__" would set the
 * object's prototype instead of adding an entry, so entries are defined as own properties.
 */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function applyChanges({ changed, removed }: SnapshotChanges): void {
  if (changed.size === 0 && removed.length === 0) return
  useSessionStore.setState((state) => {
    const runtimeById: Record<ConnectionId, ConnectionRuntime> = { ...state.runtimeById }
    for (const [id, snapshot] of changed) setOwn(runtimeById, id, snapshot)
    for (const id of removed) delete runtimeById[id]
    return { runtimeById }
  })
}

// The spec of a saved connection is pure workspace data: the headless runner builds it the same way.
export { configOf } from '../workspace/connection-config.ts'
import { configOf } from '../workspace/connection-config.ts'

type Known = { connection: Connection; timeout: number }

/** Pushes every connection whose settings changed (and removals) to the runtime. */
function syncConfigs(target: RuntimeClient, known: Map<ConnectionId, Known>, state: WorkspaceState): void {
  const seen = new Set<ConnectionId>()
  const timeout = state.preferences.connectTimeoutMs
  for (const workspace of state.workspaces) {
    for (const connection of workspace.connections) {
      seen.add(connection.id)
      const before = known.get(connection.id)
      if (before && before.connection === connection && before.timeout === timeout) continue
      known.set(connection.id, { connection, timeout })
      target.configure(connection.id, configOf(connection, state.preferences))
    }
  }
  for (const id of [...known.keys()]) {
    if (seen.has(id)) continue
    known.delete(id)
    target.configure(id, null)
  }
}

/** Connects a runtime client to the stores; the previous one (if any) is disposed. */
export function bindRuntime(next: RuntimeClient): RuntimeClient {
  unbindRuntime()
  client = next
  const known = new Map<ConnectionId, Known>()
  const stopChanges = next.onChange(applyChanges)
  const initial = useWorkspaceStore.getState()
  next.setRetention({ maxFrames: initial.preferences.maxFramesPerConnection, maxBytes: initial.preferences.maxBytesPerConnection })
  syncConfigs(next, known, initial)
  const automation = createAutomationSync()
  syncAutomation(next, automation, initial)
  // Settings also change without the user's Connect: another tab's edit, an import, storage read at
  // start-up. The runtime follows them all, so a retry uses the URL and limits the user sees.
  const stopWorkspace = useWorkspaceStore.subscribe((state, previous) => {
    if (state.workspaces !== previous.workspaces || state.preferences.connectTimeoutMs !== previous.preferences.connectTimeoutMs) {
      syncConfigs(next, known, state)
    }
    if (state.workspaces !== previous.workspaces) syncAutomation(next, automation, state)
    const a = state.preferences
    const b = previous.preferences
    if (a.maxFramesPerConnection !== b.maxFramesPerConnection || a.maxBytesPerConnection !== b.maxBytesPerConnection) {
      next.setRetention({ maxFrames: a.maxFramesPerConnection, maxBytes: a.maxBytesPerConnection })
    }
  })
  unbind = () => {
    stopChanges()
    stopWorkspace()
    next.dispose()
  }
  return next
}

/** Closes every connection of the bound runtime and forgets what the page showed of it. */
export function unbindRuntime(): void {
  unbind?.()
  unbind = null
  client = null
  useSessionStore.setState(useSessionStore.getInitialState(), true)
  forgetAllTimelineUi()
}

function startConnectionWorker(): WorkerLike {
  // This exact `new Worker(new URL(...), { type: 'module' })` form is what Vite bundles as a
  // separate chunk (https://vite.dev/guide/features#import-with-constructors).
  const worker = new Worker(new URL('../engine/host/worker-entry.ts', import.meta.url), { type: 'module', name: 'frameline-connections' })
  const adapter: WorkerLike = {
    postMessage: (command) => worker.postMessage(command),
    terminate: () => worker.terminate(),
    onmessage: null,
    onerror: null,
  }
  worker.onmessage = (event: MessageEvent) => adapter.onmessage?.({ data: event.data })
  worker.onerror = (event: ErrorEvent) => adapter.onerror?.({ message: event.message })
  return adapter
}

/**
 * The app's runtime: in a dedicated Worker, so that receiving, counting, searching and decoding
 * never compete with typing and scrolling. Where no Worker can start (a strict host, an old
 * browser), it runs on this thread and the app says so.
 */
export function startWorkerRuntime(): RuntimeClient {
  const started = createWorkerClient({
    createWorker: startConnectionWorker,
    fallback: async () => {
      const { browserTransports } = await import('../engine/host/default-transports.ts')
      return { transports: browserTransports(), schedule: animationFrameSchedule }
    },
    onFallback: (reason) => useSessionStore.setState({ workerFallback: reason }),
  })
  return bindRuntime(started)
}

/**
 * The bound runtime. main.tsx binds the Worker-hosted one before rendering; tests bind an
 * in-process one (tests/support/test-runtime.ts). Nothing creates a runtime here, so the page's
 * initial bundle does not carry one.
 */
export function runtimeClient(): RuntimeClient {
  if (!client) throw new Error('No connection runtime is bound: call startWorkerRuntime() (main.tsx) or bindRuntime() first.')
  return client
}
