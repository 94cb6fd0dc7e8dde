import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { BASE_URL, DEMO_WS } from './support/preview-server.ts'

// Issue 11 in the built app: a HAR written by Playwright's recordHar (content embedded) while a
// page talks to the demo echo opens in Frameline as a recording with the same frames; it replays
// at 10x into a new timeline; its sent frames are re-sent to the demo echo and the runs compared;
// and Frameline's own HAR export carries the messages as Chrome's extension writes them.

const e2e = setupE2E()
const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

type HarMessage = { type: string; time: number; opcode: number; data: string }

/** A page recorded by Playwright's recordHar talks to the demo echo: text, binary, text. */
async function recordHarWithPlaywright(page: Page): Promise<{ path: string; har: { log: { entries: { _resourceType?: string; _webSocketMessages?: HarMessage[] }[] } } }> {
  const browser = page.context().browser()
  if (!browser) throw new Error('no browser')
  const dir = await mkdtemp(join(tmpdir(), 'frameline-har-'))
  dirs.push(dir)
  const path = join(dir, 'echo.har')
  const context = await browser.newContext({ recordHar: { path, content: 'embed' } })
  const recorded = await context.newPage()
  // The app itself is the page (its script and asset requests are the HTTP entries); the socket is opened below.
  await recorded.goto(BASE_URL)
  await recorded.evaluate(async (url) => {
    const socket = new WebSocket(url)
    socket.binaryType = 'arraybuffer'
    const echoes: unknown[] = []
    await new Promise<void>((resolve, reject) => {
      socket.onerror = () => reject(new Error('socket error'))
      socket.onopen = () => socket.send('{"op":"hello","id":1}')
      socket.onmessage = (event) => {
        echoes.push(event.data)
        if (echoes.length === 1) socket.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))
        else if (echoes.length === 2) socket.send('second text')
        else {
          socket.close(1000, 'done')
          resolve()
        }
      }
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
  }, `${DEMO_WS}echo`)
  await context.close()
  return { path, har: JSON.parse(await readFile(path, 'utf8')) }
}

async function closeDialog(page: Page) {
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
}

