import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { startHeldServer } from './support/held-server.ts'

// Very large frames are captured whole, but the row and the detail only ever render a bounded
// head of them. They are received, byte-counted and previewed in the connection Worker, so the
// page's main thread stays free while 50 MB frames arrive and when one is selected.

const MB = 1024 * 1024
const SIZE = 50 * MB
const TEXT_HEAD = 'BIG-TEXT-START lorem ipsum dolor sit amet '
const TEXT_TAIL = ' BIG-TEXT-END'

/** 50 MB of ASCII (so bytes = characters) with recognisable ends. */
function bigText(): string {
  const filler = 'abcdefghijklmnopqrstuvwxyz0123456789 '.repeat(Math.ceil(SIZE / 37))
  const text = TEXT_HEAD + filler.slice(0, SIZE - TEXT_HEAD.length - TEXT_TAIL.length) + TEXT_TAIL
  if (text.length !== SIZE) throw new Error(`bigText: ${text.length} characters`)
  return text
}

/** 50 MB of bytes counting 00, 01 … ff and round again. */
function bigBinary(): Buffer {
  const bytes = Buffer.alloc(SIZE)
  for (let i = 0; i < SIZE; i++) bytes[i] = i & 0xff
  return bytes
}

type BigFrameServer = { url: string; connected: Promise<void>; send: (payload: string | Buffer) => void; close: () => Promise<void> }

/** Sends nothing by itself: the spec decides when each big frame goes out. */
async function startBigFrameServer(): Promise<BigFrameServer> {
  const held = await startHeldServer({ maxPayload: 1024 })
  return {
    url: `ws://127.0.0.1:${held.port}/big`,
    connected: held.connected,
    send: (payload) => held.client().send(payload, { binary: typeof payload !== 'string' }),
    close: held.close,
  }
}

/** Time for a trivial round trip into the page: long if its main thread is busy. */
async function roundTripMs(page: Page): Promise<number> {
  const started = performance.now()
  await page.evaluate(() => 1 + 1)
  return performance.now() - started
}

/** Clicks a row and returns how long the detail took to show `expected`. */
async function openDetail(app: AppPage, row: ReturnType<AppPage['frames']['first']>, expected: string): Promise<number> {
  const started = performance.now()
  await row.click()
  await app.detail.filter({ hasText: expected }).waitFor({ timeout: 5_000 })
  return performance.now() - started
}

describe('50 MB frames in Chromium', () => {
  const e2e = setupE2E()
  let server: BigFrameServer | undefined

  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('lists a 50 MB text and a 50 MB binary frame with their size and a short preview, and opens each without freezing the page', async () => {
    server = await startBigFrameServer()
    const big = server
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.addConnectionButton.click()
    await app.nameField.fill('Big frames')
    await app.urlField.fill(big.url)
    await app.connection('Big frames').waitFor()
    await app.connectButton.click()
    await big.connected
    await eventually(async () => expect(await app.status.textContent()).toMatch(/^Connected/))

    const text = bigText()
    big.send(text)
    // Received and counted off the main thread: the page answers while the frame comes in.
    expect(await roundTripMs(page), 'a round trip into the page while 50 MB arrive').toBeLessThan(1_000)
    await app.receivedRows.first().waitFor({ timeout: 15_000 })
    big.send(bigBinary())
    await eventually(async () => expect(await app.receivedRows.count()).toBe(2), 15_000)
    expect(await roundTripMs(page), 'a round trip into the page once both frames are listed').toBeLessThan(1_000)

    const textRow = app.receivedRows.nth(0)
    const binaryRow = app.receivedRows.nth(1)
    expect(await textRow.locator('.tl-row-size').textContent()).toBe('50 MB')
    expect(await binaryRow.locator('.tl-row-size').textContent()).toBe('50 MB')
    // Only the head of each payload is in the row.
    const textPreview = (await textRow.locator('.tl-row-preview').textContent()) ?? ''
    expect(textPreview.startsWith(TEXT_HEAD)).toBe(true)
    expect(textPreview.endsWith('…')).toBe(true)
    expect(textPreview.length).toBeLessThanOrEqual(1_000)
    const binaryPreview = (await binaryRow.locator('.tl-row-preview').textContent()) ?? ''
    expect(binaryPreview).toMatch(/^binary 50 MB · 00 01 02 03/)
    expect(binaryPreview.endsWith('…')).toBe(true)
    expect(binaryPreview.length).toBeLessThanOrEqual(200)
    expect(await app.statCount('In')).toBe(2)

    // The text frame: a bounded head is shown and the detail says so; Download has all of it.
    const textOpenMs = await openDetail(app, textRow, 'Download has the whole payload.')
    expect(textOpenMs, 'click to text detail').toBeLessThan(3_000)
    expect(await roundTripMs(page), 'a round trip into the page after selecting the text frame').toBeLessThan(1_000)
    const textDetail = (await app.detail.textContent()) ?? ''
    expect(textDetail).toMatch(/Showing the first [\d,]+ characters \(of 50 MB\)\. Download has the whole payload\./)
    expect(textDetail).toContain('50 MB text')
    expect(textDetail).toContain(TEXT_HEAD)
    expect(textDetail).not.toContain(TEXT_TAIL)
    expect(textDetail.length).toBeLessThan(2 * MB)
    const [textDownload] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      app.detail.getByRole('button', { name: 'Download' }).click(),
    ])
    const downloadedText = await readFile(await textDownload.path(), 'utf8')
    expect(downloadedText.length).toBe(SIZE)
    expect(downloadedText === text).toBe(true)

    // The binary frame: a hex dump of the first bytes, and the detail says it is only the start.
    const binaryOpenMs = await openDetail(app, binaryRow, 'Download has every byte.')
    expect(binaryOpenMs, 'click to binary detail').toBeLessThan(3_000)
    expect(await roundTripMs(page), 'a round trip into the page after selecting the binary frame').toBeLessThan(1_000)
    const binaryDetail = (await app.detail.textContent()) ?? ''
    expect(binaryDetail).toContain('50 MB binary')
    expect(binaryDetail).toMatch(/Hex dump of the first 64 KB of 50 MB\. Download has every byte\./)
    expect(binaryDetail).toMatch(/00000000 {2}00 01 02 03 04 05 06 07 {2}08 09 0a 0b 0c 0d 0e 0f +\|\.{16}\|/)
    expect(binaryDetail).toMatch(/00000040 {2}40 41 42 43 44 45 46 47 {2}48 49 4a 4b 4c 4d 4e 4f +\|@ABCDEFGHIJKLMNO\|/)
    // Offsets past the first 64 KB are not rendered.
    expect(binaryDetail).not.toContain('00010000  ')
    expect(binaryDetail.length).toBeLessThan(2 * MB)
    console.info(`large-frame: text detail ${Math.round(textOpenMs)} ms, binary detail ${Math.round(binaryOpenMs)} ms`)
  })
})
