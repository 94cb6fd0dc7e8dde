import type { Browser, Page } from 'playwright-core'
import { formatBytes } from '../../src/engine/format-bytes.ts'
import { addConnection, openApp, pressConnect, readStats } from './app-ui.ts'
import { newProbedContext, readProbe, type ProbeSnapshot } from './browser.ts'
import type { FloodProcess } from './flood-process.ts'
import { APP_WORKER, installWorkerProbe } from './worker-probe-install.ts'

export type DetailOpen = {
  /** pointerdown timeStamp on the row to the detail body showing content (page clock). */
  openMs: number | null
  /** What the detail header said about the frame (e.g. "50 MB text"). */
  sizeText: string
  /** The body starts like a hex dump (binary) or like the JSON text (text). */
  bodyLooksRight: boolean
  bodyChars: number
  longestTaskMs: number
}

export type BigFramesResult = {
  smallFrames: number
  textBytes: number
  binaryBytes: number
  /** Longest main-thread task from the socket's open until both big frames were counted on screen. */
  longestTaskMs: number
  longTaskCount: number
  /** The click on the other connection, made when the worker got the big text frame. */
  click: { delayMs: number | null; eventTimingMs: number | null; toNextFrameMs: number | null; tookEffect: boolean }
  /** From the big text frame reaching the worker to the UI counting both big frames. */
  bigFramesShownMs: number | null
  text: DetailOpen
  binary: DetailOpen
  framesIn: number
}

export type BigFramesOptions = {
  browser: Browser
  flood: FloodProcess
  appUrl: string
  small: number
  size: number
  textBytes: number
  binaryBytes: number
}

const SETTLE_MS = 750
const CONNECTIONS = 'ul[aria-label="Connections"]'

/** Page-side: resolves when the detail body shows something, with the time (page clock). */
const WAIT_FOR_DETAIL = `(marker) => new Promise((resolve) => {
  const find = () => {
    const region = document.querySelector('section[aria-label="Frame detail"]')
    const body = region && region.querySelector('[data-testid="frame-detail-body"]')
    if (!region || !body || !(body.textContent || '').length) return null
    const spans = [...region.querySelectorAll('.tl-detail-header span')].map((span) => (span.textContent || '').trim())
    const text = spans.find((t) => / (text|binary)$/.test(t)) || ''
    return text.includes(marker) ? { at: performance.now(), header: text, body: (body.textContent || '').slice(0, 200), bodyChars: (body.textContent || '').length } : null
  }
  const ready = find()
  if (ready) return resolve(ready)
  const timer = setTimeout(() => { observer.disconnect(); resolve(null) }, 30000)
  const observer = new MutationObserver(() => {
    const found = find()
    if (found) { observer.disconnect(); clearTimeout(timer); resolve(found) }
  })
  observer.observe(document.body, { subtree: true, childList: true, characterData: true })
})`

function longestIn(probe: ProbeSnapshot, from: number, to: number): { longest: number; count: number } {
  const tasks = probe.longTasks.filter((t) => t.start + t.duration >= from && t.start <= to)
  return { longest: tasks.reduce((max, t) => Math.max(max, t.duration), 0), count: tasks.length }
}

async function openDetail(page: Page, rowText: string, marker: string, expectHex: boolean): Promise<DetailOpen> {
  const row = page.getByRole('listbox', { name: 'Frames' }).getByRole('option').filter({ hasText: rowText }).first()
  await row.scrollIntoViewIfNeeded()
  const box = await row.boundingBox()
  if (!box) throw new Error(`no row containing "${rowText}" on screen`)
  await page.waitForTimeout(300)
  const before = await readProbe(page)
  const shown = page.evaluate(`(${WAIT_FOR_DETAIL})(${JSON.stringify(marker)})`) as Promise<{ at: number; header: string; body: string; bodyChars: number } | null>
  await page.mouse.click(box.x + Math.min(200, box.width / 2), box.y + box.height / 2)
  const found = await shown
  await page.waitForTimeout(SETTLE_MS)
  const probe = await readProbe(page)
  const click = probe.clicks[before.clicks.length]
  const start = click?.timeStamp ?? null
  const end = found?.at ?? performance.now()
  const { longest } = start === null ? { longest: 0 } : longestIn(probe, start, end + SETTLE_MS)
  const body = found?.body ?? ''
  return {
    openMs: found && start !== null ? found.at - start : null,
    sizeText: found?.header ?? '',
    bodyLooksRight: expectHex ? /^0{4,8}:?\s+00 01 02 03/.test(body.trim()) : body.trim().startsWith('{'),
    bodyChars: found?.bodyChars ?? 0,
    longestTaskMs: longest,
  }
}