describe('traffic files', () => {
  it('imports a Playwright recordHar capture, replays it at 10x, re-sends it to the demo echo and compares, and exports HAR', async () => {
    const { page } = await e2e.openApp()
    const { path, har } = await recordHarWithPlaywright(page)
    const entry = har.log.entries.find((e) => e._resourceType === 'websocket')
    const recordedMessages = entry?._webSocketMessages ?? []
    expect(recordedMessages.map((m) => [m.type, m.opcode, m.data])).toEqual([
      ['send', 1, '{"op":"hello","id":1}'],
      ['receive', 1, '{"op":"hello","id":1}'],
      ['send', 2, '3q2+7w=='],
      ['receive', 2, '3q2+7w=='],
      ['send', 1, 'second text'],
      ['receive', 1, 'second text'],
    ])

    const app = appPage(page)
    await page.getByTestId('traffic-file-input').setInputFiles(path)
    const imported = page.getByRole('dialog', { name: 'Imported echo.har' })
    await expect.poll(() => imported.textContent()).toContain("milliseconds since 1970, as Playwright's recordHar writes them")
    expect(await imported.textContent()).toMatch(/entr(y|ies) that (is|are) not WebSocket/)
    await closeDialog(page)

    const recording = page.getByRole('region', { name: 'Recording', exact: true })
    await recording.getByRole('heading', { name: '127.0.0.1:4173/demo/echo' }).waitFor()
    await eventually(async () => expect(await app.sentRows.count()).toBe(3))
    expect(await app.receivedRows.count()).toBe(3)
    expect(await app.composer.count()).toBe(0)
    await app.timeline.getByRole('searchbox').fill('second')
    await eventually(async () => expect(await app.frames.count()).toBe(2))
    await app.frames.first().click()
    await expect.poll(() => app.detail.textContent()).toContain('second text')
    await app.timeline.getByRole('searchbox').fill('')
    await eventually(async () => expect(await app.frames.count()).toBeGreaterThanOrEqual(8))

    // Export the recording as HAR: the messages come out as Chrome's extension writes them.
    await app.timeline.getByRole('button', { name: 'Export…' }).click()
    const exportDialog = page.getByRole('dialog', { name: /^Export timeline of/ })
    await exportDialog.getByRole('radio', { name: /HAR 1\.2/ }).check()
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Export' }).click()])
    expect(download.suggestedFilename()).toBe('127.0.0.1-4173-demo-echo.har')
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'))
    const exportedMessages: HarMessage[] = exported.log.entries[0]._webSocketMessages
    expect(exported.log.entries[0]._resourceType).toBe('websocket')
    expect(exportedMessages.map((m) => [m.type, m.opcode, m.data])).toEqual(recordedMessages.map((m) => [m.type, m.opcode, m.data]))
    expect(exportedMessages.map((m) => Math.round(m.time * 1000))).toEqual(recordedMessages.map((m) => Math.round(m.time)))
    await closeDialog(page)

    // Replay at 10x into a new timeline.
    await recording.getByRole('combobox', { name: 'Replay at' }).selectOption({ label: '10× speed' })
    await recording.getByRole('button', { name: 'Replay into a new timeline' }).click()
    await recording.getByText(/^Replay finished \(10× speed\): \d+ of \d+ frames/).waitFor({ timeout: 15_000 })
    await eventually(async () => expect(await app.sentRows.count()).toBe(3))
    expect(await app.receivedRows.count()).toBe(3)

    // Re-send the recording's sent frames to the demo echo and compare the two runs.
    await app.addConnectionButton.click()
    await app.nameField.fill('Echo for re-send')
    await app.urlField.fill(`${DEMO_WS}echo`)
    await app.connectButton.click()
    await expect.poll(() => app.status.textContent()).toContain('Connected')
    await page.getByRole('region', { name: 'Recordings' }).getByRole('button', { name: /^127\.0\.0\.1:4173\/demo\/echo \(\d+ frames\)$/ }).click()
    await recording.getByText('Re-send to a live server').click()
    await recording.getByRole('combobox', { name: 'Send the sent messages to' }).selectOption({ label: 'Echo for re-send (connected)' })
    await recording.getByRole('button', { name: 'Re-send' }).click()
    await recording.getByText('Re-sent 3 of 3 sent messages to “Echo for re-send”').waitFor()
    await recording.getByRole('textbox', { name: 'Ignore fields' }).fill('id')
    await eventually(async () => {
      await recording.getByRole('button', { name: 'Compare runs' }).click()
      expect(await recording.getByRole('region', { name: 'Comparison' }).textContent()).toContain('Received: 3 the same (recording 3, new run 3)')
    })
    const comparison = recording.getByRole('region', { name: 'Comparison' })
    expect(await comparison.textContent()).toContain('Sent: 3 the same (recording 3, new run 3)')
    expect(await comparison.textContent()).toContain('No differences.')
  })

  it('keeps an imported recording across a reload, and forgets it once closed', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await page.getByTestId('traffic-file-input').setInputFiles('tests/engine/traffic/fixtures/devtools-seconds.har')
    await closeDialog(page)
    const recordings = page.getByRole('region', { name: 'Recordings' })
    await recordings.getByText(/· kept$/).waitFor({ timeout: 15_000 })
    const before = (await recordings.getByRole('button', { name: /\(\d+ frames\)$/ }).first().getAttribute('aria-label')) ?? ''

    await page.reload()
    await recordings.getByText(/· kept$/).waitFor({ timeout: 15_000 })
    const row = recordings.getByRole('button', { name: before })
    await row.click()
    const recording = page.getByRole('region', { name: 'Recording', exact: true })
    await recording.waitFor()
    await eventually(async () => expect(await app.frames.count()).toBeGreaterThan(0))

    await recording.getByRole('button', { name: /^Close/ }).click()
    await eventually(async () => expect(await recordings.getByRole('button', { name: before }).count()).toBe(0))
    await page.reload()
    await page.getByRole('heading', { name: 'Frameline' }).waitFor()
    // Give a restore the time it would need, then check that nothing came back.
    await page.waitForTimeout(1000)
    expect(await recordings.getByRole('button', { name: before }).count()).toBe(0)
  })

  it('refuses a malformed HAR with a clear message and opens nothing', async () => {
    const { page } = await e2e.openApp()
    await page.getByTestId('traffic-file-input').setInputFiles({ name: 'cut.har', mimeType: 'application/json', buffer: Buffer.from('{"log":{"entries":[{"_resourceType":"websocket",') })
    const dialog = page.getByRole('dialog', { name: 'cut.har was not imported' })
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('the text ends too early')
    await closeDialog(page)
    expect(await page.getByRole('region', { name: 'Recording', exact: true }).count()).toBe(0)
  })
})
