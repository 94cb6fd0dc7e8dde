import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// Issue 2's end-to-end checks, in the built app served by `vite preview` with the demo server.
describe('Frameline core in Chromium', () => {
  const e2e = setupE2E()

  it('adds a connection, connects to the echo endpoint, sends JSON typed into Monaco with Ctrl+Enter and shows both rows', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)

    await app.addConnectionButton.click()
    await app.nameField.fill('My echo')
    await app.urlField.fill(`${DEMO_WS}echo`)
    await app.connection('My echo').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    const json = '{"type":"greeting","text":"héllo from e2e","n":42}'
    await app.typeInEditor(json)
    await eventually(async () => expect(await app.editorLine()).toBe(json))
    await page.keyboard.press('Control+Enter')

    await app.sentRows.first().waitFor()
    await app.receivedRows.first().waitFor()
    expect(await app.sentRows.count()).toBe(1)
    expect(await app.receivedRows.count()).toBe(1)
    expect(await app.sentRows.first().textContent()).toContain('"greeting"')
    expect(await app.receivedRows.first().textContent()).toContain('héllo from e2e')
    await eventually(async () => {
      expect(await app.statCount('Out')).toBe(1)
      expect(await app.statCount('In')).toBe(1)
    })

    // The received row opens pretty-printed, and the stored text stays as received.
    await app.receivedRows.first().click()
    await app.detail.waitFor()
    expect(await app.detail.textContent()).toMatch(/"text": "héllo from e2e"/)
  })

  it('keeps two connections live while switching between them', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)

    // The first-run workspace has the demo endpoints ready.
    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    await app.connection('Demo ticker').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await eventually(async () => expect(await app.statCount('In')).toBeGreaterThanOrEqual(2), 5000)
    const tickerBefore = await app.statCount('In')

    // While the echo connection is shown, the ticker keeps capturing.
    await app.connection('Demo echo').click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.typeInEditor('{"ping":1}')
    await app.sendButton.click()
    await app.receivedRows.first().waitFor()
    expect(await app.receivedRows.first().textContent()).toContain('{"ping":1}')
    await page.waitForTimeout(1200)

    await app.connection('Demo ticker').click()
    await eventually(async () => expect(await app.statCount('In')).toBeGreaterThanOrEqual(tickerBefore + 2))
    expect(await app.frames.filter({ hasText: '"tick"' }).count()).toBeGreaterThan(0)
    // Echo's frames did not leak into the ticker's timeline.
    expect(await app.frames.filter({ hasText: '{"ping":1}' }).count()).toBe(0)

    // Both status dots in the sidebar say connected.
    for (const name of ['Demo echo', 'Demo ticker']) {
      const description = await app.connection(name).evaluate((button) =>
        document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      )
      expect(description, name).toContain('Connected')
    }
  })

  it('echoes binary and shows it as a hex dump with an ASCII column', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    await app.chooseMode(/binary|hex/i)
    expect(await app.composer.getByRole('radio', { name: /binary|hex/i }).isChecked()).toBe(true)
    await app.typeInEditor('de ad be ef 00 41 42 43 7f')
    await page.keyboard.press('Control+Enter')

    await app.receivedRows.first().waitFor()
    await app.receivedRows.first().click()
    await app.detail.waitFor()
    const dump = (await app.detail.textContent()) ?? ''
    // Offset, two groups of eight hex bytes, then printable ASCII with dots for the rest.
    expect(dump).toMatch(/00000000 {2}de ad be ef 00 41 42 43 {2}7f +\|\.{5}ABC\.\|/)
    expect(dump).toMatch(/9 B binary/)
  })

  it('keeps saved connections and drafts across a reload', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)

    await app.addConnectionButton.click()
    await app.nameField.fill('Kept across reloads')
    await app.urlField.fill('wss://example.test/socket?room=7')
    const draft = '{"draft":"survives","list":[1,2,3]}'
    await app.typeInEditor(draft)
    await eventually(async () => expect(await app.editorLine()).toBe(draft))

    // Another connection's draft, so "the right draft per connection" is what is checked.
    await app.connection('Demo chat').click()
    await app.typeInEditor('{"user":"me","text":"chat draft"}')
    await eventually(async () => expect(await app.editorLine()).toBe('{"user":"me","text":"chat draft"}'))

    // Storage writes may be debounced; reload only once the last edit has landed.
    await page.waitForTimeout(1000)
    await page.reload()

    await app.connection('Kept across reloads').click()
    expect(await app.urlField.inputValue()).toBe('wss://example.test/socket?room=7')
    await app.waitForEditor()
    await eventually(async () => expect(await app.editorLine()).toBe(draft))

    await app.connection('Demo chat').click()
    await eventually(async () => expect(await app.editorLine()).toBe('{"user":"me","text":"chat draft"}'))
    // Nothing reconnects by itself after a reload.
    expect(await app.status.textContent()).toContain('Not connected')
  })
})
