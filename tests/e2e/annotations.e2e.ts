import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'

// Issue 10 in the built app: pins, notes, the pinned list and the live chart (uPlot under the CSP;
// the harness fails the test on any CSP violation or console error).
describe('pins, notes and the live chart in Chromium', () => {
  const e2e = setupE2E()

  it('pins a frame, notes it, jumps to it from the pinned list, charts the traffic with a table of the same numbers, and exports and imports the pin and note', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)

    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    for (const n of [1, 2, 3]) {
      await app.typeInEditor(`{"n":${n}}`)
      await app.sendButton.click()
      await eventually(async () => expect(await app.receivedRows.count()).toBe(n))
    }

    // Pin the first reply from the keyboard: select it, then P on the list.
    const first = app.receivedRows.filter({ hasText: '{"n":1}' })
    await first.click()
    await page.keyboard.press('p')
    await eventually(async () => expect(await first.getAttribute('class')).toContain('tl-row--pinned'))
    await eventually(async () => expect(await app.timeline.getByRole('button', { name: 'Pinned (1)' }).count()).toBe(1))

    // A note from the detail pane: shown on the row (in its accessible text) and in the list.
    await app.detail.getByRole('button', { name: 'Add note' }).click()
    await app.detail.getByRole('textbox', { name: 'Note on this frame' }).fill('the first echo <i>as text</i>')
    await app.detail.getByRole('button', { name: 'Save note' }).click()
    await eventually(async () => expect(await first.textContent()).toContain('Note: the first echo <i>as text</i>'))

    // Select another frame, then jump back from the list.
    await app.receivedRows.filter({ hasText: '{"n":3}' }).click()
    await app.timeline.getByRole('button', { name: 'Pinned (1)' }).click()
    const panel = app.timeline.getByRole('group', { name: 'Pinned frames' })
    await eventually(async () => expect(await panel.textContent()).toContain('Note: the first echo <i>as text</i>'))
    expect(await panel.locator('i').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    await panel.getByRole('button', { name: /\{"n":1\}/ }).click()
    await eventually(async () => expect(await first.getAttribute('aria-selected')).toBe('true'))
    await eventually(async () => expect(await app.detail.textContent()).toContain('the first echo <i>as text</i>'))

    // The chart: a uPlot canvas (drawn under the app's CSP) and a table with non-zero msg/s.
    await app.timeline.getByRole('button', { name: 'Chart' }).click()
    const chart = app.timeline.getByRole('region', { name: 'Live chart' })
    await chart.locator('canvas').first().waitFor({ timeout: 10_000 })
    const box = await chart.locator('canvas').first().boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(100)
    await chart.getByRole('button', { name: 'Show as table' }).click()
    const table = chart.getByRole('table')
    await eventually(async () => {
      const cells = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Number(row.querySelectorAll('td')[0]?.textContent ?? '0') + Number(row.querySelectorAll('td')[1]?.textContent ?? '0')))
      expect(cells.some((value) => value > 0)).toBe(true)
    }, 5000)
    expect(await chart.textContent()).toMatch(/Last \d+ s: [\d.]+ msg\/s in, [\d.]+ msg\/s out/)
    expect(await axeViolations(page)).toEqual([])

    // Export as NDJSON: the pin and note travel in the file, and come back when it is imported.
    await app.timeline.getByRole('button', { name: 'Export…' }).click()
    const exportDialog = page.getByRole('dialog', { name: /^Export timeline of/ })
    await exportDialog.getByRole('radio', { name: /NDJSON timeline/ }).check()
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Export' }).click()])
    const path = await download.path()
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line))
    const pinnedLines = lines.filter((record) => record.pinned === true)
    expect(pinnedLines.map((record) => [record.direction, record.text, record.note])).toEqual([['in', '{"n":1}', 'the first echo <i>as text</i>']])
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()

    await page.getByTestId('traffic-file-input').setInputFiles(path)
    await page.getByRole('dialog', { name: /^Imported/ }).waitFor()
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
    // The recording's timeline takes the connection's place.
    await page.getByRole('region', { name: 'Recording', exact: true }).waitFor()
    expect(await app.composer.count()).toBe(0)
    await app.timeline.getByRole('button', { name: 'Pinned (1)' }).click()
    const importedPanel = app.timeline.getByRole('group', { name: 'Pinned frames' })
    await eventually(async () => expect(await importedPanel.textContent()).toContain('Note: the first echo <i>as text</i>'))
    expect(await importedPanel.locator('i').count()).toBe(0)
  })
})
