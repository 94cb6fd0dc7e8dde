import type { Browser } from 'playwright-core'
import { addConnection, openApp, pressConnect, readStats, setFrameCapThroughStorage, STATS_SELECTOR, type StatsStrip } from './app-ui.ts'
import { cdpFor, heapAfterGc, newProbedContext } from './browser.ts'
import type { FloodProcess, StreamResult } from './flood-process.ts'
import { slope } from './stats.ts'
import { workerHeapAfterGc } from './worker-cdp.ts'
import { APP_WORKER, installWorkerProbe } from './worker-probe-install.ts'

/**
 * heapBytes is what the trend is judged on: the connection Worker's heap (where the frames live)
 * plus the page's (snapshots, row windows, DOM), both after forced GC.
 */
export type SustainedSample = { t: number; heapBytes: number; workerBytes: number; pageBytes: number; usedBytes: number; stats: StatsStrip }

export type SustainedResult = {
  rate: number
  seconds: number
  frameCap: number
  samples: SustainedSample[]
  /** When retention first held the timeline at the cap (seconds after connect). */
  capReachedAt: number | null
  /** Heap trend over the samples taken after the cap was reached. */
  slopeBytesPerMin: number
  /** Growth the slope implies over the post-cap window, relative to the mean heap then. */
  growthPercent: number
  final: StatsStrip
  /** Retention held the timeline at the cap, and the drops were shown (nothing silent). */
  capHeld: boolean
  /** Every frame the server sent was counted by the app. */
  allCounted: boolean
  server: StreamResult | null
}

export type SustainedOptions = {
  browser: Browser
  flood: FloodProcess
  appUrl: string
  rate: number
  seconds: number
  frameCap: number
  sampleEveryMs: number
  size: number
}

/** A paced stream into the app with a small retention cap: heap must stop growing once the cap holds. */
export async function runSustained(options: SustainedOptions): Promise<SustainedResult> {
  const { browser, flood, appUrl, rate, seconds, frameCap, size } = options
  const probed = await newProbedContext(browser, {})
  try {
    const page = await probed.context.newPage()
    await openApp(page, appUrl)
    await addConnection(page, flood.wsUrl(`/steady?rate=${rate}&seconds=${seconds}&size=${size}`))
    // Reloads: the new connection stays selected (it is stored), now with the small cap.
    await setFrameCapThroughStorage(page, appUrl, frameCap)
    await page.locator(STATS_SELECTOR).waitFor({ timeout: 15_000 })
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined)
    const cdp = await cdpFor(page)
    // The socket lives in the app's Worker: the probe that signals 'open' goes there.
    const worker = await installWorkerProbe(page, probed, {}, APP_WORKER)

    const samples: SustainedSample[] = []
    const sample = async (t: number) => {
      const inWorker = await workerHeapAfterGc(worker.worker)
      const heap = await heapAfterGc(cdp)
      samples.push({
        t,
        heapBytes: inWorker.totalBytes + heap.totalBytes,
        workerBytes: inWorker.totalBytes,
        pageBytes: heap.totalBytes,
        usedBytes: inWorker.usedBytes + heap.usedBytes,
        stats: await readStats(page),
      })
    }
    await sample(0)
    const serverDone = flood.nextStreamResult((seconds + 60) * 1000)
    await pressConnect(page)
    await probed.waitForSignal('open', 15_000)
    const started = performance.now()
    const total = seconds * 1000
    for (let next = options.sampleEveryMs; next <= total; next += options.sampleEveryMs) {
      const wait = started + next - performance.now()
      if (wait > 0) await page.waitForTimeout(wait)
      await sample((performance.now() - started) / 1000)
    }
    const server = await serverDone.catch(() => null)
    await page.waitForTimeout(1000)
    await sample((performance.now() - started) / 1000)
    await cdp.detach().catch(() => undefined)
    await worker.close()

    const final = samples[samples.length - 1]?.stats ?? { framesIn: 0, retained: 0, dropped: 0, rate: 0 }
    const capped = samples.find((s) => s.t > 0 && s.stats.retained >= frameCap && s.stats.dropped > 0)
    const capReachedAt = capped?.t ?? null
    // From the sample after the one that first showed the cap (that one can still hold the ramp's
    // garbage) to the last one taken while the stream still ran: the samples at its very end and
    // after it (heap falls as the socket's buffers go) are only for the final counts.
    const post = capReachedAt === null ? [] : samples.filter((s) => s.t > capReachedAt && s.t <= seconds - 1)
    const perSecond = slope(post.map((s) => ({ x: s.t, y: s.heapBytes })))
    const span = post.length > 1 ? (post[post.length - 1]?.t ?? 0) - (post[0]?.t ?? 0) : 0
    const meanHeap = post.reduce((sum, s) => sum + s.heapBytes, 0) / Math.max(1, post.length)
    return {
      rate,
      seconds,
      frameCap,
      samples,
      capReachedAt,
      slopeBytesPerMin: perSecond * 60,
      growthPercent: post.length > 1 ? ((perSecond * span) / meanHeap) * 100 : Number.NaN,
      final,
      capHeld: final.retained <= frameCap && final.dropped > 0 && final.retained + final.dropped >= final.framesIn,
      allCounted: server !== null && final.framesIn === server.sent,
      server,
    }
  } finally {
    await probed.close()
  }
}
