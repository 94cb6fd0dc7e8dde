import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { WebSocket, WebSocketServer, type RawData, type ServerOptions } from 'ws'
import type { CreateSocket, WebSocketLike } from '../../src/engine/transports/websocket/socket-session.ts'

/**
 * Real servers on 127.0.0.1 port 0 for engine tests, with scripted behaviours. Every server
 * started here is remembered; call `closeAllServers()` in afterEach so none outlives its test.
 */

type Closable = () => Promise<void>
const open = new Set<Closable>()

export async function closeAllServers(): Promise<void> {
  const closers = [...open]
  open.clear()
  await Promise.all(closers.map((close) => close()))
}

function track(close: Closable): Closable {
  const once: Closable = async () => {
    open.delete(once)
    await close()
  }
  open.add(once)
  return once
}

/** The engine's seam, filled with the `ws` package's client (it has the browser's event API). */
export const createNodeSocket: CreateSocket = (url, protocols) =>
  new WebSocket(url, [...protocols]) as unknown as WebSocketLike

export type ReceivedMessage = { data: Buffer; isBinary: boolean; text: string }
export type ServerClose = { code: number; reason: string }

export type TestWsServer = {
  port: number
  url: (path?: string) => string
  wss: WebSocketServer
  /** Server-side sockets, in connection order. */
  clients: WebSocket[]
  /** Every message the server received, in order. */
  received: ReceivedMessage[]
  /** Close frames the server received from clients. */
  closes: ServerClose[]
  /** Subprotocols each client offered, in connection order. */
  offered: string[][]
  close: Closable
}

export type TestWsServerOptions = {
  /** Echo every message back (text as text, binary as binary). Default true. */
  echo?: boolean
  handleProtocols?: ServerOptions['handleProtocols']
  verifyClient?: ServerOptions['verifyClient']
  onConnection?: (socket: WebSocket, request: IncomingMessage) => void
  /** Listen on this port instead of a free one: restarts a killed server where clients expect it. */
  port?: number
}

export async function startWsServer(options: TestWsServerOptions = {}): Promise<TestWsServer> {
  const http = createHttpServer()
  const wss = new WebSocketServer({
    server: http,
    ...(options.handleProtocols ? { handleProtocols: options.handleProtocols } : {}),
    ...(options.verifyClient ? { verifyClient: options.verifyClient } : {}),
  })
  const clients: WebSocket[] = []
  const received: ReceivedMessage[] = []
  const closes: ServerClose[] = []
  const offered: string[][] = []
  wss.on('connection', (socket, request) => {
    clients.push(socket)
    const header = request.headers['sec-websocket-protocol']
    offered.push(header ? header.split(',').map((p) => p.trim()) : [])
    socket.on('message', (raw: RawData, isBinary: boolean) => {
      const data = toBuffer(raw)
      received.push({ data, isBinary, text: isBinary ? '' : data.toString('utf8') })
      if (options.echo !== false && socket.readyState === WebSocket.OPEN) {
        socket.send(isBinary ? data : data.toString('utf8'))
      }
    })
    socket.on('close', (code, reason) => closes.push({ code, reason: reason.toString('utf8') }))
    options.onConnection?.(socket, request)
  })
  const port = await listen(http, options.port)
  const close = track(
    () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        http.closeAllConnections()
        http.close(() => done())
      }),
  )
  return {
    port,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    wss,
    clients,
    received,
    closes,
    offered,
    close,
  }
}

/** An HTTP server that answers every upgrade request with `status` instead of switching protocols. */
export async function startRefusingServer(status = 401): Promise<{ url: string; upgrades: () => number; close: Closable }> {
  const http = createHttpServer((_request, response) => {
    response.writeHead(404)
    response.end()
  })
  let upgrades = 0
  http.on('upgrade', (_request: IncomingMessage, socket: Socket) => {
    upgrades += 1
    socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  })
  const port = await listen(http)
  const close = track(
    () =>
      new Promise<void>((done) => {
        http.closeAllConnections()
        http.close(() => done())
      }),
  )
  return { url: `ws://127.0.0.1:${port}/refused`, upgrades: () => upgrades, close }
}

/** A TCP server that accepts connections and never says a word: a handshake that never completes. */
export async function startSilentServer(): Promise<{ url: string; accepted: () => number; close: Closable }> {
  const sockets = new Set<Socket>()
  let accepted = 0
  const tcp = createTcpServer((socket) => {
    accepted += 1
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await listen(tcp)
  const close = track(
    () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy()
        tcp.close(() => done())
      }),
  )
  return { url: `ws://127.0.0.1:${port}/silent`, accepted: () => accepted, close }
}

/** A port nothing listens on: bound once to learn a free number, then released. */
export async function freePort(): Promise<number> {
  const tcp = createTcpServer()
  const port = await listen(tcp)
  await new Promise<void>((done) => tcp.close(() => done()))
  return port
}

function listen(server: HttpServer | TcpServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`.
 * Bounded on purpose: a broken engine fails a test, it never hangs the suite.
 */
export async function waitFor<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await delay(5)
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}
