import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { startStaticHost } from './support/static-server.ts'

const PREFIX = '/pages/frameline/'

// dist/ as GitHub Pages would serve it: files only, no demo WebSocket server, under a sub-path.
describe('a first visit to a static host without the demo server', () => {
  const e2e = setupE2E(() => startStaticHost(PREFIX, { demo: false }))

  it('explains the demo and how to get it, and offers no connection that would fail', async () => {
    const { page } = await e2e.openApp()
    const sockets: string[] = []
    page.on('websocket', (socket) => sockets.push(socket.url()))
    const app = appPage(page)

    const welcome = page.getByRole('region', { name: 'No demo server here' })
    await welcome.waitFor()
    expect(await welcome.textContent()).toContain('served by a static host')
    expect(await welcome.textContent()).toContain('npm run dev')
    expect(await app.connectionNames()).toEqual([])
    expect(await page.getByText(/which this copy does not have/).count()).toBe(0)

    // The visitor's next step works: a connection of their own.
    await app.addConnectionButton.click()
    await app.urlField.waitFor()
    expect(await app.connectionNames()).toHaveLength(1)
    expect(sockets).toEqual([])
  })
})

describe('the preview server, which has the demo server', () => {
  const e2e = setupE2E()

  it('still starts with the demo connections, and they connect', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').waitFor()
    expect(await app.connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(await page.getByRole('region', { name: 'No demo server here' }).count()).toBe(0)
    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
  })
})
