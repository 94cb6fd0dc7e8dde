import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import { WebSocketServer, type WebSocket } from 'ws'
import { floodFrame } from './flood-frame.ts'

/**
 * The bench's own flood server. It runs in a child process (forked by run-bench.ts) so its CPU
 * time never lands in the parent's event loop, and it serves the raw baseline page so both the
 * raw page and the app receive byte-identical streams from the same sender.
 *
 * Endpoints:
 *   GET  /raw.html                 the raw baseline page (bench/lib/raw-page.html)
 *   WS   /flood?count=N&size=B     N text frames of exactly B bytes, as fast as the socket drains
 *   WS   /steady?rate=R&seconds=S&size=B   R frames per second for S seconds, paced by the clock
 *   WS   /big?small=N&size=B&text=T&binary=Y   N small text frames of B bytes, then one text frame of
 *        exactly T bytes (ASCII JSON), then one binary frame of Y bytes; the socket stays open
 *   WS   /idle                      accepts and sends nothing (a second connection to switch to)
 * The parent learns the port, and when each stream has been fully handed to the kernel, over IPC.
 */

/** Above this many queued bytes the sender waits for 'drain': memory stays bounded whatever the reader does. */
const HIGH_WATER_BYTES = 1024 * 1024
/** Frames sent per turn of the event loop before yielding, so close events are still seen. */
const BATCH = 2000
const STEADY_TICK_MS = 5

const rawPage = readFileSync(new URL('./raw-page.html', import.meta.url), 'utf8')

export type ServerEvent =
  | { type: 'listening'; port: number }
  | { type: 'stream-done'; endpoint: string; sent: number; ms: number; maxLagFrames: number }
  | { type: 'stream-aborted'; endpoint: string; sent: number }

function report(event: ServerEvent): void {
  process.send?.(event)
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const parsed = Number.parseInt(url.searchParams.get(name) ?? '', 10)
  return Number.isFinite(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback
}

/** Resolves when ws's queue (and the TCP socket's) has room again. */
function whenDrained(socket: WebSocket): Promise<void> {
  // ws exposes no drain event of its own; the underlying net.Socket does.
  const raw = (socket as unknown as { _socket?: NodeJS.EventEmitter })._socket
  return new Promise((resolve) => {
    const timer = setTimeout(done, 50)
    function done() {
      clearTimeout(timer)
      raw?.off('drain', done)
      resolve()
    }
    raw?.once('drain', done)
  })
}

async function flood(socket: WebSocket, count: number, size: number): Promise<void> {
  const started = performance.now()
  let sent = 0
  while (sent < count) {
    if (socket.readyState !== socket.OPEN) {
      report({ type: 'stream-aborted', endpoint: 'flood', sent })
      return
    }
    const end = Math.min(count, sent + BATCH)
    while (sent < end && socket.bufferedAmount < HIGH_WATER_BYTES) {
      sent += 1
      socket.send(floodFrame(sent, count, size))
    }
    if (socket.bufferedAmount >= HIGH_WATER_BYTES) await whenDrained(socket)
    else await new Promise((resolve) => setImmediate(resolve))
  }
  report({ type: 'stream-done', endpoint: 'flood', sent, ms: performance.now() - started, maxLagFrames: 0 })
}

function steady(socket: WebSocket, rate: number, seconds: number, size: number): void {
  const total = rate * seconds
  const started = performance.now()
  let sent = 0
  let maxLagFrames = 0
  const timer = setInterval(() => {
    if (socket.readyState !== socket.OPEN) {
      clearInterval(timer)
      report({ type: 'stream-aborted', endpoint: 'steady', sent })
      return
    }
    // Paced by elapsed time, not by tick count: timer jitter never changes the average rate.
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000))
    while (sent < due && socket.bufferedAmount < HIGH_WATER_BYTES) {
      sent += 1
      socket.send(floodFrame(sent, total, size))
    }
    maxLagFrames = Math.max(maxLagFrames, due - sent)
    if (sent >= total) {
      clearInterval(timer)
      report({ type: 'stream-done', endpoint: 'steady', sent, ms: performance.now() - started, maxLagFrames })
    }
  }, STEADY_TICK_MS)
  socket.on('close', () => clearInterval(timer))
}

