/// <reference lib="webworker" />
import { createConnectionRuntime } from '../runtime/connection-runtime.ts'
import { browserTransports, timerSchedule } from './default-transports.ts'
import type { Command, HostEvent } from './protocol.ts'
import { createRuntimeServer } from './runtime-server.ts'

/** The dedicated Worker's side: one runtime, one command server, messages in and out. */
type WorkerScope = {
  postMessage(message: HostEvent, transfer: Transferable[]): void
  onmessage: ((event: MessageEvent<Command>) => void) | null
}

const scope = self as unknown as WorkerScope
const runtime = createConnectionRuntime({ transports: browserTransports(), schedule: timerSchedule })
const server = createRuntimeServer(runtime, (event, transfer) => scope.postMessage(event, transfer ?? []))
scope.onmessage = (event) => server.handle(event.data)
scope.postMessage({ type: 'ready' }, [])
