import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { answerDemoStatus, attachDemoServer } from '../../../src/demo-server/demo-server.ts'
import { DIST, type RunningPreview } from './preview-server.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
}

export type StaticHostOptions = {
  /**
   * Attach the demo WebSocket server (and its demo/status.json answer), as `npm run preview` does.
   * Default true; false is a host such as GitHub Pages, which serves dist/ and nothing else.
   */
  demo?: boolean
  /** The folder to serve; default dist/. */
  root?: string
}

/**
 * A plain static host for dist/ under a sub-path (like GitHub Pages' /<repo>/), by default with the
 * demo WebSocket server attached: proves the build needs nothing from Vite to run.
 */
export async function startStaticHost(prefix: string, { demo = true, root = DIST }: StaticHostOptions = {}): Promise<RunningPreview> {
  const server: Server = createServer(async (request, response) => {
    if (demo && answerDemoStatus(request, response)) return
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end('not under the sub-path')
      return
    }
    const relative = path.slice(prefix.length) || 'index.html'
    const file = normalize(join(root, relative))
    if (!file.startsWith(root)) {
      response.writeHead(403).end()
      return
    }
    try {
      const body = await readFile(file)
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      response.writeHead(404).end('not found')
    }
  })
  if (demo) attachDemoServer(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
