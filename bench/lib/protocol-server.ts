import { readFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { transformSync } from 'esbuild'
import { Server as SocketIoServer, type Socket } from 'socket.io'

/**
 * The Socket.IO and Server-Sent Events flood server of the protocol ingest bench, in a child
 * process of its own (like flood-server.ts) so its sending never shares an event loop with the
 * bench. The raw baseline pages come from here too, so they and the app get the same stream.
 *
 *   GET /raw-sio.html?count=N        socket.io-client (the browser bundle of the version the app
 *                                    ships) on this page's main thread, counting every event (onAny)
 *   GET /raw-sse.html?url=U&count=N&mode=parser|parser-store|eventsource
 *                                    parser: fetch + a reader + the app's own event-stream parser
 *                                    (src/engine/transports/sse/event-stream-parser.ts, compiled
 *                                    here), counting events; parser-store: the same, also keeping
 *                                    every event in an array; eventsource: the browser's EventSource
 *   GET /sse?run=R&count=N&size=B    N events `event: tick` / `id` / `data: {json}` of about B bytes
 *                                    of data, written as fast as the socket drains; a second request
 *                                    for the same run gets 204 (the standard's "do not reconnect")
 *   Socket.IO (path /socket.io/)     each connection gets the flood armed over IPC before it
 *                                    ({type:'arm', count, size}): N `tick` events with one object
 * The parent learns the port over IPC, and when each flood has been fully handed to the kernel.
 */

export type ProtocolServerEvent = { type: 'listening'; port: number } | { type: 'done'; protocol: 'sse' | 'socket.io'; sent: number; ms: number }
export type ProtocolServerCommand = { type: 'arm'; count: number; size: number }

const require = createRequire(import.meta.url)
// The package's exports map hides dist/: found from its package.json, which it does export.
const SOCKET_IO_CLIENT = readFileSync(join(dirname(require.resolve('socket.io-client/package.json')), 'dist', 'socket.io.min.js'), 'utf8')
const PARSER_TS = readFileSync(new URL('../../src/engine/transports/sse/event-stream-parser.ts', import.meta.url), 'utf8')
// The same parser the app's SSE transport runs, as a script that sets globalThis.FramelineSse.
const PARSER_JS = transformSync(PARSER_TS, { loader: 'ts', format: 'iife', globalName: 'FramelineSse', target: 'es2022' }).code
const BATCH = 1000
const HIGH_WATER_BYTES = 1024 * 1024

function report(event: ProtocolServerEvent): void {
  process.send?.(event)
}

// About `size` bytes of JSON for a six-digit seq: the same shape the WebSocket bench floods.
const padFor = (size: number) => 'x'.repeat(Math.max(0, size - 22))
const tick = (seq: number, pad: string) => `{"seq":${seq},"pad":"${pad}"}`

const RAW_SIO = `<!doctype html><meta charset="utf-8"><title>raw socket.io-client</title>
<script src="/socket.io.min.js"></script>
<p>received <span id="count">0</span></p>
<script>
  const params = new URLSearchParams(location.search)
  const target = Number(params.get('count'))
  window.__result = { first: null, firstCount: 0, done: null, count: 0 }
  window.__start = () => {
    const r = window.__result
    const socket = io(location.origin, { transports: ['websocket'], reconnection: false })
    // Listening to every event, as the app's transport does.
    socket.onAny(() => {
      r.count += 1
      if (r.first === null) { r.first = performance.now(); r.firstCount = r.count }
      if (r.count === target) { r.done = performance.now(); document.getElementById('count').textContent = String(r.count); socket.close() }
    })
  }
</script>`

const RAW_SSE = `<!doctype html><meta charset="utf-8"><title>raw SSE</title>
<script src="/sse-parser.js"></script>
<p>received <span id="count">0</span></p>
<script>
  const params = new URLSearchParams(location.search)
  const target = Number(params.get('count'))
  const url = params.get('url')
  window.__result = { first: null, firstCount: 0, done: null, count: 0 }
  // parser-store keeps every event, as the app's timeline must (what retention costs, apart).
  const kept = []
  const keep = params.get('mode') === 'parser-store'
  const seen = (event) => {
    if (keep) kept.push({ data: event.data, id: event.id, event: event.type === undefined ? event.event : event.type, at: Date.now() })
    const r = window.__result
    r.count += 1
    if (r.first === null) { r.first = performance.now(); r.firstCount = r.count }
    if (r.count === target) { r.done = performance.now(); document.getElementById('count').textContent = String(r.count) }
  }
  window.__start = async () => {
    if (params.get('mode') === 'eventsource') {
      const source = new EventSource(url)
      source.addEventListener('tick', seen)
      source.onerror = () => source.close()
      return
    }
    const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, cache: 'no-store' })
    const parser = FramelineSse.createEventStreamParser({ event: seen })
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.push(value)
    }
    parser.end()
  }
</script>`

function page(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' })
  res.end(body)
}

const servedRuns = new Set<string>()

async function floodSse(res: ServerResponse, count: number, size: number): Promise<void> {
  const started = performance.now()
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' })
  const pad = padFor(size)
  let seq = 0
  while (seq < count && !res.destroyed) {
    let chunk = ''
    for (let i = 0; i < BATCH && seq < count; i++) {
      seq += 1
      chunk += `event: tick\nid: ${seq}\ndata: ${tick(seq, pad)}\n\n`
    }
    // Real backpressure: wait for 'drain' when the socket's buffer is over its high-water mark.
    if (!res.write(chunk) || res.writableLength > HIGH_WATER_BYTES) await new Promise((resolve) => res.once('drain', resolve))
  }
  res.end()
  report({ type: 'done', protocol: 'sse', sent: seq, ms: performance.now() - started })
}

function floodSocketIo(socket: Socket, count: number, size: number): void {
  const started = performance.now()
  const pad = padFor(size)
  let seq = 0
  const turn = () => {
    if (!socket.connected) return
    // socket.io has no write backpressure of its own; yielding between batches keeps the event
    // loop free to flush what engine.io queued.
    for (let i = 0; i < BATCH && seq < count; i++) {
      seq += 1
      socket.emit('tick', { seq, pad })
    }
    if (seq < count) setImmediate(turn)
    else report({ type: 'done', protocol: 'socket.io', sent: seq, ms: performance.now() - started })
  }
  turn()
}

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (url.pathname === '/raw-sio.html') return page(res, 'text/html', RAW_SIO)
  if (url.pathname === '/raw-sse.html') return page(res, 'text/html', RAW_SSE)
  if (url.pathname === '/socket.io.min.js') return page(res, 'text/javascript', SOCKET_IO_CLIENT)
  if (url.pathname === '/sse-parser.js') return page(res, 'text/javascript', PARSER_JS)
  if (url.pathname === '/sse') {
    if (req.method === 'OPTIONS') return void res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' }).end()
    const run = url.searchParams.get('run') ?? ''
    if (servedRuns.has(run)) return void res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end()
    servedRuns.add(run)
    void floodSse(res, Number(url.searchParams.get('count') ?? 0), Number(url.searchParams.get('size') ?? 120))
    return
  }
  if (url.pathname.startsWith('/socket.io/')) return
  res.writeHead(404).end()
})

const io = new SocketIoServer(http, { serveClient: false, cors: { origin: '*' }, maxHttpBufferSize: 1e6 })
let armed: { count: number; size: number } | null = null
io.on('connection', (socket) => {
  const flood = armed
  armed = null
  if (flood) floodSocketIo(socket, flood.count, flood.size)
})
process.on('message', (command: ProtocolServerCommand) => {
  if (command.type === 'arm') armed = { count: command.count, size: command.size }
})
process.on('SIGTERM', () => {
  void io.close()
  http.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
})
http.listen(0, '127.0.0.1', () => {
  const address = http.address()
  report({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 })
})
