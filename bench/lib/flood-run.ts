import type { Browser, CDPSession, Page } from 'playwright-core'
import { cdpFor, heapAfterGc, newProbedContext, readProbe, type HeapUsage, type ProbeConfig, type ProbeSnapshot } from './browser.ts'
import type { FloodProcess, StreamResult } from './flood-process.ts'
import { watchCpu, type CpuShare } from './quiet.ts'
import { workerHeapAfterGc } from './worker-cdp.ts'
import { installWorkerProbe, type InstalledWorkerProbe } from './worker-probe-install.ts'

export type Point = { x: number; y: number }

/** What a page under test must provide: how to get ready, how to start receiving, what to click. */
export type Subject = {
  label: string
  uiCounter?: ProbeConfig['uiCounter']
  /**
   * Set when the page's sockets live in a dedicated Worker: which worker (by CDP target url/title).
   * The socket probe is then installed in that worker, and heap is read from the worker's isolate.
   */
  socketWorker?: (target: { url: string; title: string }) => boolean
  /** Loads the page and gets everything ready up to, not including, opening the socket. */
  prepare(page: Page, streamUrl: string): Promise<void>
  /** The control clicked mid-flood (resolved before the flood, so no DOM queries compete with it). */
  clickTarget(page: Page): Promise<Point>
  /** Opens the socket. */
  start(page: Page): Promise<void>
  /** After the flood: did the click have its visible effect? */
  clickTookEffect(page: Page): Promise<boolean>
  /** After the flood: anything else worth checking (e.g. the newest row is on screen). */
  verify?(page: Page): Promise<Record<string, unknown>>
}

export type ClickResult = {
  /** Event Timing: pointerdown timeStamp to the next paint after the slowest of its events (8 ms granularity). */
  eventTimingMs: number | null
  /** pointerdown timeStamp to the animation frame that follows the click handler. */
  toNextFrameMs: number | null
  /** pointerdown timeStamp to when the page's first listener ran (queueing delay). */
  inputDelayMs: number | null
  /** The reported click delay: Event Timing when the browser produced an entry (>= 16 ms), else toNextFrameMs. */
  delayMs: number | null
  tookEffect: boolean
  atFrame: number
}

export type FloodRunResult = {
  subject: string
  frames: number
  frameBytes: number
  /** From the socket's open event to the Nth message reaching the page's JS. */
  wireMs: number
  /** From open to the UI showing N (app only). */
  uiMs: number | null
  msgPerSec: number
  longTasks: { count: number; longestMs: number; totalMs: number }
  click: ClickResult | null
  /** The heap that holds the frames: the page's, or the socket worker's when the sockets live there. */
  heap: { where: 'page' | 'worker'; before: HeapUsage; after: HeapUsage; perFrameBeyondPayload: number } | null
  /** When the frames live in a worker: the page's own heap over the same run (row windows, UI). */
  pageHeap: { before: HeapUsage; after: HeapUsage; perFrame: number } | null
  server: StreamResult | null
  /** Where the renderer's main thread went between connect and settle (CDP Performance.getMetrics deltas, ms). */
  mainThread: Record<string, number>
  /** Who used the machine's CPU while the frames streamed in (null off Linux). */
  cpu: CpuShare | null
  checks: Record<string, unknown>
  probeErrors: string[]
}

export type FloodRunOptions = {
  browser: Browser
  flood: FloodProcess
  subject: Subject
  count: number
  size: number
  click: boolean
  heap: boolean
  timeoutMs: number
}

const SETTLE_MS = 750

export async function runFlood(options: FloodRunOptions): Promise<FloodRunResult> {
  const { browser, flood, subject, count, size } = options
  const probed = await newProbedContext(browser, { target: count, signalAt: Math.floor(count / 2), uiCounter: subject.uiCounter })
  try {
    const page = await probed.context.newPage()
    const streamUrl = flood.wsUrl(`/flood?count=${count}&size=${size}`)
    await subject.prepare(page, streamUrl)
    const point = options.click ? await subject.clickTarget(page) : null
    const cdp = await cdpFor(page)
    const probeConfig = { target: count, signalAt: Math.floor(count / 2) }
    const inWorker: InstalledWorkerProbe | null = subject.socketWorker ? await installWorkerProbe(page, probed, probeConfig, subject.socketWorker) : null
    const readHeap = async () => (inWorker ? await workerHeapAfterGc(inWorker.worker) : await heapAfterGc(cdp))
    const before = options.heap ? await readHeap() : null
    const pageBefore = options.heap && inWorker ? await heapAfterGc(cdp) : null

    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
    const metricsBefore = await readMetrics(cdp)
    const serverDone = flood.nextStreamResult(options.timeoutMs)
    const cpuWatch = watchCpu()
    await subject.start(page)
    await probed.waitForSignal('open', 15_000)

    if (point) {
      await probed.waitForSignal('mid', options.timeoutMs)
      await page.mouse.click(point.x, point.y)
    }
    await probed.waitForSignal('wire-done', options.timeoutMs)
    if (subject.uiCounter) await probed.waitForSignal('ui-done', options.timeoutMs)
    const cpu = cpuWatch.stop()
    const server = await serverDone.catch(() => null)
    if (point) await probed.waitForSignal('click-painted', 10_000).catch(() => undefined)
    await page.waitForTimeout(SETTLE_MS)
    const metricsAfter = await readMetrics(cdp)

    const probe = await readProbe(page)
    if (inWorker) probe.sockets = await inWorker.readSockets()
    const checks = (await subject.verify?.(page)) ?? {}
    const tookEffect = point ? await subject.clickTookEffect(page) : false
    const after = options.heap ? await readHeap() : null
    const pageAfter = options.heap && inWorker ? await heapAfterGc(cdp) : null
    await inWorker?.close()
    await cdp.detach().catch(() => undefined)

    return summarize(probe, {
      subject: subject.label,
      count,
      size,
      clicked: point !== null,
      tookEffect,
      heap: before && after ? { where: inWorker ? 'worker' : 'page', before, after } : null,
      pageHeap: pageBefore && pageAfter ? { before: pageBefore, after: pageAfter, perFrame: (pageAfter.totalBytes - pageBefore.totalBytes) / count } : null,
      server,
      checks,
      mainThread: metricDeltas(metricsBefore, metricsAfter),
      cpu,
    })
  } finally {
    await probed.close()
  }
}

