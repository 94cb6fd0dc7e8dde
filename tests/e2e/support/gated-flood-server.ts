import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { sendFlood } from '../../../src/demo-server/demo-server.ts'

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
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  let socket: WebSocket | undefined
  let onConnected: () => void = () => undefined
  const connected = new Promise<void>((resolve) => (onConnected = resolve))
  server.on('connection', (ws) => {
    socket = ws
    onConnected()
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/demo/flood?count=${count}&size=${size}`,
    connected,
    release: () => {
      if (!socket) throw new Error('startGatedFlood: no client connected yet')
      sendFlood(socket, count, size)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      }),
  }
}
