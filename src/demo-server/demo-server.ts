import type { EventEmitter } from 'node:events'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { demoStatusBody, isDemoStatusPath } from './demo-status.ts'
import { jsonRpcCalculator, stompBroker } from './protocol-demos.ts'

/**
 * The local demo WebSocket server. It runs inside `npm run dev` / `npm run preview` (attached to
 * Vite's own HTTP server, so it shares the app's port) and alone through `npm run demo-server`.
 * Endpoints, all under /demo/:
 *   echo    — sends every frame back, text as text and binary as binary
 *   ticker  — a JSON price tick every 500 ms
 *   chat    — broadcasts each message to every client of /demo/chat
 *   flood   — ?count=N&size=B: sends N JSON frames of about B bytes as fast as possible, then stays open
 *   close   — ?code=4000&reason=...: closes with that code right after the handshake
 *   stomp   — a STOMP 1.2 broker for one client (offer subprotocol v12.stomp)
 *   jsonrpc — a JSON-RPC 2.0 calculator: sum, echo, time; batches and errors
 */

/** Per attached server: two servers in one process (tests, dev + preview) must not share a chat room. */
type ServerContext = { chatClients: Set<WebSocket> }

type Handler = (socket: WebSocket, request: IncomingMessage, url: URL, context: ServerContext) => void

const TICK_MS = 500
const MAX_FLOOD_COUNT = 1_000_000
const MAX_FLOOD_SIZE = 1024 * 1024

const handlers: Record<string, Handler> = {
  echo(socket) {
    socket.on('message', (data: RawData, isBinary: boolean) => {
      socket.send(isBinary ? toBuffer(data) : toBuffer(data).toString('utf8'))
    })
  },

  ticker(socket) {
    const symbols = ['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA']
    const prices = new Map(symbols.map((s, i) => [s, 100 + i * 25]))
    let seq = 0
    const timer = setInterval(() => {
      const symbol = symbols[seq % symbols.length] ?? 'ACME'
      const price = Math.max(1, (prices.get(symbol) ?? 100) * (1 + (Math.random() - 0.5) / 50))
      prices.set(symbol, price)
      seq += 1
      socket.send(JSON.stringify({ type: 'tick', seq, symbol, price: Number(price.toFixed(2)), at: new Date().toISOString() }))
    }, TICK_MS)
    socket.on('close', () => clearInterval(timer))
  },

  chat(socket, _request, _url, { chatClients }) {
    chatClients.add(socket)
    socket.on('message', (data: RawData, isBinary: boolean) => {
      for (const client of chatClients) {
        if (client.readyState === client.OPEN) client.send(isBinary ? toBuffer(data) : toBuffer(data).toString('utf8'))
      }
    })
    socket.on('close', () => chatClients.delete(socket))
  },

  flood(socket, _request, url) {
    const count = clampInt(url.searchParams.get('count'), 10_000, 1, MAX_FLOOD_COUNT)
    const size = clampInt(url.searchParams.get('size'), 120, 16, MAX_FLOOD_SIZE)
    sendFlood(socket, count, size)
  },

  stomp: (socket) => stompBroker(socket),

  jsonrpc: (socket) => jsonRpcCalculator(socket),

  close(socket, _request, url) {
    const code = clampInt(url.searchParams.get('code'), 1000, 1000, 4999)
    const reason = url.searchParams.get('reason') ?? ''
    socket.close(code, reason)
  },
}

/** Sends `count` JSON frames of about `size` bytes, yielding to the event loop when the socket buffer fills. */
export function sendFlood(socket: WebSocket, count: number, size: number): void {
  let sent = 0
  const filler = 'x'.repeat(Math.max(0, size - 60))
  const pump = () => {
    while (sent < count && socket.readyState === socket.OPEN) {
      sent += 1
      socket.send(`{"type":"flood","seq":${sent},"of":${count},"pad":"${filler}"}`)
      if (socket.bufferedAmount > 4 * 1024 * 1024) {
        setTimeout(pump, 1)
        return
      }
    }
  }
  pump()
}

function clampInt(value: string | null, fallback: number, min: number, max: number): number {
  const parsed = value == null ? NaN : Number.parseInt(value, 10)
  if (!Number.isFinite(parsed)) return fallback
  return Math.min(max, Math.max(min, parsed))
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

/** Matches /demo/<name> at the end of the path, so the server also works behind a sub-path. */
function endpointOf(url: URL): string | undefined {
  return url.pathname.match(/(?:^|\/)demo\/([a-z]+)\/?$/)?.[1]
}

/**
 * Handles WebSocket upgrades for /demo/* on an existing HTTP server and leaves every other upgrade
 * (such as Vite's HMR socket) alone.
 */
/** Anything that emits Node's `upgrade` and `close` events: node:http, or Vite's http/https/http2 server. */
type UpgradeSource = EventEmitter

export function attachDemoServer(server: UpgradeSource): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    // Echo back the first offered subprotocol, so negotiation can be tried against the demo.
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  })
  const context: ServerContext = { chatClients: new Set() }
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const name = endpointOf(url)
    const handler = name ? handlers[name] : undefined
    if (!handler) {
      if (name) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      }
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => handler(ws, request, url, context))
  })
  server.on('close', () => wss.close())
  return wss
}

/**
 * Answers GET/HEAD <any sub-path>/demo/status.json with "the demo server is here", so the app can
 * tell it apart from a static host (whose dist/ copy of that file says it is not). Returns false,
 * touching nothing, for every other request. Never cached: the same URL means "no demo" elsewhere.
 */
export function answerDemoStatus(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (!isDemoStatusPath(url.pathname)) return false
  const body = demoStatusBody(true)
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  })
  response.end(request.method === 'HEAD' ? undefined : body)
  return true
}

/** Starts the demo server alone. Resolves with the port actually bound (pass 0 for any free port). */
export function startDemoServer(port: number, host = '127.0.0.1'): Promise<{ port: number; server: Server; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    if (answerDemoStatus(request, response)) return
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
    response.end('Frameline demo WebSocket server: ws://<host>/demo/echo, /demo/ticker, /demo/chat, /demo/flood, /demo/close\n')
  })
  const wss = attachDemoServer(server)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : port
      resolve({
        port: bound,
        server,
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate()
            server.close(() => done())
          }),
      })
    })
  })
}
