// @vitest-environment node
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { buildPrecache, serviceWorkerSource, SERVICE_WORKER_FILE } from '../../src/offline/precache-plugin.ts'

/*
 * Runs the real dist/sw.js code (src/offline/service-worker.js behind the precache line the build
 * writes) in a fresh VM context, with a loopback server as the host and an in-memory CacheStorage.
 */

const RUNTIME = readFileSync(new URL('../../src/offline/service-worker.js', import.meta.url), 'utf8')
const PREFIX = '/tools/frameline/'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function fakeDist(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'frameline-dist-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), body)
  }
  return dir
}

/**
 * Serves `dir` under PREFIX; records requests; `stop()` makes the host unreachable (offline).
 * `prettyUrls` redirects …/index.html to the folder, as Netlify or Cloudflare Pages do.
 */
async function serve(dir: string, { prettyUrls = false } = {}) {
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    requests.push(path)
    if (prettyUrls && path.endsWith('/index.html')) return void response.writeHead(308, { location: path.slice(0, -'index.html'.length) }).end()
    if (!path.startsWith(PREFIX)) return void response.writeHead(404).end()
    let body: Buffer
    try {
      body = readFileSync(join(dir, path.slice(PREFIX.length) || 'index.html'))
    } catch {
      return void response.writeHead(404).end('missing')
    }
    response.writeHead(200).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  let running = true
  const stop = () =>
    new Promise<void>((done) => {
      if (!running) return done()
      running = false
      server.closeAllConnections()
      server.close(() => done())
    })
  cleanups.push(stop)
  return { scope: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`, requests, stop }
}

class FakeCacheStorage {
  readonly caches = new Map<string, Map<string, Response>>()
  async open(name: string) {
    const entries = this.caches.get(name) ?? new Map<string, Response>()
    this.caches.set(name, entries)
    return {
      put: async (url: string, response: Response) => void entries.set(url, response),
      match: async (url: string) => entries.get(url)?.clone(),
    }
  }
  async keys() {
    return [...this.caches.keys()]
  }
  async delete(name: string) {
    return this.caches.delete(name)
  }
}

type Handler = (event: Record<string, unknown>) => void

/** Loads the worker as the browser would and returns ways to send it events. */
function loadWorker(source: string, scope: string) {
  const handlers = new Map<string, Handler>()
  const caches = new FakeCacheStorage()
  const fetched: { url: string; cache: string }[] = []
  const calls = { claim: 0, skipWaiting: 0 }
  const self = {
    registration: { scope },
    caches,
    clients: { claim: async () => void (calls.claim += 1) },
    skipWaiting: async () => void (calls.skipWaiting += 1),
    addEventListener: (type: string, handler: Handler) => handlers.set(type, handler),
  }
  const recordingFetch = (input: Request | string) => {
    const request = input instanceof Request ? input : new Request(input)
    fetched.push({ url: request.url, cache: request.cache })
    return fetch(request)
  }
  runInNewContext(source, { self, fetch: recordingFetch, Request, Response, URL })

  const extendable = (type: string, extra: Record<string, unknown> = {}) => {
    let pending: Promise<unknown> = Promise.resolve()
    handlers.get(type)?.({ ...extra, waitUntil: (promise: Promise<unknown>) => (pending = promise) })
    return pending
  }
  return {
    caches,
    fetched,
    calls,
    install: () => extendable('install'),
    activate: () => extendable('activate'),
    message: (data: unknown) => extendable('message', { data }),
    /** Dispatches a fetch event; resolves with the worker's answer, or null if it stayed out. */
    async fetch(url: string, init: { mode?: 'navigate' | 'cors' | 'no-cors'; method?: string } = {}) {
      let answer = null as Promise<Response> | null
      const request = { url, method: init.method ?? 'GET', mode: init.mode ?? 'cors' }
      handlers.get('fetch')?.({ request, respondWith: (response: Promise<Response>) => (answer = response) })
      return answer
    },
  }
}

const DIST = {
  'index.html': '<!doctype html><title>Frameline</title>',
  'assets/index-abc.js': 'console.log("app")',
  'assets/connection.worker-def.js': 'self.onmessage = () => {}',
  'assets/my font.woff2': 'font bytes',
  'demo/status.json': '{"format":"frameline.demo-status","version":1,"demoServer":false}',
  'manifest.webmanifest': '{}',
}

async function installedWorker() {
  const dir = fakeDist(DIST)
  const host = await serve(dir)
  const precache = buildPrecache(dir, RUNTIME)
  const worker = loadWorker(serviceWorkerSource(precache, RUNTIME), host.scope)
  await worker.install()
  await worker.activate()
  return { worker, host, precache }
}

describe('the service worker', () => {
  it('precaches every listed file under the sub-path, bypassing the HTTP cache', async () => {
    const { worker, host, precache } = await installedWorker()
    expect(precache.files).toEqual(['assets/connection.worker-def.js', 'assets/index-abc.js', 'assets/my%20font.woff2', 'index.html', 'manifest.webmanifest'])
    expect(host.requests.sort()).toEqual([
      `${PREFIX}assets/connection.worker-def.js`,
      `${PREFIX}assets/index-abc.js`,
      `${PREFIX}assets/my font.woff2`,
      `${PREFIX}index.html`,
      `${PREFIX}manifest.webmanifest`,
    ])
    expect(new Set(worker.fetched.map((f) => f.cache))).toEqual(new Set(['reload']))
    expect([...worker.caches.caches.keys()]).toEqual([`frameline-precache-${precache.version}`])
  })

  it('answers the app page and its files from the cache once the host is gone', async () => {
    const { worker, host } = await installedWorker()
    await host.stop()
    for (const page of [host.scope, `${host.scope}?share=1`, `${host.scope}index.html`]) {
      const response = await worker.fetch(page, { mode: 'navigate' })
      expect(await response?.text()).toBe(DIST['index.html'])
    }
    expect(await (await worker.fetch(`${host.scope}assets/index-abc.js`))?.text()).toBe(DIST['assets/index-abc.js'])
    expect(await (await worker.fetch(`${host.scope}assets/connection.worker-def.js`))?.text()).toBe(DIST['assets/connection.worker-def.js'])
    expect(await (await worker.fetch(`${host.scope}assets/my%20font.woff2`))?.text()).toBe('font bytes')
  })

  it('stays out of the demo status, unknown files, other paths and origins, and non-GET requests', async () => {
    const { worker, host } = await installedWorker()
    const origin = new URL(host.scope).origin
    expect(await worker.fetch(`${host.scope}demo/status.json`)).toBeNull()
    expect(await worker.fetch(`${host.scope}assets/not-built.js`)).toBeNull()
    expect(await worker.fetch(`${host.scope}deep/link`, { mode: 'navigate' })).toBeNull()
    expect(await worker.fetch(`${origin}/index.html`, { mode: 'navigate' })).toBeNull()
    expect(await worker.fetch('http://localhost:9/tools/frameline/assets/index-abc.js')).toBeNull()
    expect(await worker.fetch(`${host.scope}index.html`, { mode: 'navigate', method: 'POST' })).toBeNull()
    // index.html fetched as a file (not a navigation) is still a precached file.
    expect(await worker.fetch(`${host.scope}index.html`)).not.toBeNull()
  })

  it('stores index.html as a plain response where the host redirects it, so it can answer navigations', async () => {
    const dir = fakeDist(DIST)
    const host = await serve(dir, { prettyUrls: true })
    const precache = buildPrecache(dir, RUNTIME)
    const worker = loadWorker(serviceWorkerSource(precache, RUNTIME), host.scope)
    await worker.install()
    expect(host.requests).toContain(`${PREFIX}index.html`)
    expect(host.requests).toContain(PREFIX)
    await host.stop()
    const page = await worker.fetch(host.scope, { mode: 'navigate' })
    expect(page?.redirected).toBe(false)
    expect(await page?.text()).toBe(DIST['index.html'])
  })

  it('fails the install when a file is missing, so a half-filled cache never serves offline', async () => {
    const dir = fakeDist(DIST)
    const host = await serve(dir)
    const precache = buildPrecache(dir, RUNTIME)
    rmSync(join(dir, 'assets/index-abc.js'))
    const worker = loadWorker(serviceWorkerSource(precache, RUNTIME), host.scope)
    await expect(worker.install()).rejects.toThrow(/assets\/index-abc\.js answered HTTP 404/)
  })

  it('waits after installing until the page asks it to take over; activating drops only older Frameline caches', async () => {
    const { worker, precache } = await installedWorker()
    expect(worker.calls.skipWaiting).toBe(0)
    await worker.message({ type: 'something else' })
    expect(worker.calls.skipWaiting).toBe(0)
    await worker.message({ type: 'frameline:skip-waiting' })
    expect(worker.calls.skipWaiting).toBe(1)

    await worker.caches.open('frameline-precache-0000000000000000')
    await worker.caches.open('someone-elses-cache')
    await worker.activate()
    expect((await worker.caches.keys()).sort()).toEqual([`frameline-precache-${precache.version}`, 'someone-elses-cache'])
    expect(worker.calls.claim).toBe(2)
  })
})

describe('buildPrecache', () => {
  it('lists the build output, leaving out the worker itself, the demo status and source maps', () => {
    const dir = fakeDist({ ...DIST, [SERVICE_WORKER_FILE]: 'old worker', 'assets/index-abc.js.map': '{}' })
    expect(buildPrecache(dir, RUNTIME).files).not.toContain(SERVICE_WORKER_FILE)
    expect(buildPrecache(dir, RUNTIME).files).not.toContain('demo/status.json')
    expect(buildPrecache(dir, RUNTIME).files).not.toContain('assets/index-abc.js.map')
  })

  it('gets a new version when any byte of the build or of the worker code changes', () => {
    const dir = fakeDist(DIST)
    const first = buildPrecache(dir, RUNTIME).version
    expect(buildPrecache(dir, RUNTIME).version).toBe(first)
    expect(buildPrecache(dir, `${RUNTIME}\n`).version).not.toBe(first)
    writeFileSync(join(dir, 'assets/connection.worker-def.js'), 'changed')
    expect(buildPrecache(dir, RUNTIME).version).not.toBe(first)
    // The demo status is not part of the app: changing it is not a new version.
    const second = buildPrecache(dir, RUNTIME).version
    writeFileSync(join(dir, 'demo/status.json'), '{}')
    expect(buildPrecache(dir, RUNTIME).version).toBe(second)
  })
})
