import { sendFlood } from '../../../src/demo-server/demo-server.ts'
import { startHeldServer } from './held-server.ts'

export type GatedFlood = {
  /** ws://127.0.0.1:<port>/demo/flood?count=…&size=… */
  url: string
  /** Resolves once the app's socket is connected. */
  connected: Promise<void>
  /** Starts the flood: the demo server's own generator, the same frames as /demo/flood. */
  release: () => void
  close: () => Promise<void>
}

/**
 * The demo server's /demo/flood starts sending the moment the handshake completes, so a spec
 * cannot be sure which connection the user had on screen while the frames arrived. This one waits
 * for `release()`: the spec connects, shows another connection, then lets the flood go.
 */
export async function startGatedFlood(count: number, size: number): Promise<GatedFlood> {
  const held = await startHeldServer()
  return {
    url: `ws://127.0.0.1:${held.port}/demo/flood?count=${count}&size=${size}`,
    connected: held.connected,
    release: () => sendFlood(held.client(), count, size),
    close: held.close,
  }
}