/**
 * Two connections; the second receives `small` frames, then a `textBytes` text frame and a
 * `binaryBytes` binary frame. When the big text frame reaches the Worker the bench clicks the
 * other connection in the sidebar; afterwards it goes back and opens each big frame's detail.
 */
export async function runBigFrames(options: BigFramesOptions): Promise<BigFramesResult> {
  const { browser, flood, appUrl, small, size, textBytes, binaryBytes } = options
  const textAt = small + 1
  const binaryAt = small + 2
  const probed = await newProbedContext(browser, {})
  try {
    const page = await probed.context.newPage()
    await openApp(page, appUrl)
    await addConnection(page, flood.wsUrl('/idle'))
    await addConnection(page, flood.wsUrl(`/big?small=${small}&size=${size}&text=${textBytes}&binary=${binaryBytes}`))
    const other = page.locator(`${CONNECTIONS} button.connection-select:not([aria-current="true"])`).first()
    const mineId = await page.locator(`${CONNECTIONS} button.connection-select[aria-current="true"]`).first().getAttribute('data-connection-id')
    const mine = page.locator(`${CONNECTIONS} button[data-connection-id="${mineId}"]`)
    const otherBox = await other.boundingBox()
    if (!otherBox) throw new Error('the other connection has no box in the sidebar')
    const otherId = await other.getAttribute('data-connection-id')
    const worker = await installWorkerProbe(page, probed, { signalCounts: [textAt, binaryAt] }, APP_WORKER)

    const serverDone = flood.nextStreamResult(180_000)
    await pressConnect(page)
    await probed.waitForSignal('open', 15_000)
    await probed.waitForSignal(`count-${textAt}`, 120_000)
    await page.mouse.click(otherBox.x + otherBox.width / 2, otherBox.y + otherBox.height / 2)
    await probed.waitForSignal('click-painted', 15_000).catch(() => undefined)
    await probed.waitForSignal(`count-${binaryAt}`, 120_000)
    await serverDone.catch(() => null)
    const tookEffect = (await page.locator(`${CONNECTIONS} button[data-connection-id="${otherId}"]`).getAttribute('aria-current')) === 'true'
    // Back to the big connection: wait until its stats count every frame.
    await mine.click()
    const expected = small + 2
    // Polled from here: the app's CSP has no 'unsafe-eval', which page.waitForFunction needs.
    const deadline = performance.now() + 60_000
    while ((await readStats(page)).framesIn < expected) {
      if (performance.now() > deadline) throw new Error(`the big connection never showed ${expected} frames in`)
      await page.waitForTimeout(50)
    }
    const shownAt = (await page.evaluate('performance.now()')) as number
    await page.waitForTimeout(SETTLE_MS)
    const sockets = await worker.readSockets()
    const socket = sockets.find((s) => s.url.includes('/big'))
    const probe = await readProbe(page)
    const openAt = socket?.openAt ?? 0
    const flood1 = longestIn(probe, openAt, shownAt + SETTLE_MS)
    const click = probe.clicks[0]
    const related = click ? probe.events.filter((e) => ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click'].includes(e.name) && e.start >= click.timeStamp - 1 && e.start < click.timeStamp + 1000) : []
    const eventTimingMs = related.length ? Math.max(...related.map((e) => e.duration)) : null
    const toNextFrameMs = click?.frameAt != null ? click.frameAt - click.timeStamp : null
    const stats = await readStats(page)
    const textAtPage = socket?.countsAt[String(textAt)] ?? null

    const text = await openDetail(page, '"type":"big-text"', ' text', false)
    const binary = await openDetail(page, `binary ${formatBytes(binaryBytes)}`, ' binary', true)
    await worker.close()
    return {
      smallFrames: small,
      textBytes,
      binaryBytes,
      longestTaskMs: flood1.longest,
      longTaskCount: flood1.count,
      click: { delayMs: eventTimingMs ?? toNextFrameMs, eventTimingMs, toNextFrameMs, tookEffect },
      bigFramesShownMs: textAtPage === null ? null : shownAt - textAtPage,
      text,
      binary,
      framesIn: stats.framesIn,
    }
  } finally {
    await probed.close()
  }
}
