import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as SocketIoServer } from 'socket.io'

/**
 * The demo's Socket.IO and Server-Sent Events endpoints, next to the WebSocket ones (same port,
 * offline). Socket.IO (default path /socket.io/):
 *   namespace /demo    — "echo" answers its ack with the arguments, "chat" is broadcast to every
 *                        client of the namespace, a "tick" event every 500 ms
 *   namespace /secure  — refuses a connect whose auth is not {"token": "demo-token"}, with a message
 * Server-Sent Events:
 *   GET  /demo/sse/ticker — named "tick" events with ids every 500 ms; resumes after Last-Event-ID
 *   POST /demo/sse/echo   — streams the request body back, one "chunk" event per word, then "done"
 */

export const DEMO_AUTH_TOKEN = 'demo-token'
const TICK_MS = 500
const MAX_ECHO_BODY = 64 * 1024
const MAX_TICKS = 100_000

export function attachDemoSocketIo(server: Server): SocketIoServer {
  // destroyUpgrade false: every other upgrade (the demo WebSockets, Vite's HMR) is not ours to end.
  const io = new SocketIoServer(server, { destroyUpgrade: false, serveClient: false })
  const demo = io.of('/demo')
  demo.on('connection', (socket) => {
    socket.on('echo', (...args: unknown[]) => {
      const ack = args.at(-1)
      if (typeof ack === 'function') (ack as (...answer: unknown[]) => void)(...args.slice(0, -1))
      else socket.emit('echo', ...args)
    })
    socket.on('chat', (...args: unknown[]) => {
      const values = typeof args.at(-1) === 'function' ? args.slice(0, -1) : args
      demo.emit('chat', ...values)
    })
    let seq = 0
    const timer = setInterval(() => {
      seq += 1
      socket.emit('tick', { seq, price: Number((100 + Math.sin(seq / 5) * 3).toFixed(2)), at: new Date().toISOString() })
    }, TICK_MS)
    socket.on('disconnect', () => clearInterval(timer))
  })
  const secure = io.of('/secure')
  secure.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token
    if (token === DEMO_AUTH_TOKEN) return next()
    const refusal = new Error(token === undefined ? 'no token: send auth {"token": "demo-token"}' : 'invalid token') as Error & { data?: unknown }
    refusal.data = { hint: 'The demo accepts auth {"token": "demo-token"}.' }
    next(refusal)
  })
  secure.on('connection', (socket) => socket.emit('welcome', { id: socket.id }))
  return io
}

/** Serves /demo/sse/*; returns false for any other request (the caller's own handler runs). */
export function handleDemoHttp(request: IncomingMessage, response: ServerResponse): boolean {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname
  const name = path.match(/(?:^|\/)demo\/sse\/([a-z]+)\/?$/)?.[1]
  if (!name) return false
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST' }
  if (request.method === 'OPTIONS') {
    response.writeHead(204, cors)
    response.end()
    return true
  }
  const streamHead = { ...cors, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' }
  if (name === 'ticker' && request.method === 'GET') {
    const resumed = Number.parseInt(String(request.headers['last-event-id'] ?? ''), 10)
    let seq = Number.isInteger(resumed) && resumed >= 0 ? resumed : 0
    response.writeHead(200, streamHead)
    response.write(`: Frameline demo ticker${seq > 0 ? `, resuming after ${seq}` : ''}\nretry: 2000\n\n`)
    const timer = setInterval(() => {
      seq += 1
      if (seq > MAX_TICKS) {
        clearInterval(timer)
        response.end()
        return
      }
      const event = seq % 5 === 0 ? 'summary' : 'tick'
      response.write(`event: ${event}\nid: ${seq}\ndata: ${JSON.stringify({ seq, at: new Date().toISOString() })}\n\n`)
    }, TICK_MS)
    response.on('close', () => clearInterval(timer))
    return true
  }
  if (name === 'echo' && request.method === 'POST') {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_ECHO_BODY) chunks.push(chunk)
    })
    request.on('end', () => {
      const words = Buffer.concat(chunks).toString('utf8').split(/\s+/).filter((w) => w !== '')
      response.writeHead(200, streamHead)
      response.flushHeaders()
      let index = 0
      const timer = setInterval(() => {
        const word = words[index]
        if (word === undefined) {
          clearInterval(timer)
          response.end(`event: done\ndata: ${JSON.stringify({ words: words.length, truncated: size > MAX_ECHO_BODY })}\n\n`)
          return
        }
        index += 1
        response.write(`event: chunk\nid: ${index}\ndata: ${JSON.stringify({ index, word })}\n\n`)
      }, 100)
      response.on('close', () => clearInterval(timer))
    })
    return true
  }
  response.writeHead(405, { ...cors, 'Content-Type': 'text/plain; charset=utf-8' })
  response.end(`Use GET /demo/sse/ticker or POST /demo/sse/echo.\n`)
  return true
}
