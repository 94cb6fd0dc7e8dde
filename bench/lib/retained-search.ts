import type { Browser, Page } from 'playwright-core'
import { addConnection, openApp, pressConnect, readStats, searchBox, setFrameCapThroughStorage, STATS_SELECTOR } from './app-ui.ts'
import { cdpFor, heapAfterGc, newProbedContext, readProbe, type HeapUsage } from './browser.ts'
import type { FloodProcess } from './flood-process.ts'
import { workerHeapAfterGc } from './worker-cdp.ts'
import { APP_WORKER, installWorkerProbe } from './worker-probe-install.ts'

export type KeyTiming = {
  key: string
  /** keydown timeStamp to the animation frame after the input event (the new value's frame). */
  toNextFrameMs: number | null
  /** Event Timing (keydown/keypress/input/keyup entries of this key, >= 16 ms only): longest duration. */
  eventTimingMs: number | null
  /** Event Timing: processingStart - startTime of the keydown (queueing delay), when reported. */
  inputDelayMs: number | null
  /** The match count said "Searching…" when this key went down. */
  duringScan: boolean
}

export type SearchRun = {
  query: string
  /** Last keystroke to the match count first showing a final number (no "Searching…") after it. */
  finishMs: number | null
  /** What the match count said 1 s after the last keystroke, and whether that was final. */
  at1s: { text: string; final: boolean }
  finalText: string
  sawSearching: boolean
  keys: KeyTiming[]
}

export type RetainedResult = {
  frames: number
  frameBytes: number
  msgPerSec: number
  worker: { before: HeapUsage; after: HeapUsage; perFrameBeyondPayload: number; growthBytes: number }
  page: { before: HeapUsage; after: HeapUsage; perFrame: number }
  /** The worker's heap grew by at least the payload bytes: it is the heap that holds the frames. */
  readsWorkerHeap: boolean
  retained: number
  /** A search typed from an empty box, with no other typing while it runs. */
  search: SearchRun
  /** Keys typed while a search of the whole history runs (a second query). */
  typingDuringScan: SearchRun
  /** The same two runs with the regular-expression toggle on (issue 10). */
  regex: FilterVariant
  /** The same two runs with a JSON field condition (`$.path op value`): every frame is parsed. */
  field: FilterVariant
}

/** One filter kind over the same history: a query typed quickly, then keys typed while scans run. */
export type FilterVariant = { search: SearchRun; typingDuringScan: SearchRun }

/** Queries of the variants; each matches none of the flood's `{"type":"flood","seq":N,"of":M,"pad":"xx…"}` frames. */
export const REGEX_QUERY = 'seq":9+x'
export const FIELD_QUERY = '$.seq < 0'
/** Typed after `$.pad ~ ` so that every key makes a complete condition (and a scan parsing every frame). */
const FIELD_PREFIX = '$.pad ~ '

export type RetainedOptions = { browser: Browser; flood: FloodProcess; appUrl: string; frames: number; size: number; timeoutMs: number }

/** Page-side recorder: keydown times, the frame after each input event, every match-count text. */
const SEARCH_RECORDER = `(() => {
  const rec = { keys: [], status: [] }
  window.__benchSearch = rec
  const statusText = () => {
    const el = document.querySelector('.tl-match-count')
    return el ? (el.textContent || '').trim() : ''
  }
  let last = statusText()
  rec.status.push({ at: performance.now(), text: last })
  new MutationObserver(() => {
    const text = statusText()
    if (text === last) return
    last = text
    rec.status.push({ at: performance.now(), text })
  }).observe(document.body, { subtree: true, childList: true, characterData: true })
  document.addEventListener('keydown', (event) => {
    rec.keys.push({ key: event.key, timeStamp: event.timeStamp, inputAt: null, frameAt: null, statusAtKey: last })
  }, true)
  document.addEventListener('input', () => {
    const key = rec.keys[rec.keys.length - 1]
    if (!key || key.inputAt !== null) return
    key.inputAt = performance.now()
    requestAnimationFrame(() => { key.frameAt = performance.now() })
  }, true)
  return true
})()`

type Recorded = {
  keys: { key: string; timeStamp: number; inputAt: number | null; frameAt: number | null; statusAtKey: string }[]
  status: { at: number; text: string }[]
}