/** Waits until ws and the TCP socket have handed everything queued to the kernel. */
async function flushed(socket: WebSocket): Promise<void> {
  while (socket.readyState === socket.OPEN && socket.bufferedAmount > 0) await whenDrained(socket)
}

const bigText = new Map<number, string>()
const bigBinary = new Map<number, Buffer>()

/** A text frame of exactly `bytes` ASCII bytes: a JSON object with one long string field. */
function bigTextFrame(bytes: number): string {
  let text = bigText.get(bytes)
  if (text === undefined) {
    const head = '{"type":"big-text","pad":"'
    text = `${head}${'y'.repeat(Math.max(0, bytes - head.length - 2))}"}`
    bigText.set(bytes, text)
  }
  return text
}

/** A binary frame of `bytes` bytes: 0x00..0xff repeating, so a hex dump has recognisable rows. */
function bigBinaryFrame(bytes: number): Buffer {
  let buffer = bigBinary.get(bytes)
  if (buffer === undefined) {
    buffer = Buffer.alloc(bytes)
    for (let i = 0; i < bytes; i++) buffer[i] = i & 0xff
    bigBinary.set(bytes, buffer)
  }
  return buffer
}

async function big(socket: WebSocket, small: number, size: number, textBytes: number, binaryBytes: number): Promise<void> {
  const started = performance.now()
  let sent = 0
  const total = small + (textBytes > 0 ? 1 : 0) + (binaryBytes > 0 ? 1 : 0)
  for (; sent < small; ) {
    if (socket.readyState !== socket.OPEN) return report({ type: 'stream-aborted', endpoint: 'big', sent })
    sent += 1
    socket.send(floodFrame(sent, total, size))
    if (socket.bufferedAmount >= HIGH_WATER_BYTES) await whenDrained(socket)
  }
  await flushed(socket)
  if (textBytes > 0 && socket.readyState === socket.OPEN) {
    socket.send(bigTextFrame(textBytes))
    sent += 1
    await flushed(socket)
  }
  if (binaryBytes > 0 && socket.readyState === socket.OPEN) {
    socket.send(bigBinaryFrame(binaryBytes), { binary: true })
    sent += 1
    await flushed(socket)
  }
  if (socket.readyState !== socket.OPEN) return report({ type: 'stream-aborted', endpoint: 'big', sent })
  report({ type: 'stream-done', endpoint: 'big', sent, ms: performance.now() - started, maxLagFrames: 0 })
}

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  if (url.pathname === '/raw.html') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    response.end(rawPage)
    return
  }
  response.writeHead(404, { 'content-type': 'text/plain' })
  response.end('not found\n')
})

// No permessage-deflate (ws's server default): the stream must cost the browser what raw frames cost.
const wss = new WebSocketServer({ server, perMessageDeflate: false })
wss.on('connection', (socket, request) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  const size = intParam(url, 'size', 120, 64, 1024 * 1024)
  if (url.pathname === '/flood') {
    void flood(socket, intParam(url, 'count', 100_000, 1, 10_000_000), size)
  } else if (url.pathname === '/big') {
    const maxBig = 512 * 1024 * 1024
    void big(socket, intParam(url, 'small', 500, 0, 1_000_000), size, intParam(url, 'text', 0, 0, maxBig), intParam(url, 'binary', 0, 0, maxBig))
  } else if (url.pathname === '/idle') {
    // Nothing to send: the socket just stays open.
  } else if (url.pathname === '/steady') {
    steady(socket, intParam(url, 'rate', 2000, 1, 100_000), intParam(url, 'seconds', 60, 1, 3600), size)
  } else {
    socket.close(4404, 'unknown endpoint')
  }
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  report({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 })
})

// The parent owns this process: when it goes, so do we.
process.on('disconnect', () => process.exit(0))
