import type { RuntimeDeps } from '../runtime/connection-runtime.ts'
import type { LocalHost } from './in-process-client.ts'
import type { Command, HostEvent } from './protocol.ts'
import { createClientCore, type HostInfo, type RuntimeClient } from './runtime-client.ts'

/** How long a Worker may take to say it runs before the runtime starts on this thread instead. */
export const WORKER_READY_TIMEOUT_MS = 5_000

/** The part of a Worker this client uses; a real `Worker`, or a test double over a MessagePort. */
export type WorkerLike = {
  postMessage(message: Command): void
  terminate(): void
  onmessage: ((event: { data: HostEvent }) => void) | null
  onerror: ((event: { message?: string }) => void) | null
}

export type WorkerClientOptions = {
  /** Throws, or reports an error, where Workers are not allowed (a strict host, an old browser). */
  createWorker: () => WorkerLike
  /** Dependencies of the in-process runtime used when the Worker cannot start. */
  fallback: () => RuntimeDeps | Promise<RuntimeDeps>
  readyTimeoutMs?: number
  /** Told once when the runtime had to start on this thread instead, with why. */
  onFallback?: (reason: string) => void
}

/**
 * The runtime in a dedicated Worker. Commands sent before the Worker reports `ready` are kept;
 * if it fails to start they are replayed into an in-process runtime, so nothing the user did is
 * lost and the app says where its connections run.
 */
export function createWorkerClient(options: WorkerClientOptions): RuntimeClient {
  let host: HostInfo = { mode: 'worker' }
  let worker: WorkerLike | null = null
  let ready = false
  let beforeReady: Command[] = []
  let local: LocalHost | null = null
  let timer: ReturnType<typeof setTimeout> | undefined

  // eslint-disable-next-line prefer-const
  let core: ReturnType<typeof createClientCore>

  let fallingBack = false
  const fallBack = (reason: string) => {
    if (local || fallingBack) return
    fallingBack = true
    clearTimeout(timer)
    worker?.terminate()
    worker = null
    host = { mode: 'in-process', reason }
    // Loaded only when needed: the runtime and its transports are the Worker's code, and the page's
    // initial bundle stays without them (bench: about 17 kB gzip). Commands wait in `beforeReady`.
    void Promise.all([import('./in-process-client.ts'), options.fallback()]).then(([{ createLocalHost }, deps]) => {
      const localHost = createLocalHost(deps, (event) => core.receive(event))
      local = localHost
      for (const command of beforeReady) localHost.post(command)
      beforeReady = []
      options.onFallback?.(reason)
    })
  }

  core = createClientCore({
    post(command) {
      if (local) return local.post(command)
      if (!ready) beforeReady.push(command)
      worker?.postMessage(command)
    },
    host: () => host,
    close() {
      clearTimeout(timer)
      worker?.terminate()
      local?.close()
    },
  })

  try {
    worker = options.createWorker()
    worker.onmessage = (event) => {
      if (event.data.type === 'ready') {
        ready = true
        beforeReady = []
        clearTimeout(timer)
      }
      core.receive(event.data)
    }
    worker.onerror = (event) => {
      if (!ready) fallBack(`the connection worker failed to start (${event.message || 'no detail given'})`)
    }
    timer = setTimeout(() => {
      if (!ready) fallBack(`the connection worker did not start within ${WORKER_READY_TIMEOUT_MS / 1000} s`)
    }, options.readyTimeoutMs ?? WORKER_READY_TIMEOUT_MS)
  } catch (thrown) {
    fallBack(`this page may not start workers (${thrown instanceof Error ? thrown.message : String(thrown)})`)
  }
  return core.client
}
