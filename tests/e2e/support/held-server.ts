import type { AddressInfo } from 'node:net'
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws'

export type HeldServer = {
  port: number
  /** Resolves once the app's socket is connected. */
  connected: Promise<void>
  /** The connected client; throws if none has connected yet. */
  client: () => WebSocket
  close: () => Promise<void>
}

/**
 * A loopback `ws` server that sends nothing by itself: the spec decides when frames go out, so it
 * controls what the user has on screen while they arrive.
 */
export async function startHeldServer(options: Omit<ServerOptions, 'host' | 'port'> = {}): Promise<HeldServer> {
  const server = new WebSocketServer({ ...options, host: '127.0.0.1', port: 0 })
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
  return {
    port: (server.address() as AddressInfo).port,
    connected,
    client: () => {
      if (!socket) throw new Error('held server: no client connected yet')
      return socket
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => resolve())
      }),
  }
}
