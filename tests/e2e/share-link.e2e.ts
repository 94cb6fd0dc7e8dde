import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

describe('share links', () => {
  const e2e = setupE2E()

  it('carries a connection in the fragment to a fresh browser, which previews and imports it without connecting', async () => {
    // The sender: a demo connection, renamed, with a token in its URL.
    const sender = await e2e.openApp()
    const app = appPage(sender.page)
    await app.connection('Demo echo').click()
    await app.nameField.fill('Shared echo')
    const url = `${await app.urlField.inputValue()}?token=abc123secret`
    await app.urlField.fill(url)
    await sender.page.getByRole('button', { name: 'Share link' }).click()
    const dialog = sender.page.getByRole('dialog', { name: 'Share “Shared echo” as a link' })
    await dialog.getByRole('checkbox', { name: 'Ping' }).check()
    await dialog.getByText(/1 value is left out/).waitFor()
    const linkBox = dialog.getByRole('textbox', { name: /^Link/ })
    await eventually(async () => expect(await linkBox.inputValue()).toMatch(/#share=v1\.[\w-]+$/))
    // Give the re-render after ticking "Ping" time to settle on its final link.
    await eventually(async () => {
      const first = await linkBox.inputValue()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(await linkBox.inputValue()).toBe(first)
    })
    const link = await linkBox.inputValue()
    expect(link.startsWith(e2e.baseUrl())).toBe(true)

    // The receiver: a fresh browser profile opening the link.
    const receiver = await e2e.openApp('about:blank')
    const sockets: string[] = []
    const requests: string[] = []
    receiver.page.on('websocket', (socket) => sockets.push(socket.url()))
    receiver.page.on('request', (request) => requests.push(request.url()))
    await receiver.page.goto(link)
    const preview = receiver.page.getByRole('dialog', { name: 'Import “Shared echo”' })
    await preview.waitFor()
    // The fragment is gone from the address bar, and no request ever carried it.
    expect(receiver.page.url()).toBe(e2e.baseUrl())
    expect(requests.filter((r) => r.includes('share='))).toEqual([])
    expect(await preview.textContent()).toContain('From a share link')
    expect(await preview.textContent()).toContain('1 value was redacted')
    expect(await preview.getByRole('list', { name: 'Connections in the file' }).textContent()).toContain('token=<redacted>')

    await preview.getByRole('button', { name: 'Merge' }).click()
    const them = appPage(receiver.page)
    await them.connection('Shared echo').click()
    expect(await them.urlField.inputValue()).toBe(url.replace('abc123secret', '<redacted>'))
    expect(await them.savedMessageNames()).toEqual(['Ping'])
    expect(await them.status.textContent()).not.toContain('Connected')
    expect(sockets).toEqual([])
    await receiver.page.getByText(/It connects only when you press Connect/).waitFor()
  })

  it('refuses a damaged link with a clear message and removes it from the address bar', async () => {
    const { page } = await e2e.openApp('#share=v1.AAAAcut-off')
    const dialog = page.getByRole('dialog', { name: 'This share link cannot be opened' })
    await dialog.waitFor()
    expect(await dialog.getByRole('alert').textContent()).toContain('This share link is damaged or incomplete')
    expect(page.url()).toBe(e2e.baseUrl())
    await dialog.getByRole('button', { name: 'Close' }).click()
    expect(await appPage(page).connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
  })
})
