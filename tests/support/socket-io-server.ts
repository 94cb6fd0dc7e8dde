import { createServer } from 'node:http'
import type { AddressInfo, Socket as NetSocket } from 'node:net'
import { Server, type Socket } from 'socket.io'

/**
 * A real Socket.IO 4 server on 127.0.0.1 for the engine tests. Namespace "/" echoes with an ack
 * and pushes on request; "/secure" refuses a connect whose auth token is not "letmein".
 */
export type TestSocketIoServer = {
  port: number
  url: string
  io: Server
  /** Every event the server received on "/", with its arguments (an ack callback is left out). */
  received: { event: string; args: unknown[]; socket: Socket }[]
  /** Query and auth each connection carried, in order. */
  handshakes: { query: Record<string, unknown>; auth: Record<string, unknown>; transport: string }[]
  close: () => Promise<void>
}

const servers = new Set<TestSocketIoServer>()

export async function closeAllSocketIoServers(): Promise<void> {
  const all = [...servers]
  servers.clear()
  await Promise.all(all.map((s) => s.close()))
}

export async function startSocketIoServer(options: { path?: string; port?: number } = {}): Promise<TestSocketIoServer> {
  const http = createServer()
  const sockets = new Set<NetSocket>()
  http.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  const io = new Server(http, { path: options.path ?? '/socket.io/', cors: { origin: '*' } })
  const received: TestSocketIoServer['received'] = []
  const handshakes: TestSocketIoServer['handshakes'] = []
  io.on('connection', (socket) => {
    handshakes.push({ query: { ...socket.handshake.query }, auth: { ...socket.handshake.auth }, transport: socket.conn.transport.name })
    socket.onAny((event: string, ...args: unknown[]) => {
      const last = args.at(-1)
      const ack = typeof last === 'function' ? (last as (...answer: unknown[]) => void) : undefined
      const values = ack ? args.slice(0, -1) : args
      received.push({ event, args: values, socket })
      if (event === 'echo' && ack) ack(...values)
      if (event === 'push') socket.emit('pushed', { n: 1 }, Buffer.from([0xde, 0xad]), 'three')
      if (event === 'kick') socket.disconnect(true)
      // 'slow' asks for an ack and never gets one.
    })
  })
  io.of('/secure').use((socket, next) => {
    if (socket.handshake.auth?.token === 'letmein') return next()
    const refusal = new Error('invalid token') as Error & { data?: unknown }
    refusal.data = { hint: 'send {"token":"letmein"}' }
    next(refusal)
  })
  io.of('/secure').on('connection', (socket) => socket.emit('welcome', socket.handshake.auth.token))
  await new Promise<void>((ready) => http.listen(options.port ?? 0, '127.0.0.1', ready))
  const port = (http.address() as AddressInfo).port
  const server: TestSocketIoServer = {
    port,
    url: `http://127.0.0.1:${port}`,
    io,
    received,
    handshakes,
    close: async () => {
      servers.delete(server)
      // Abrupt, as a crash looks to clients: TCP drops without Socket.IO's disconnect packet.
      for (const s of sockets) s.destroy()
      await new Promise<void>((done) => void io.close(() => done()))
    },
  }
  servers.add(server)
  return server
}
