import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS, PREVIEW_PORT } from './support/preview-server.ts'

// What a user sees when a connection cannot be made or is closed on purpose.
describe('connection input, failures and close codes in Chromium', () => {
  const e2e = setupE2E()

  it('explains a bad URL inline and keeps Connect disabled; http:// becomes ws://', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.addConnectionButton.click()

    await app.urlField.fill('ftp://127.0.0.1/socket')
    expect(await app.connectButton.isDisabled()).toBe(true)
    expect(await app.header.textContent()).toContain('URL must start with ws:// or wss://')
    expect(await app.urlField.getAttribute('aria-invalid')).toBe('true')

    await app.urlField.fill(`http://127.0.0.1:${PREVIEW_PORT}/demo/echo`)
    expect(await app.connectButton.isDisabled()).toBe(false)
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    expect(await app.urlField.inputValue()).toBe(`${DEMO_WS}echo`)
  })

  it('reports a refused handshake truthfully: an error row and a 1006 close with its meaning', async () => {
    const guarded = await e2e.openApp()
    const app = appPage(guarded.page)
    // Chromium logs its own console error for a failed handshake; that one is expected here.
    guarded.allowConsoleError(/WebSocket connection to '.*\/demo\/nope' failed/)

    await app.addConnectionButton.click()
    await app.urlField.fill(`${DEMO_WS}nope`)
    await app.connectButton.click()
    // It never opened, so it is not "Disconnected"; the why is on screen, not only in a tooltip.
    await eventually(async () => expect(await app.status.textContent()).toContain('Could not connect'))
    expect(await app.status.textContent()).toContain('1006')
    expect(await app.status.getByText(/The browser hides the cause/).isVisible()).toBe(true)

    await eventually(async () => expect(await app.frames.count()).toBeGreaterThanOrEqual(3))
    const rows = await app.frames.allTextContents()
    expect(rows.some((row) => /Connection failed\. The browser does not say why/.test(row))).toBe(true)
    const closeRow = app.frames.filter({ hasText: '1006' }).first()
    await closeRow.click()
    await app.detail.waitFor()
    expect(await app.detail.textContent()).toMatch(/refused the handshake/)
    // The button is back to Connect, so the user can retry.
    expect(await app.connectButton.isVisible()).toBe(true)
  })

  it('disconnects with a chosen close code and reason and shows them', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    await app.header.getByRole('button', { name: 'Options' }).click()
    const options = app.header.getByRole('group', { name: 'Connection options' })
    await options.getByRole('textbox', { name: 'Close code' }).fill('4321')
    await options.getByRole('textbox', { name: 'Close reason' }).fill('done for today')
    await app.disconnectButton.click()

    await eventually(async () => expect(await app.status.textContent()).toContain('Disconnected'))
    expect(await app.status.textContent()).toContain('4321')
    expect(await app.status.textContent()).toContain('done for today')
    expect(await app.frames.filter({ hasText: '4321' }).count()).toBeGreaterThan(0)
  })

  it('refuses an invalid close code with a message and stays connected', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    await app.header.getByRole('button', { name: 'Options' }).click()
    await app.header.getByRole('textbox', { name: 'Close code' }).fill('1006')
    await app.disconnectButton.click()

    expect(await app.header.getByRole('alert').textContent()).toMatch(/Not disconnected/)
    await page.waitForTimeout(300)
    expect(await app.status.textContent()).toContain('Connected')
  })
})