/** src/features/timeline/timeline.tsx: typing pauses this long before a search starts. */
const SEARCH_DEBOUNCE_MS = 150

const isFinal = (text: string) => text !== '' && !text.includes('Searching')

async function typeQuery(page: Page, query: string, keyGapMs: number, waitMs: number): Promise<SearchRun> {
  const before = (await page.evaluate('({ keys: window.__benchSearch.keys.length, status: window.__benchSearch.status.length })')) as { keys: number; status: number }
  const probeBefore = await readProbe(page)
  for (const key of query) {
    await page.keyboard.press(key)
    if (keyGapMs > 0) await page.waitForTimeout(keyGapMs)
  }
  // Wait for the final count (bounded), then a little more to see it hold.
  const deadline = performance.now() + waitMs
  let rec = (await page.evaluate('window.__benchSearch')) as Recorded
  for (;;) {
    const keys = rec.keys.slice(before.keys)
    const lastKey = keys[keys.length - 1]?.timeStamp ?? 0
    const after = rec.status.filter((s) => s.at > lastKey)
    const searching = after.findIndex((s) => s.text.includes('Searching'))
    const done = searching >= 0 ? after.slice(searching).some((s) => isFinal(s.text)) : false
    const sinceLast = ((await page.evaluate('performance.now()')) as number) - lastKey
    if ((done && sinceLast > 1100) || performance.now() > deadline) break
    await page.waitForTimeout(100)
    rec = (await page.evaluate('window.__benchSearch')) as Recorded
  }
  const probe = await readProbe(page)
  const events = probe.events.slice(probeBefore.events.length)
  const keys = rec.keys.slice(before.keys)
  const status = rec.status
  const lastKey = keys[keys.length - 1]?.timeStamp ?? 0
  const after = status.filter((s) => s.at > lastKey)
  const searchingIndex = after.findIndex((s) => s.text.includes('Searching'))
  // The final count of this query: the first final text after "Searching…" (after the last key).
  // With no "Searching…" seen at all (a scan shorter than a frame), the first change after the key.
  const finalEntry = searchingIndex >= 0 ? after.slice(searchingIndex).find((s) => isFinal(s.text)) : after.find((s) => isFinal(s.text))
  const shownAt1s = [...status].reverse().find((s) => s.at <= lastKey + 1000)?.text ?? ''
  const timings: KeyTiming[] = keys.map((k, i) => {
    const next = keys[i + 1]?.timeStamp ?? Number.POSITIVE_INFINITY
    const mine = events.filter((e) => ['keydown', 'keypress', 'keyup', 'beforeinput', 'input'].includes(e.name) && e.start >= k.timeStamp - 1 && e.start < next)
    const keydown = mine.find((e) => e.name === 'keydown')
    return {
      key: k.key,
      toNextFrameMs: k.frameAt === null ? null : k.frameAt - k.timeStamp,
      eventTimingMs: mine.length ? Math.max(...mine.map((e) => e.duration)) : null,
      inputDelayMs: keydown ? keydown.processingStart - keydown.start : null,
      duringScan: k.statusAtKey.includes('Searching'),
    }
  })
  return {
    query,
    finishMs: finalEntry ? finalEntry.at - lastKey : null,
    at1s: { text: shownAt1s, final: isFinal(shownAt1s) },
    finalText: status[status.length - 1]?.text ?? '',
    sawSearching: searchingIndex >= 0,
    keys: timings,
  }
}

async function clearSearch(page: Page): Promise<void> {
  await searchBox(page).fill('')
  await page.waitForTimeout(1500)
}

/**
 * One connection keeps `frames` frames (cap raised through storage): the Worker's heap per frame
 * beyond payload, then searches over that history typed into the timeline's search box.
 */
