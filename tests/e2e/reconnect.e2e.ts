import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

// Opt-in automatic reconnect (docs/reliability.md R5) in the built app, against a real server that goes
// away and comes back on the same port. The policy's first retry waits 1 s ±30 %, the second
// 2 s ±30 %, the third 4 s ±30 %: every wait below is bounded by those.

type Restartable = {
  port: number
  /** Handshakes accepted since the first start. */
  accepted: () => number
  stop: () => Promise<void>
  start: () => Promise<void>
}

function listen(port: number): Promise<WebSocketServer> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ host: '127.0.0.1', port })
    server.once('listening', () => resolve(server))
    server.once('error', reject)
  })
}

/** A `ws` server on a port picked once (port 0) and reused, so it can be stopped and restarted. */
async function startRestartable(): Promise<Restartable> {
  let server: WebSocketServer | undefined = await listen(0)
  const port = (server.address() as AddressInfo).port
  let accepted = 0
  const count = (s: WebSocketServer) => s.on('connection', () => (accepted += 1))
  count(server)
  return {
    port,
    accepted: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        const current = server
        server = undefined
        if (!current) return resolve()
        // terminate(): the client sees the connection drop (1006), not a polite close.
        for (const client of current.clients) client.terminate()
        current.close(() => resolve())
      }),
    async start() {
      if (server) return
      server = await listen(port)
      count(server)
    },
  }
}

describe('automatic reconnect in Chromium', () => {
  const e2e = setupE2E()
  let target: Restartable | undefined

  afterEach(async () => {
    await target?.stop()
    target = undefined
  })

  it('retries after the server goes away, connects again by itself once it is back, and stops for Disconnect', async () => {
    target = await startRestartable()
    const server = target
    const url = `ws://127.0.0.1:${server.port}/feed`
    const guarded = await e2e.openApp()
    // The retries made while the server is down fail, and Chromium logs each one.
    guarded.allowConsoleError(new RegExp(`WebSocket connection to 'ws://127\\.0\\.0\\.1:${server.port}/feed' failed`))
    const app = appPage(guarded.page)

    await app.addConnectionButton.click()
    await app.nameField.fill('Flaky feed')
    await app.urlField.fill(url)
    await app.connection('Flaky feed').waitFor()
    await app.header.getByRole('button', { name: 'Options' }).click()
    const autoReconnect = app.header.getByRole('checkbox', { name: 'Reconnect automatically' })
    await autoReconnect.check()
    expect(await autoReconnect.isChecked()).toBe(true)
    // Closed again: open, the options (now with the runner-only headers field) leave the
    // timeline too short to show every row this test counts.
    await app.header.getByRole('button', { name: 'Options' }).click()

    const openRows = app.frames.filter({ hasText: /Connected · no subprotocol negotiated/ })
    const reconnectNotices = app.frames.filter({ hasText: /Reconnecting in \d+\.\d s \(attempt \d+ of 10\)/ })
    const countdown = app.header.getByRole('status').filter({ hasText: /^Reconnecting in \d+ s… \(attempt \d+\/10\)$/ })

    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toMatch(/^Connected/))
    await eventually(() => expect(server.accepted()).toBe(1))
    expect(await openRows.count()).toBe(1)

    // The server goes away: a drop nobody asked for, so a retry is armed and counted down.
    await server.stop()
    await countdown.waitFor({ timeout: 5_000 })
    await eventually(async () => expect(await reconnectNotices.count()).toBeGreaterThanOrEqual(1), 5_000)
    expect(await reconnectNotices.first().textContent()).toMatch(/Reconnecting in (0\.[7-9]|1\.[0-3]) s \(attempt 1 of 10\)/)
    expect(await app.status.textContent()).not.toMatch(/^Connected/)

    // The first retry (≤ 1.3 s) finds nothing listening; the second is armed with a longer wait.
    await app.frames.filter({ hasText: /Reconnecting in \d+\.\d s \(attempt 2 of 10\)/ }).waitFor({ timeout: 5_000 })
    expect(server.accepted()).toBe(1)

    // Back on the same port: the waiting retry (≤ 2.6 s) connects with no click.
    await server.start()
    await eventually(async () => expect(await app.status.textContent()).toMatch(/^Connected/), 6_000)
    await eventually(() => expect(server.accepted()).toBe(2))
    expect(await openRows.count()).toBe(2)
    expect(await countdown.count()).toBe(0)
    expect(await app.disconnectButton.isVisible()).toBe(true)

    // The user's own Disconnect is not a drop: nothing is retried, though the server is up and a
    // retry would succeed. Waited out past the next backoff (attempt 3: 4 s +30 % = 5.2 s).
    const noticesBefore = await reconnectNotices.count()
    await app.disconnectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toMatch(/^Disconnected/))
    await guarded.page.waitForTimeout(5_600)
    expect(await app.status.textContent()).toMatch(/^Disconnected/)
    expect(await countdown.count()).toBe(0)
    expect(await reconnectNotices.count()).toBe(noticesBefore)
    expect(await openRows.count()).toBe(2)
    expect(server.accepted()).toBe(2)
    expect(await app.connectButton.isVisible()).toBe(true)
  })
})
