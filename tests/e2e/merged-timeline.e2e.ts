import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'

// Issue 10: several connections' frames interleaved by time, in the built app with the demo server.
describe('The merged timeline in Chromium', () => {
  const e2e = setupE2E()

  it('interleaves two live connections by time, filters across both, shows a row’s detail and closes back', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)

    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.connection('Demo ticker').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await eventually(async () => expect(await app.statCount('In')).toBeGreaterThanOrEqual(2), 5000)

    // A message on the echo connection while the ticker ticks on.
    await app.connection('Demo echo').click()
    const payload = '{"type":"tick","from":"merged-e2e"}'
    await app.typeInEditor(payload)
    await eventually(async () => expect(await app.editorLine()).toBe(payload))
    await app.sendButton.click()
    await app.receivedRows.first().waitFor()

    await app.sidebar.getByRole('button', { name: 'Merged view', exact: true }).click()
    const main = page.getByRole('main', { name: 'Merged timeline' })
    await main.waitFor()
    await expect(main.getByRole('status').first().textContent()).resolves.toContain('Choose at least 2 connections')
    await main.getByRole('checkbox', { name: 'Demo echo' }).check()
    await main.getByRole('checkbox', { name: 'Demo ticker' }).check()
    const rows = main.getByRole('listbox', { name: 'Merged frames' }).getByRole('option')
    await rows.first().waitFor()

    // After the echo reply the ticker ticks again (every 500 ms): the tail holds ticker, echo, ticker.
    const shown = async () =>
      rows.evaluateAll((options) =>
        options.map((option) => ({
          name: option.querySelector('.mt-row-name')?.textContent ?? '',
          time: option.querySelector('.mt-row-time')?.textContent ?? '',
          text: option.textContent ?? '',
        })),
      )
    await eventually(async () => {
      const list = await shown()
      const echoAt = list.findIndex((row) => row.name === 'Demo echo' && row.text.includes('merged-e2e'))
      expect(echoAt).toBeGreaterThan(0)
      expect(list.slice(0, echoAt).some((row) => row.name === 'Demo ticker')).toBe(true)
      expect(list.slice(echoAt + 1).some((row) => row.name === 'Demo ticker')).toBe(true)
    }, 8000)
    const list = await shown()
    // In time order (HH:MM:SS.mmm of one day sorts as text).
    const times = list.map((row) => row.time)
    expect([...times].sort()).toEqual(times)

    // One search across both connections: the ticker's ticks and the echo's sent and received copies.
    await main.getByRole('searchbox', { name: /Search merged frames/ }).fill('merged-e2e')
    await eventually(async () => {
      const filtered = await shown()
      expect(filtered.map((row) => row.name)).toEqual(['Demo echo', 'Demo echo'])
    })
    await main.getByRole('searchbox', { name: /Search merged frames/ }).fill('"type":"tick"')
    await eventually(async () => {
      const filtered = await shown()
      expect(filtered.length).toBeGreaterThan(2)
      expect(filtered.every((row) => row.text.includes('"type":"tick"'))).toBe(true)
      expect(new Set(filtered.map((row) => row.name))).toEqual(new Set(['Demo echo', 'Demo ticker']))
    })
    expect(await main.getByText(/matching frames from 2 connections/).count()).toBe(1)

    // Clicking the echo's received copy shows that connection's frame in the detail pane.
    await main.getByRole('button', { name: 'Received' }).click()
    const received = rows.filter({ hasText: 'merged-e2e' })
    await received.first().waitFor()
    expect(await received.count()).toBe(1)
    await received.first().click()
    const detail = main.getByRole('region', { name: 'Frame detail' })
    await detail.waitFor()
    await eventually(async () => expect(await detail.textContent()).toContain('"from": "merged-e2e"'))
    expect(await main.getByText('Frame of Demo echo').count()).toBe(1)

    expect(await axeViolations(page)).toEqual([])

    // Close goes back to the connection shown before.
    await main.getByRole('button', { name: 'Close', exact: true }).first().click()
    await app.header.waitFor()
    expect(await app.nameField.inputValue()).toBe('Demo echo')
    // The command palette opens it too, and the choice is remembered while the page lives.
    await page.keyboard.press('Control+k')
    const palette = page.getByRole('dialog', { name: 'Commands' })
    await palette.waitFor()
    await page.keyboard.type('merged timeline')
    await page.keyboard.press('Enter')
    await palette.waitFor({ state: 'detached' })
    await main.waitFor()
    expect(await main.getByRole('checkbox', { name: 'Demo ticker' }).isChecked()).toBe(true)
  })
})
