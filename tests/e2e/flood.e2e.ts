import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { startGatedFlood, type GatedFlood } from './support/gated-flood-server.ts'

// Issue 4's end-to-end check: a flood into a connection that is not on screen is captured whole,
// every frame can be reached in the virtual list, and the page stays responsive.

const FLOOD = 20_000
/** A user's click should show its effect about this fast, flood or not (generous for 2 shared cores). */
const CLICK_BUDGET_MS = 1_000
/** A round trip into the page and back: only slow if the main thread is blocked. */
const ROUND_TRIP_BUDGET_MS = 250

/** The flood frames' sequence numbers in the rows now rendered, top to bottom. */
async function visibleSeqs(app: AppPage): Promise<number[]> {
  const texts = await app.frames.allTextContents()
  return texts.flatMap((text) => {
    const match = /"type":"flood","seq":(\d+),"of":20000/.exec(text)
    return match ? [Number(match[1])] : []
  })
}

function consecutive(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i)
}

/** The slowest of a few empty round trips into the page. */
async function slowestRoundTrip(page: Page, times = 5): Promise<number> {
  let slowest = 0
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await page.evaluate(() => document.readyState)
    slowest = Math.max(slowest, performance.now() - started)
  }
  return slowest
}

/** Clicks the composer library's Hide/Show toggle and returns how long until it flipped. */
async function timeLibraryToggle(app: AppPage): Promise<number> {
  const toggle = app.composer.locator('.composer-library-toggle')
  const before = await toggle.getAttribute('aria-expanded')
  const expected = before === 'true' ? 'false' : 'true'
  const started = performance.now()
  await toggle.click()
  await app.composer.locator(`.composer-library-toggle[aria-expanded="${expected}"]`).waitFor({ timeout: 5_000 })
  return performance.now() - started
}

type Probe = { countAtClick: number | null; clickToEffectMs: number | null; longestGapMs: number }

/**
 * Measures from inside the page, so Playwright's own delays do not count (it receives a DevTools
 * event for every WebSocket frame, which slows its commands during a flood): the longest gap
 * between 10 ms timer ticks (the main thread blocked), and for the first pointer press, the count
 * the export dialog showed at that moment and the time from the input event until the
 * "Include secrets" warning was in the DOM.
 */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = { countAtClick: null as number | null, clickToEffectMs: null as number | null, longestGapMs: 0 }
    let last = performance.now()
    const ticker = setInterval(() => {
      const now = performance.now()
      probe.longestGapMs = Math.max(probe.longestGapMs, now - last)
      last = now
    }, 10)
    let pressedAt: number | null = null
    const dialog = () => document.querySelector('[role="dialog"]')
    document.addEventListener(
      'pointerdown',
      (event) => {
        if (pressedAt !== null) return
        pressedAt = event.timeStamp
        const label = [...(dialog()?.querySelectorAll('label') ?? [])].find((l) => l.textContent?.startsWith('Include timelines'))
        probe.countAtClick = Number((label?.textContent ?? '').replace(/\D/g, ''))
      },
      true,
    )
    const observer = new MutationObserver(() => {
      if (pressedAt === null || probe.clickToEffectMs !== null) return
      const warning = [...(dialog()?.querySelectorAll('[role="alert"]') ?? [])].some((el) => el.textContent?.includes('in clear text'))
      if (warning) probe.clickToEffectMs = performance.now() - pressedAt
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    Object.assign(window, { __floodProbe: { probe, stop: () => (clearInterval(ticker), observer.disconnect()) } })
  })
}

async function readProbe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const { probe, stop } = (window as unknown as { __floodProbe: { probe: Probe; stop: () => void } }).__floodProbe
    stop()
    return probe
  })
}

