import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { openApp, STATS_SELECTOR } from './app-ui.ts'
import { stopChild } from './flood-process.ts'
import type { ProtocolServerCommand, ProtocolServerEvent } from './protocol-server.ts'

/**
 * Ingest of Socket.IO events and Server-Sent Events: the built app (its transports run in the
 * connection Worker, the timeline visible and following) against raw pages fed the same stream
 * by the same server in the same run. Every subject is timed the same way: from the first event
 * it has seen to the Nth, rate = (N − count at the first sighting) / elapsed. The raw pages see
 * events in their JavaScript; the app is seen through its statistics strip (read every animation
 * frame), so the app's figure includes getting the count to the screen.
 */

export type ProtocolServer = {
  port: number
  origin: string
  arm(count: number, size: number): void
  nextDone(timeoutMs: number): Promise<Extract<ProtocolServerEvent, { type: 'done' }>>
  stop(): Promise<void>
}

export async function startProtocolServer(): Promise<ProtocolServer> {
  const entry = fileURLToPath(new URL('./protocol-server.ts', import.meta.url))
  const child: ChildProcess = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const waiters: ((event: Extract<ProtocolServerEvent, { type: 'done' }>) => void)[] = []
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('protocol server did not start within 15 s')), 15_000)
    child.once('exit', (code) => reject(new Error(`protocol server exited early (code ${code})`)))
    child.on('message', (message: ProtocolServerEvent) => {
      if (message.type === 'listening') {
        clearTimeout(timer)
        resolve(message.port)
      } else waiters.shift()?.(message)
    })
  })
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    arm: (count, size) => child.send({ type: 'arm', count, size } satisfies ProtocolServerCommand),
    nextDone: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no finished flood within ${timeoutMs} ms`)), timeoutMs)
        waiters.push((event) => {
          clearTimeout(timer)
          resolve(event)
        })
      }),
    stop: () => stopChild(child),
  }
}

export type IngestRun = { subject: string; events: number; firstCount: number; elapsedMs: number; msgPerSec: number; serverMs: number | null }

type Timing = { first: number | null; firstCount: number; done: number | null; count: number }

const SETTLE_MS = 500

function rate(subject: string, events: number, timing: Timing, serverMs: number | null): IngestRun {
  if (timing.first === null || timing.done === null) throw new Error(`${subject}: saw ${timing.count} of ${events} events`)
  const elapsedMs = timing.done - timing.first
  return { subject, events, firstCount: timing.firstCount, elapsedMs, msgPerSec: ((events - timing.firstCount) * 1000) / elapsedMs, serverMs }
}

/** Polls from here: waitForFunction evaluates a string predicate, which the app's CSP (no eval) refuses. */
async function waitForResult(page: Page, timeoutMs: number): Promise<Timing> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const timing = (await page.evaluate('window.__result')) as Timing | undefined
    if (timing && timing.done !== null) return timing
    if (Date.now() > deadline) throw new Error(`saw ${timing?.count ?? 0} events in ${timeoutMs} ms`)
    await page.waitForTimeout(250)
  }
}

/** A raw page of the protocol server: `path` is raw-sio.html or raw-sse.html with its query. */
async function runRaw(browser: Browser, server: ProtocolServer, subject: string, path: string, events: number, size: number, timeoutMs: number): Promise<IngestRun> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' })
    if (path.startsWith('raw-sio')) server.arm(events, size)
    const done = server.nextDone(timeoutMs)
    await page.evaluate('window.__start()')
    const timing = await waitForResult(page, timeoutMs)
    const served = await done.catch(() => null)
    return rate(subject, events, timing, served?.ms ?? null)
  } finally {
    await context.close()
  }
}

// Watches the app's "In" counter every animation frame, from before Connect until it reaches N.
const WATCH_STATS = `(target) => {
  const r = { first: null, firstCount: 0, done: null, count: 0 }
  window.__result = r
  const read = () => {
    const root = document.querySelector(${JSON.stringify(STATS_SELECTOR)})
    if (!root) return 0
    for (const term of root.querySelectorAll('dt')) {
      if (term.textContent.trim() !== 'In') continue
      const value = term.nextElementSibling ? term.nextElementSibling.textContent : ''
      return Number((value.split('·')[0] || '').replace(/[^0-9]/g, '') || 0)
    }
    return 0
  }
  const frame = () => {
    const count = read()
    r.count = count
    if (count > 0 && r.first === null) { r.first = performance.now(); r.firstCount = count }
    if (count >= target) { r.done = performance.now(); return }
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
}`

async function runApp(browser: Browser, server: ProtocolServer, appUrl: string, kind: 'socket.io' | 'sse', url: string, events: number, size: number, timeoutMs: number): Promise<IngestRun> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await openApp(page, appUrl)
    await page.getByRole('button', { name: 'Add connection of a kind' }).click()
    await page.getByRole('menuitem', { name: kind === 'sse' ? /^Server-Sent Events/ : /^Socket\.IO/ }).click()
    const urlBox = page.getByRole('textbox', { name: 'URL', exact: true })
    await urlBox.fill(url)
    await urlBox.blur()
    await page.locator(STATS_SELECTOR).waitFor({ timeout: 15_000 })
    // Lazily loaded parts of the screen finish first, so they do not compete with the measurement.
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined)
    await page.waitForTimeout(SETTLE_MS)
    if (kind === 'socket.io') server.arm(events, size)
    const done = server.nextDone(timeoutMs)
    await page.evaluate(`(${WATCH_STATS})(${events})`)
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    const timing = await waitForResult(page, timeoutMs)
    const served = await done.catch(() => null)
    return rate(`app-${kind}`, events, timing, served?.ms ?? null)
  } finally {
    await context.close()
  }
}

export type ProtocolPair = { raw: IngestRun; app: IngestRun; ratio: number; info?: IngestRun; store?: IngestRun }

export type ProtocolIngestResult = { socketIo: ProtocolPair[]; sse: ProtocolPair[] }

export type ProtocolIngestOptions = {
  browser: Browser
  server: ProtocolServer
  appUrl: string
  sioEvents: number
  sseEvents: number
  size: number
  reps: number
  timeoutMs: number
  /** Before each pair (waits for the machine to calm down). */
  beforePair?: (label: string) => Promise<void>
  log: (message: string) => void
}

/** Raw and app alternate within each pair, so drift in the machine's load affects both alike. */
export async function runProtocolIngest(options: ProtocolIngestOptions): Promise<ProtocolIngestResult> {
  const { browser, server, appUrl, size, reps, timeoutMs, log } = options
  const result: ProtocolIngestResult = { socketIo: [], sse: [] }
  for (let rep = 1; rep <= reps; rep++) {
    const events = options.sioEvents
    const label = `socket.io pair ${rep}/${reps}`
    await options.beforePair?.(label)
    const raw = await runRaw(browser, server, 'raw-socket.io-client', `raw-sio.html?count=${events}`, events, size, timeoutMs)
    const app = await runApp(browser, server, appUrl, 'socket.io', server.origin, events, size, timeoutMs)
    result.socketIo.push({ raw, app, ratio: app.msgPerSec / raw.msgPerSec })
    log(`${label}: raw ${Math.round(raw.msgPerSec)} ev/s, app ${Math.round(app.msgPerSec)} ev/s, app/raw ${(app.msgPerSec / raw.msgPerSec).toFixed(2)}`)
  }
  for (let rep = 1; rep <= reps; rep++) {
    const events = options.sseEvents
    const label = `sse pair ${rep}/${reps}`
    await options.beforePair?.(label)
    const stream = (run: string) => `${server.origin}/sse?run=${run}-${rep}-${Date.now()}&count=${events}&size=${size}`
    const raw = await runRaw(browser, server, 'raw-fetch-parser', `raw-sse.html?mode=parser&count=${events}&url=${encodeURIComponent(stream('raw'))}`, events, size, timeoutMs)
    const info = await runRaw(browser, server, 'raw-eventsource', `raw-sse.html?mode=eventsource&count=${events}&url=${encodeURIComponent(stream('es'))}`, events, size, timeoutMs)
    const store = await runRaw(browser, server, 'raw-fetch-parser-store', `raw-sse.html?mode=parser-store&count=${events}&url=${encodeURIComponent(stream('keep'))}`, events, size, timeoutMs)
    const app = await runApp(browser, server, appUrl, 'sse', stream('app'), events, size, timeoutMs)
    result.sse.push({ raw, app, ratio: app.msgPerSec / raw.msgPerSec, info, store })
    log(`${label}: raw fetch+parser ${Math.round(raw.msgPerSec)} ev/s, same keeping every event ${Math.round(store.msgPerSec)} ev/s, raw EventSource ${Math.round(info.msgPerSec)} ev/s, app ${Math.round(app.msgPerSec)} ev/s, app/raw ${(app.msgPerSec / raw.msgPerSec).toFixed(2)}`)
  }
  return result
}