export async function runRetainedSearch(options: RetainedOptions): Promise<RetainedResult> {
  const { browser, flood, appUrl, frames, size, timeoutMs } = options
  const probed = await newProbedContext(browser, { target: frames, uiCounter: { selector: STATS_SELECTOR, term: 'In' } })
  try {
    const page = await probed.context.newPage()
    await openApp(page, appUrl)
    await addConnection(page, flood.wsUrl(`/flood?count=${frames}&size=${size}`))
    // Room for every frame and the connection's own events; payload cap at the settings' ceiling.
    await setFrameCapThroughStorage(page, appUrl, frames + 1000, 4096 * 1024 * 1024)
    await page.locator(STATS_SELECTOR).waitFor({ timeout: 15_000 })
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined)
    await page.waitForTimeout(500)
    const worker = await installWorkerProbe(page, probed, { target: frames }, APP_WORKER)
    const cdp = await cdpFor(page)
    const workerBefore = await workerHeapAfterGc(worker.worker)
    const pageBefore = await heapAfterGc(cdp)

    await pressConnect(page)
    await probed.waitForSignal('open', 15_000)
    await probed.waitForSignal('wire-done', timeoutMs)
    await probed.waitForSignal('ui-done', timeoutMs)
    await page.waitForTimeout(1000)
    const probe = await readProbe(page)
    const sockets = await worker.readSockets()
    const socket = sockets.find((s) => s.targetAt !== null)
    const msgPerSec = socket?.openAt != null && probe.ui.doneAt !== null ? (frames * 1000) / (probe.ui.doneAt - socket.openAt) : Number.NaN
    const workerAfter = await workerHeapAfterGc(worker.worker)
    const pageAfter = await heapAfterGc(cdp)
    const stats = await readStats(page)
    await cdp.detach().catch(() => undefined)
    await worker.close()

    // Payload: each frame is `size` ASCII characters; V8 keeps one-byte strings at 1 byte per char.
    const payload = frames * size
    const growthBytes = workerAfter.totalBytes - workerBefore.totalBytes

    await page.evaluate(SEARCH_RECORDER)
    await searchBox(page).click()
    // 1: a query that matches nothing, typed quickly (inside the 150 ms debounce): one scan.
    const search = await typeQuery(page, 'zqjv', 20, 15_000)
    await clearSearch(page)
    // 2: a second query typed one key per (debounce + half a scan), from what query 1 took: each
    // prefix starts a scan of the whole history and the next key lands in the middle of it.
    const scanMs = Math.max(20, (search.finishMs ?? 200) - SEARCH_DEBOUNCE_MS)
    const typingDuringScan = await typeQuery(page, 'zkvxjq', Math.round(SEARCH_DEBOUNCE_MS + scanMs / 2), 15_000)
    await clearSearch(page)

    // 3: the regular-expression toggle on, the same two runs (every prefix of 'zkvxjq' is a regex).
    const regexToggle = page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: 'Regular expression' })
    await regexToggle.click()
    await searchBox(page).click()
    const regexSearch = await typeQuery(page, REGEX_QUERY, 20, 15_000)
    await clearSearch(page)
    const regexScanMs = Math.max(20, (regexSearch.finishMs ?? 200) - SEARCH_DEBOUNCE_MS)
    const regexTyping = await typeQuery(page, 'zkvxjq', Math.round(SEARCH_DEBOUNCE_MS + regexScanMs / 2), 15_000)
    await clearSearch(page)
    await regexToggle.click()

    // 4: a JSON field condition: each frame is parsed and its field compared.
    await searchBox(page).click()
    const fieldSearch = await typeQuery(page, FIELD_QUERY, 20, 30_000)
    await searchBox(page).fill(FIELD_PREFIX)
    await page.waitForTimeout(1500)
    const fieldScanMs = Math.max(20, (fieldSearch.finishMs ?? 200) - SEARCH_DEBOUNCE_MS)
    const fieldTyping = await typeQuery(page, 'zkvxjq', Math.round(SEARCH_DEBOUNCE_MS + fieldScanMs / 2), 60_000)
    await clearSearch(page)
    return {
      frames,
      frameBytes: size,
      msgPerSec,
      worker: { before: workerBefore, after: workerAfter, growthBytes, perFrameBeyondPayload: (growthBytes - payload) / frames },
      page: { before: pageBefore, after: pageAfter, perFrame: (pageAfter.totalBytes - pageBefore.totalBytes) / frames },
      readsWorkerHeap: growthBytes >= payload,
      retained: stats.retained,
      search,
      typingDuringScan,
      regex: { search: regexSearch, typingDuringScan: regexTyping },
      field: { search: fieldSearch, typingDuringScan: fieldTyping },
    }
  } finally {
    await probed.close()
  }
}
