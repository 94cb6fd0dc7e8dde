import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

/** An SSE server of the test's own on 127.0.0.1 (CORS open), which the test can stop and restart on its port. */
async function startTickServer(port = 0) {
  const sockets = new Set<Socket>()
  const lastEventIds: (string | undefined)[] = []
  const server: Server = createServer((req, res: ServerResponse) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' }
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end()
    const last = req.headers['last-event-id']
    lastEventIds.push(typeof last === 'string' ? last : undefined)
    let seq = typeof last === 'string' ? Number(last) : 0
    res.writeHead(200, { ...cors, 'Content-Type': 'text/event-stream' })
    res.write('retry: 300\n\n')
    const timer = setInterval(() => {
      seq += 1
      res.write(`event: ${seq % 2 === 0 ? 'even' : 'odd'}\nid: ${seq}\ndata: {"seq":${seq}}\n\n`)
    }, 100)
    res.on('close', () => clearInterval(timer))
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready))
  return {
    port: (server.address() as AddressInfo).port,
    lastEventIds,
    stop: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy()
        server.close(() => done())
      }),
  }
}

describe('Socket.IO and Server-Sent Events connections in the built app (Chromium)', () => {
  const e2e = setupE2E()

  it('emits with two arguments and an ack, shows the round trip, server-pushed events, and an auth refusal', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    const origin = new URL(e2e.baseUrl()).origin

    await app.sidebar.getByRole('button', { name: 'Add connection of a kind' }).click()
    await app.sidebar.getByRole('menuitem', { name: /^Socket\.IO/ }).click()
    await app.urlField.fill(origin)
    await app.header.getByLabel('Namespace').fill('/demo')
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    const composer = app.composer
    await composer.getByLabel('Event').fill('echo')
    await composer.getByRole('textbox', { name: 'Argument 1' }).fill('{"a": [1, 2]}')
    await composer.getByRole('button', { name: '+ Argument' }).click()
    await composer.getByRole('combobox', { name: 'Argument 2 type' }).selectOption('text')
    await composer.getByRole('textbox', { name: 'Argument 2' }).fill('second')
    await composer.getByLabel('Expect an ack').check()
    await composer.getByRole('button', { name: 'Emit' }).click()

    const ack = app.frames.filter({ hasText: /ack of #1 echo · \d+ ms · \{"a":\[1,2\]\}, "second"/ })
    await ack.first().waitFor()
    await expect(app.frames.filter({ hasText: 'echo #1 (awaits ack)' }).count()).resolves.toBe(1)
    // The server's ticker pushes events by itself.
    await eventually(async () => expect(await app.frames.filter({ hasText: /^.*tick · \{"seq":/ }).count()).toBeGreaterThan(0), 5000)
    await ack.first().click()
    await eventually(async () => expect(await app.detail.textContent()).toMatch(/Ack ofemit #1, round trip \d+ ms/))
    await app.disconnectButton.click()

    // A namespace that checks auth refuses a wrong token, and the timeline says why.
    await app.sidebar.getByRole('button', { name: 'Add connection of a kind' }).click()
    await app.sidebar.getByRole('menuitem', { name: /^Socket\.IO/ }).click()
    await app.urlField.fill(origin)
    await app.header.getByLabel('Namespace').fill('/secure')
    await app.header.getByLabel('Auth (JSON, sent at connect)').fill('{"token": "wrong"}')
    await app.connectButton.click()
    await app.frames.filter({ hasText: 'The server refused the connection: invalid token.' }).first().waitFor()
  })

  it('runs socket.io-client on the page under the built CSP (Worker blocked): polling, upgrade, emit and ack, no violation', async () => {
    // The meta CSP governs the page, not a Worker's own script: with the Worker refused, the runtime
    // (and socket.io-client with it) runs on the main thread, where a blocked eval would be reported.
    const guarded = await e2e.openApp('about:blank')
    const { page } = guarded
    await page.route(/worker-entry-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: 'not here' }))
    await page.goto(new URL('', e2e.baseUrl()).toString())
    await page.getByText(/Connections run on the page’s main thread/).waitFor({ timeout: 15_000 })
    guarded.takeProblems()
    const app = appPage(page)
    await app.sidebar.getByRole('button', { name: 'Add connection of a kind' }).click()
    await app.sidebar.getByRole('menuitem', { name: /^Socket\.IO/ }).click()
    await app.urlField.fill(new URL(e2e.baseUrl()).origin)
    await app.header.getByLabel('Namespace').fill('/demo')
    await app.header.getByLabel('Transports').selectOption('polling')
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.frames.filter({ hasText: 'Transport upgraded to websocket.' }).first().waitFor()
    await app.composer.getByLabel('Event').fill('echo')
    await app.composer.getByLabel('Expect an ack').check()
    await app.composer.getByRole('button', { name: 'Emit' }).click()
    await app.frames.filter({ hasText: /ack of #1 echo · \d+ ms/ }).first().waitFor()
    // Nothing but the refused worker script: no CSP violation from socket.io-client.
    expect(guarded.takeProblems().filter((p) => !/404|worker-entry/.test(p))).toEqual([])
  })

  it('streams named SSE events, and after a server restart resumes with Last-Event-ID', async () => {
    const first = await startTickServer()
    const port = first.port
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.sidebar.getByRole('button', { name: 'Add connection of a kind' }).click()
    await app.sidebar.getByRole('menuitem', { name: /^Server-Sent Events/ }).click()
    await app.urlField.fill(`http://127.0.0.1:${port}/events`)
    // SSE has no composer: nothing to send after connecting.
    await expect(app.composer.getByRole('button', { name: 'Send' }).count()).resolves.toBe(0)
    await app.connectButton.click()
    await app.frames.filter({ hasText: /^.*odd #1 · \{"seq":1\}/ }).first().waitFor()
    await app.frames.filter({ hasText: /even #2 · / }).first().waitFor()
    await app.frames.filter({ hasText: 'HTTP 200 OK · text/event-stream' }).first().waitFor()

    await first.stop()
    await app.frames.filter({ hasText: /Reconnecting in 0\.3 s with Last-Event-ID: \d+/ }).first().waitFor()
    const second = await startTickServer(port)
    try {
      await eventually(() => expect(second.lastEventIds.length).toBeGreaterThan(0), 10_000)
      const resumedFrom = Number(second.lastEventIds[0])
      expect(resumedFrom).toBeGreaterThanOrEqual(2)
      await app.frames.filter({ hasText: new RegExp(`#${resumedFrom + 1} · \\{"seq":${resumedFrom + 1}\\}`) }).first().waitFor()
      await app.disconnectButton.click()
      await app.frames.filter({ hasText: /Closed by you; no reconnect follows/ }).first().waitFor()
    } finally {
      await second.stop()
    }
  })
})
