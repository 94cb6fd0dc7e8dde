import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A Server-Sent Events server on 127.0.0.1 written for the tests with node:http: each request is
 * recorded (method, headers, body) and answered by the test's handler, which writes raw bytes.
 */
export type SseRequest = { method: string; url: string; headers: IncomingMessage['headers']; body: string }

export type TestSseServer = {
  port: number
  url: (path?: string) => string
  requests: SseRequest[]
  close: () => Promise<void>
  /** Drops every open socket (a crash as the client sees it), keeping the listener. */
  dropConnections: () => void
}

export type SseHandler = (request: SseRequest, response: ServerResponse) => void

const servers = new Set<TestSseServer>()

export async function closeAllSseServers(): Promise<void> {
  const all = [...servers]
  servers.clear()
  await Promise.all(all.map((s) => s.close()))
}

export async function startSseServer(handler: SseHandler, port = 0): Promise<TestSseServer> {
  const sockets = new Set<Socket>()
  const requests: SseRequest[] = []
  const http = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      requests.push(request)
      res.socket?.setNoDelay(true)
      handler(request, res)
    })
  })
  http.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((ready) => http.listen(port, '127.0.0.1', ready))
  const actual = (http.address() as AddressInfo).port
  const server: TestSseServer = {
    port: actual,
    url: (path = '/') => `http://127.0.0.1:${actual}${path}`,
    requests,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy()
    },
    close: async () => {
      servers.delete(server)
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => http.close(() => done()))
    },
  }
  servers.add(server)
  return server
}

export function streamHeaders(res: ServerResponse, contentType = 'text/event-stream; charset=utf-8'): void {
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' })
  res.flushHeaders()
}
