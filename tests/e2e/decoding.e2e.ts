import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// Decoding in the built app: a STOMP conversation with the demo broker, composed from templates in
// Monaco (the NUL must survive the editor), read back as STOMP in the connection Worker.
describe('protocol decoding in Chromium', () => {
  const e2e = setupE2E()

  it('detects STOMP from the negotiated subprotocol and shows each frame in its own vocabulary', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.addConnectionButton.click()
    await app.nameField.fill('Demo STOMP')
    await app.urlField.fill(`${DEMO_WS}stomp`)
    await page.getByRole('textbox', { name: 'Subprotocols' }).fill('v12.stomp')
    await app.connection('Demo STOMP').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await eventually(async () => expect(await page.getByLabel('Decode as').locator('option:checked').textContent()).toBe('Detect (STOMP 1.2)'))
    await app.waitForEditor()

    const templates = page.getByLabel('Insert a protocol template')
    for (const template of ['STOMP CONNECT', 'STOMP SUBSCRIBE', 'STOMP SEND']) {
      await templates.selectOption({ label: template })
      await app.sendButton.click()
      await eventually(async () => expect(await page.getByText(/^Sent \d+ bytes\./).count()).toBeGreaterThan(0))
    }
    const previews = () => app.frames.locator('.tl-row-preview').allTextContents()
    await eventually(async () => expect(await previews()).toContain('STOMP MESSAGE /topic/example'), 10_000)
    const shown = await previews()
    expect(shown).toEqual(
      expect.arrayContaining([
        'STOMP CONNECT',
        'STOMP CONNECTED',
        'STOMP SUBSCRIBE /topic/example',
        'STOMP SEND /topic/example',
        'STOMP MESSAGE /topic/example',
        expect.stringMatching(/^STOMP RECEIPT r-\d+ · \d+ ms$/),
      ]),
    )

    // The detail: the decoded form beside the frame exactly as received (NUL included).
    await app.frames.filter({ hasText: 'STOMP MESSAGE /topic/example' }).first().click()
    const decoded = page.getByTestId('frame-detail-decoded')
    await decoded.waitFor()
    expect(JSON.parse((await decoded.textContent()) ?? '')).toMatchObject({ command: 'MESSAGE', headers: { destination: '/topic/example' }, body: '{"hello":"world"}' })
    const raw = (await page.getByTestId('frame-detail-body').textContent()) ?? ''
    expect(raw).toMatch(/^MESSAGE\nsubscription:sub-\d+\n/)
    expect(raw.endsWith('{"hello":"world"}\u0000')).toBe(true)
  })
})
