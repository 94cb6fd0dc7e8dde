import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // A bench page must never be throttled as a background tab or occluded window.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
]

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 })
}

const PROBE_PATH = fileURLToPath(new URL('./page-probe.js', import.meta.url))

export type ProbeConfig = {
  /** Message count at which the probe records the time and signals 'wire-done'. */
  target?: number
  /** Message count at which the probe signals 'mid' (the bench clicks then). */
  signalAt?: number
  /** A counter the UI shows: the <dd> after <dt>{term}</dt> inside `selector`. */
  uiCounter?: { selector: string; term: string; separator?: string }
  /** How many sockets must reach `target` before the probe signals 'all-wire-done'. */
  expectSockets?: number
  /** Message counts (per socket) at which a worker probe signals 'count-<n>'. */
  signalCounts?: number[]
}

export type SignalName = 'open' | 'mid' | 'wire-done' | 'all-wire-done' | 'ui-done' | 'click-painted' | `count-${number}`

export type ProbedContext = {
  context: BrowserContext
  /** Resolves the first time the page signals `name` (after this call or before it). */
  waitForSignal(name: SignalName, timeoutMs: number): Promise<number>
  /** Feeds a signal that came from elsewhere (a worker probe) into the same waiters. */
  emit(name: SignalName): void
  close(): Promise<void>
}

/**
 * A fresh context (own cache and storage: every page load in it is cold) with the probe installed
 * in every page before the page's own scripts.
 */
export async function newProbedContext(browser: Browser, config: ProbeConfig): Promise<ProbedContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
  const seen = new Map<SignalName, number>()
  const waiters = new Map<SignalName, ((at: number) => void)[]>()
  const emit = (name: SignalName) => {
    const at = performance.now()
    if (!seen.has(name)) seen.set(name, at)
    for (const resolve of waiters.get(name) ?? []) resolve(at)
    waiters.delete(name)
  }
  await context.exposeFunction('__benchSignal', emit)
  await context.addInitScript({ content: `window.__benchConfig = ${JSON.stringify(config)};` })
  await context.addInitScript({ path: PROBE_PATH })
  return {
    context,
    emit,
    waitForSignal(name, timeoutMs) {
      const already = seen.get(name)
      if (already !== undefined) return Promise.resolve(already)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no '${name}' signal from the page within ${timeoutMs} ms`)), timeoutMs)
        const list = waiters.get(name) ?? []
        list.push((at) => {
          clearTimeout(timer)
          resolve(at)
        })
        waiters.set(name, list)
      })
    },
    close: () => context.close(),
  }
}

export type HeapUsage = {
  /** V8's own heap. */
  usedBytes: number
  /** Blink's garbage-collected heap (Oilpan): DOM nodes and other wrappers' C++ halves. */
  embedderBytes: number
  /**
   * Array buffer contents and external strings. Chromium hands WebSocket text to JS as external
   * strings, so the payloads live here, not in usedBytes.
   */
  backingBytes: number
  totalBytes: number
}

/** Heap in use after a full, forced garbage collection (CDP; no --expose-gc needed). */
export async function heapAfterGc(cdp: CDPSession): Promise<HeapUsage> {
  // Twice: the first pass can leave objects that only become unreachable through weak callbacks.
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const usage = await cdp.send('Runtime.getHeapUsage')
  const embedderBytes = usage.embedderHeapUsedSize ?? 0
  const backingBytes = usage.backingStorageSize ?? 0
  return { usedBytes: usage.usedSize, embedderBytes, backingBytes, totalBytes: usage.usedSize + embedderBytes + backingBytes }
}

export async function cdpFor(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.enable')
  return cdp
}

export type ProbeSnapshot = {
  longTasks: { start: number; duration: number }[]
  events: { name: string; start: number; duration: number; processingStart: number; processingEnd: number; interactionId: number }[]
  sockets: { url: string; createdAt: number; openAt: number | null; received: number; targetAt: number | null; closedAt: number | null }[]
  clicks: { timeStamp: number; downHandledAt: number; clickHandledAt: number | null; frameAt: number | null; afterFrameAt: number | null }[]
  ui: { doneAt: number | null; lastSeen: number }
  errors: string[]
}

export function readProbe(page: Page): Promise<ProbeSnapshot> {
  // A string, not a function: tsx-compiled functions can reference helpers the page lacks.
  return page.evaluate('JSON.parse(JSON.stringify(window.__benchProbe))') as Promise<ProbeSnapshot>
}
