import { createConnectionRuntime, type ConnectionRuntime, type RuntimeDeps } from '../runtime/connection-runtime.ts'
import type { Command, HostEvent } from './protocol.ts'
import { createClientCore, type RuntimeClient } from './runtime-client.ts'
import { createRuntimeServer } from './runtime-server.ts'

export type LocalHost = {
  post(command: Command): void
  close(): void
  readonly runtime: ConnectionRuntime
}

/** A runtime and its command server on this thread; events go to `receive` synchronously. */
export function createLocalHost(deps: RuntimeDeps, receive: (event: HostEvent) => void): LocalHost {
  const runtime = createConnectionRuntime(deps)
  const server = createRuntimeServer(runtime, (event) => receive(event))
  return {
    post: (command) => server.handle(command),
    close() {
      server.dispose()
      runtime.dispose()
    },
    runtime,
  }
}

export type InProcessClient = RuntimeClient & {
  /** The runtime itself: the headless runner and tests read its logs directly. */
  readonly runtime: ConnectionRuntime
}

/**
 * The runtime on this thread, behind the same client interface and the same command server as
 * the Worker host: used where no Worker exists (jsdom, Node). Events are delivered synchronously,
 * answers as resolved promises.
 */
export function createInProcessClient(deps: RuntimeDeps, reason: string | null = null): InProcessClient {
  let deliver: (event: HostEvent) => void = () => {}
  const local = createLocalHost(deps, (event) => deliver(event))
  const { client, receive } = createClientCore({
    post: local.post,
    host: () => ({ mode: 'in-process', reason }),
    close: local.close,
  })
  deliver = receive
  return Object.assign(client, { runtime: local.runtime })
}
