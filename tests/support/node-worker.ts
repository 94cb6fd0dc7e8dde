import { Worker } from 'node:worker_threads'
import type { WorkerLike } from '../../src/engine/host/worker-client.ts'

/** The connection Worker as a Node worker thread (node-worker-host.ts runs the real worker entry's server). */
export function nodeWorker(): WorkerLike {
  const worker = new Worker(new URL('./node-worker-bootstrap.mjs', import.meta.url))
  const adapter: WorkerLike = {
    postMessage: (command) => worker.postMessage(command),
    terminate: () => void worker.terminate(),
    onmessage: null,
    onerror: null,
  }
  worker.on('message', (data) => adapter.onmessage?.({ data }))
  worker.on('error', (error) => adapter.onerror?.({ message: error.message }))
  return adapter
}
