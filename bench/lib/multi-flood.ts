import type { Browser } from 'playwright-core'
import { addConnection, openApp, pressConnect, readStats, STATS_SELECTOR } from './app-ui.ts'
import { newProbedContext, readProbe, type ProbeSnapshot } from './browser.ts'
import type { FloodProcess } from './flood-process.ts'
import { watchCpu, type CpuShare } from './quiet.ts'
import { APP_WORKER, installWorkerProbe } from './worker-probe-install.ts'

export type MultiFloodResult = {
  subject: 'app' | 'raw-4-sockets'
  connections: number
  framesEach: number
  /** All frames of all connections over first socket open to the last frame received (app: and shown). */
  totalMsgPerSec: number
  spanMs: number
  /** Per socket: open to its last frame, msg/s. */
  perSocketMsgPerSec: number[]
  longTasks: { count: number; longestMs: number; totalMs: number }
  cpu: CpuShare | null
  /** App: the visible connection's In counter after the run. */
  shownIn: number | null
}

export type MultiFloodOptions = { browser: Browser; flood: FloodProcess; appUrl: string; connections: number; count: number; size: number; timeoutMs: number }

const SETTLE_MS = 750
const CONNECTIONS = 'ul[aria-label="Connections"]'

function summarize(
  subject: MultiFloodResult['subject'],
  options: MultiFloodOptions,
  sockets: { openAt: number | null; targetAt: number | null }[],
  probe: ProbeSnapshot,
  endOverride: number | null,
  cpu: CpuShare | null,
  shownIn: number | null,
): MultiFloodResult {
  const done = sockets.filter((s) => s.openAt !== null && s.targetAt !== null) as { openAt: number; targetAt: number }[]
  if (done.length < options.connections) throw new Error(`${subject}: only ${done.length} of ${options.connections} sockets got ${options.count} frames`)
  const start = Math.min(...done.map((s) => s.openAt))
  const end = Math.max(endOverride ?? 0, ...done.map((s) => s.targetAt))
  const inWindow = probe.longTasks.filter((t) => t.start + t.duration >= start && t.start <= end + SETTLE_MS)
  return {
    subject,
    connections: options.connections,
    framesEach: options.count,
    totalMsgPerSec: (options.connections * options.count * 1000) / (end - start),
    spanMs: end - start,
    perSocketMsgPerSec: done.map((s) => (options.count * 1000) / (s.targetAt - s.openAt)),
    longTasks: {
      count: inWindow.length,
      longestMs: inWindow.reduce((max, t) => Math.max(max, t.duration), 0),
      totalMs: inWindow.reduce((sum, t) => sum + t.duration, 0),
    },
    cpu,
    shownIn,
  }
}

/** The raw baseline: one page, `connections` sockets on its main thread, opened in the same task. */
export async function runMultiRaw(options: MultiFloodOptions): Promise<MultiFloodResult> {
  const { browser, flood, connections, count, size, timeoutMs } = options
  const probed = await newProbedContext(browser, { target: count, expectSockets: connections })
  try {
    const page = await probed.context.newPage()
    await page.goto(flood.rawPageUrl(flood.wsUrl(`/flood?count=${count}&size=${size}`), count, 'count', { sockets: connections }), { waitUntil: 'load' })
    const cpuWatch = watchCpu()
    await page.evaluate('window.__rawStart()')
    await probed.waitForSignal('all-wire-done', timeoutMs)
    const cpu = cpuWatch.stop()
    await page.waitForTimeout(SETTLE_MS)
    const probe = await readProbe(page)
    return summarize('raw-4-sockets', options, probe.sockets, probe, null, cpu, null)
  } finally {
    await probed.close()
  }
}

/**
 * The app with `connections` connections to the flood endpoint, connected one after the other as
 * fast as the UI allows (select it in the sidebar, press Connect); the last one stays visible.
 */
export async function runMultiApp(options: MultiFloodOptions): Promise<MultiFloodResult> {
  const { browser, flood, appUrl, connections, count, size, timeoutMs } = options
  const probed = await newProbedContext(browser, { target: count, uiCounter: { selector: STATS_SELECTOR, term: 'In' } })
  try {
    const page = await probed.context.newPage()
    await openApp(page, appUrl)
    // The workspace starts with demo connections: remember the ones added here (each is selected when added).
    const ids: string[] = []
    for (let i = 0; i < connections; i++) {
      await addConnection(page, flood.wsUrl(`/flood?count=${count}&size=${size}`))
      const id = await page.locator(`${CONNECTIONS} button.connection-select[aria-current="true"]`).first().getAttribute('data-connection-id')
      if (!id || ids.includes(id)) throw new Error('could not tell which connection was just added')
      ids.push(id)
    }
    const worker = await installWorkerProbe(page, probed, { target: count, expectSockets: connections }, APP_WORKER)
    const cpuWatch = watchCpu()
    for (const id of ids) {
      await page.locator(`${CONNECTIONS} button[data-connection-id="${id}"]`).click()
      await pressConnect(page)
    }
    try {
      await probed.waitForSignal('all-wire-done', timeoutMs)
      await probed.waitForSignal('ui-done', timeoutMs)
    } catch (error) {
      const seen = await worker.readSockets().catch(() => [])
      throw new Error(`${error instanceof Error ? error.message : String(error)}; worker sockets: ${JSON.stringify(seen.map((s) => ({ url: s.url, received: s.received, open: s.openAt !== null })))}`)
    }
    const cpu = cpuWatch.stop()
    await page.waitForTimeout(SETTLE_MS)
    const probe = await readProbe(page)
    const sockets = await worker.readSockets()
    await worker.close()
    const stats = await readStats(page)
    return summarize('app', options, sockets, probe, probe.ui.doneAt, cpu, stats.framesIn)
  } finally {
    await probed.close()
  }
}