describe('a 20,000-frame flood in Chromium', () => {
  const e2e = setupE2E()

  it('captures a flood into a connection that is not shown, counts all of it, reaches the first and last frames, and stays responsive', async () => {
    const flood = await startGatedFlood(FLOOD, 120)
    try {
      await run(flood)
    } finally {
      await flood.close()
    }
  })

  async function run(flood: GatedFlood) {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    const timings: Record<string, number> = {}

    await app.addConnectionButton.click()
    await app.nameField.fill('Flood')
    // The token gives "Include secrets" in the export dialog something to show.
    await app.urlField.fill(`${flood.url}&token=flood-e2e-secret`)
    await app.connection('Flood').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await flood.connected

    // Another connection is shown before the first frame is sent.
    await app.connection('Demo echo').click()
    expect(await app.nameField.inputValue()).toBe('Demo echo')
    // The export dialog is where the hidden connection's capture shows ("Include timelines (N captured frames)").
    await app.sidebar.getByRole('button', { name: 'Export workspace' }).click()
    const dialog = page.getByRole('dialog', { name: /^Export workspace/ })
    const captured = dialog.getByText(/^Include timelines \(/)
    expect(await captured.textContent()).toBe('Include timelines (2 captured frames)')
    const secrets = dialog.getByRole('checkbox', { name: 'Include secrets' })
    const secretsBox = await secrets.boundingBox()
    if (!secretsBox) throw new Error('the "Include secrets" checkbox has no box')

    await installProbe(page)
    flood.release()
    const capturedCount = async () => Number(((await captured.textContent()) ?? '').replace(/\D/g, ''))
    await eventually(async () => expect(await capturedCount()).toBeGreaterThan(2), 10_000, 20)
    // A click mid-flood, dispatched at once (no waiting for the page to settle, as a locator click
    // would): the probe times it in the page, from the input event to its effect on screen.
    await page.mouse.click(secretsBox.x + secretsBox.width / 2, secretsBox.y + secretsBox.height / 2)
    // 20,000 messages plus the connecting and open events.
    await eventually(async () => expect(await capturedCount()).toBe(FLOOD + 2), 30_000, 50)
    const probe = await readProbe(page)
    // The click really came while the flood was being captured: the count on screen was partial.
    expect(probe.countAtClick).toBeGreaterThan(2)
    expect(probe.countAtClick).toBeLessThan(FLOOD + 2)
    expect(await secrets.isChecked()).toBe(true)
    expect(probe.clickToEffectMs).not.toBeNull()
    timings.clickDuringFloodMs = probe.clickToEffectMs!
    timings.longestMainThreadGapMs = probe.longestGapMs
    expect(probe.clickToEffectMs).toBeLessThan(CLICK_BUDGET_MS)
    // The main thread kept turning: no single stall anywhere near a second.
    expect(probe.longestGapMs).toBeLessThan(CLICK_BUDGET_MS)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })

    // The shown connection saw none of it, and its UI answers at once.
    expect(await app.statCount('In')).toBe(0)
    expect(await app.frames.filter({ hasText: '"type":"flood"' }).count()).toBe(0)
    timings.toggleWhileOtherShownMs = await timeLibraryToggle(app)
    expect(timings.toggleWhileOtherShownMs).toBeLessThan(CLICK_BUDGET_MS)

    const selectStarted = performance.now()
    await app.connection('Flood').click()
    await eventually(async () => expect(await app.statCount('In')).toBe(FLOOD), 5_000, 20)
    timings.selectFloodMs = performance.now() - selectStarted
    expect(timings.selectFloodMs).toBeLessThan(CLICK_BUDGET_MS * 2)
    expect(await app.statCount('Retained')).toBe(FLOOD + 2)
    expect(await app.stat('Dropped').textContent()).toBe('0')
    expect(await app.stat('In').textContent()).toMatch(/^20,000 · /)
    expect(await app.status.textContent()).toContain('Connected')

    // Following: the newest frame is on screen without scrolling.
    await eventually(async () => expect((await visibleSeqs(app)).at(-1)).toBe(FLOOD), 2_000)

    const list = app.timeline.getByRole('listbox', { name: 'Frames' })
    // Top: the two connection events, then seq 1, 2, 3 ... in order.
    await list.evaluate((el) => {
      el.scrollTop = 0
    })
    await eventually(async () => {
      const seqs = await visibleSeqs(app)
      expect(seqs[0]).toBe(1)
      expect(seqs).toEqual(consecutive(1, seqs.length))
    }, 2_000)
    expect((await app.frames.first().textContent()) ?? '').toContain(`Connecting to ${flood.url}&token=flood-e2e-secret`)
    // Scrolled up, the list stops following and offers the way back.
    await app.timeline.getByRole('button', { name: /Jump to latest/ }).waitFor()

    // Selecting the first flood frame opens it pretty-printed, within the click budget.
    const firstRow = app.frames.filter({ hasText: '"seq":1,"of":20000' })
    const detailStarted = performance.now()
    await firstRow.click()
    await eventually(async () => expect((await app.detail.textContent()) ?? '').toMatch(/"seq": 1,/), 5_000, 20)
    timings.openDetailMs = performance.now() - detailStarted
    expect(timings.openDetailMs).toBeLessThan(CLICK_BUDGET_MS)

    // The middle is reachable too, at the offset arithmetic says it is.
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2
    })
    await eventually(async () => {
      const seqs = await visibleSeqs(app)
      expect(seqs.length).toBeGreaterThan(5)
      expect(seqs).toEqual(consecutive(seqs[0]!, seqs.length))
      expect(Math.abs(seqs[0]! - FLOOD / 2)).toBeLessThan(100)
    }, 2_000)

    // Bottom: ... 19,999, 20,000, and nothing after it.
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    await eventually(async () => {
      const seqs = await visibleSeqs(app)
      expect(seqs.at(-1)).toBe(FLOOD)
      expect(seqs).toEqual(consecutive(FLOOD - seqs.length + 1, seqs.length))
    }, 2_000)
    expect((await app.frames.last().textContent()) ?? '').toContain('"seq":20000,"of":20000')
    const lastRow = app.frames.filter({ hasText: '"seq":20000,"of":20000' })
    await lastRow.click()
    await eventually(async () => expect((await app.detail.textContent()) ?? '').toMatch(/"seq": 20000,/), 5_000, 20)

    // The page answers quickly with all of it retained.
    timings.roundTripMs = await slowestRoundTrip(page)
    expect(timings.roundTripMs).toBeLessThan(ROUND_TRIP_BUDGET_MS)
    timings.toggleAfterMs = await timeLibraryToggle(app)
    expect(timings.toggleAfterMs).toBeLessThan(CLICK_BUDGET_MS)
    console.info(`flood e2e timings (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`)

    // A clean close, so the server going away afterwards is not an abnormal drop.
    await app.disconnectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Disconnected'))
  }
})