type SummaryInput = {
  subject: string
  count: number
  size: number
  clicked: boolean
  tookEffect: boolean
  heap: { where: 'page' | 'worker'; before: HeapUsage; after: HeapUsage } | null
  pageHeap: FloodRunResult['pageHeap']
  server: StreamResult | null
  checks: Record<string, unknown>
  mainThread: Record<string, number>
  cpu: CpuShare | null
}

function summarize(probe: ProbeSnapshot, input: SummaryInput): FloodRunResult {
  const socket = probe.sockets.find((s) => s.targetAt !== null)
  if (!socket || socket.openAt === null || socket.targetAt === null) {
    throw new Error(`${input.subject}: the probe saw no socket reach ${input.count} messages`)
  }
  const openAt = socket.openAt
  const endAt = probe.ui.doneAt ?? socket.targetAt
  const wireMs = socket.targetAt - openAt
  const uiMs = probe.ui.doneAt === null ? null : probe.ui.doneAt - openAt
  const measuredMs = uiMs ?? wireMs

  // Tasks that overlap the flood window: from open until the UI caught up, plus the settle time
  // after it (a render that the last batch triggers still belongs to the flood).
  const windowEnd = endAt + SETTLE_MS
  const inWindow = probe.longTasks.filter((t) => t.start + t.duration >= openAt && t.start <= windowEnd)
  const longTasks = {
    count: inWindow.length,
    longestMs: inWindow.reduce((max, t) => Math.max(max, t.duration), 0),
    totalMs: inWindow.reduce((sum, t) => sum + t.duration, 0),
  }

  let click: ClickResult | null = null
  if (input.clicked) {
    const record = probe.clicks[probe.clicks.length - 1]
    const timeStamp = record?.timeStamp ?? null
    const related = timeStamp === null ? [] : probe.events.filter((e) => ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click'].includes(e.name) && e.start >= timeStamp - 1)
    const eventTimingMs = related.length ? Math.max(...related.map((e) => e.duration)) : null
    const toNextFrameMs = record?.frameAt != null && timeStamp !== null ? record.frameAt - timeStamp : null
    const inputDelayMs = record && timeStamp !== null ? record.downHandledAt - timeStamp : null
    const receivedAtClick = timeStamp === null ? 0 : input.count / 2
    click = {
      eventTimingMs,
      toNextFrameMs,
      inputDelayMs,
      delayMs: eventTimingMs ?? toNextFrameMs,
      tookEffect: input.tookEffect && record !== undefined,
      atFrame: receivedAtClick,
    }
  }

  let heap: FloodRunResult['heap'] = null
  if (input.heap) {
    const payload = input.count * input.size
    heap = {
      ...input.heap,
      perFrameBeyondPayload: (input.heap.after.totalBytes - input.heap.before.totalBytes - payload) / input.count,
    }
  }

  return {
    subject: input.subject,
    frames: input.count,
    frameBytes: input.size,
    wireMs,
    uiMs,
    msgPerSec: (input.count * 1000) / measuredMs,
    longTasks,
    click,
    heap,
    pageHeap: input.pageHeap,
    server: input.server,
    mainThread: input.mainThread,
    cpu: input.cpu,
    checks: input.checks,
    probeErrors: probe.errors,
  }
}

async function readMetrics(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return new Map(metrics.map((m) => [m.name, m.value]))
}

const DURATION_METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskOtherDuration']
const COUNT_METRICS = ['LayoutCount', 'RecalcStyleCount', 'Nodes', 'JSEventListeners']

function metricDeltas(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const name of DURATION_METRICS) out[`${name}Ms`] = Math.round(((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000)
  for (const name of COUNT_METRICS) out[name] = (after.get(name) ?? 0) - (before.get(name) ?? 0)
  return out
}
