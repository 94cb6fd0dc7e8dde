import type { Frame, FrameInput } from '../../src/engine/frame.ts'
import type { Schedule } from '../../src/engine/flush-scheduler.ts'
import { createInProcessClient, type InProcessClient } from '../../src/engine/host/in-process-client.ts'
import type { ReconnectTiming } from '../../src/engine/reconnect-policy.ts'
import { createListTransport } from '../../src/engine/transports/list/list-transport.ts'
import type { CreateSocket } from '../../src/engine/transports/websocket/socket-session.ts'
import { createWebSocketTransport } from '../../src/engine/transports/websocket/websocket-transport.ts'
import { bindRuntime } from '../../src/store/runtime-binding.ts'

export type TestRuntimeOptions = {
  /** A `ws` client for Node tests (createNodeSocket), or a fake. */
  createSocket?: CreateSocket
  /**
   * When batches are announced. A manual schedule (`(run) => pending.push(run)`) makes each test
   * decide every tick; then the flood throttle does not delay it further either.
   */
  schedule?: Schedule
  now?: () => number
  reconnectTiming?: ReconnectTiming
  random?: () => number
}

/**
 * Builds an in-process runtime with the given dependencies and binds it to the stores, as
 * main.tsx binds the Worker-hosted one. Returns the client, whose `runtime` tests may inspect.
 * tests/setup.ts unbinds it after every test.
 */
export function installTestRuntime(options: TestRuntimeOptions = {}): InProcessClient {
  const client = createInProcessClient({
    transports: [createWebSocketTransport(options.createSocket ? { createSocket: options.createSocket } : {}), createListTransport()],
    schedule: options.schedule ?? ((run) => void setTimeout(run, 0)),
    ...(options.schedule ? { delay: (run: () => void) => run() } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.reconnectTiming ? { reconnectTiming: options.reconnectTiming } : {}),
    ...(options.random ? { random: options.random } : {}),
  })
  bindRuntime(client)
  return client
}

/** Frames as a test writes them (ids are the runtime's business). */
export function withoutIds(frames: readonly (Frame | FrameInput)[]): FrameInput[] {
  return frames.map((frame) => {
    const { id: _id, ...rest } = frame as Frame
    return rest as FrameInput
  })
}

/** Plays frames into a connection's timeline through the list transport and announces them now. */
export function playNow(client: InProcessClient, id: string, frames: readonly (Frame | FrameInput)[]): void {
  const result = client.runtime.play(id, withoutIds(frames))
  if (!result.ok) throw new Error(result.error)
  client.runtime.flush()
}
