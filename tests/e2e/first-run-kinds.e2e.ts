import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

/**
 * A newcomer's first minutes with each kind of connection: the first-run workspace holds one ready
 * connection per kind, pointed at the demo server the preview serves next to the app, and each
 * works with nothing typed in.
 */
describe('the first-run workspace: one ready demo connection per kind (Chromium)', () => {
  const e2e = setupE2E()

  it('Socket.IO: connect, emit the ready draft with an ack, see the round trip and the server ticker', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo Socket.IO').click()
    expect(await app.header.getByLabel('Namespace').inputValue()).toBe('/demo')
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.composer.getByRole('button', { name: 'Emit', exact: true }).click()
    await app.frames.filter({ hasText: /ack of #1 echo · \d+ ms · \{"hello":"socket\.io"\}, "second argument"/ }).first().waitFor()
    await eventually(async () => expect(await app.frames.filter({ hasText: /tick · \{"seq":/ }).count()).toBeGreaterThan(0), 5000)
    // The saved broadcast is one click away.
    const saved = app.composer.getByRole('region', { name: 'Saved emits' })
    expect(await saved.getByRole('button', { name: /^Delete saved emit/ }).count()).toBe(2)
    await saved.getByRole('button', { name: 'Chat (broadcast)', exact: true }).click()
    await app.composer.getByRole('button', { name: 'Emit', exact: true }).click()
    // The demo broadcasts chat to every client of the namespace, this one included.
    await app.frames.filter({ hasText: /chat · \{"user":"me","text":"hi all"\}/ }).first().waitFor()
    await app.disconnectButton.click()
  })

  it('Server-Sent Events: connect to the ticker and read named events with their ids', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo SSE ticker').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    const ticks = app.frames.filter({ hasText: /tick #\d+ · \{"seq":\d+/ })
    await eventually(async () => expect(await ticks.count()).toBeGreaterThanOrEqual(2), 6000)
    await app.disconnectButton.click()
  })

  it('WebSocketStream: connect to the echo, send the ready draft, pause and resume reading', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo WebSocketStream').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.waitForEditor()
    await app.sendButton.click()
    await eventually(async () => expect(await app.receivedRows.filter({ hasText: /"type": "ping"/ }).count()).toBe(1))
    await app.header.getByRole('button', { name: 'Pause reading' }).click()
    await app.header.getByRole('button', { name: 'Resume reading' }).click()
    await app.header.getByRole('button', { name: 'Pause reading' }).waitFor()
    await app.disconnectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Disconnected'))
  })
})
