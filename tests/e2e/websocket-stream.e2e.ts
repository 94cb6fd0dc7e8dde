import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import type { Page } from 'playwright-core'
import { setupE2E, type E2E } from './support/e2e.ts'

// 1 KB frames: 30 MB in all is more than the loopback socket buffers and Chromium's read-ahead
// hold (about 10 MB here), so what is left backs up in the server's own send buffer.
const FRAME_BYTES = 1000
const FLOOD_FRAMES = 30_000

type FloodServer = {
  port: number
  /** The server side of the (single) connection, once it exists. */
  socket: () => WebSocket | undefined
  /** Bytes the server has handed to `ws` that the kernel has not taken yet (TCP backpressure). */
  buffered: () => number
  /** Sends `count` frames numbered from `from`, as fast as `ws` accepts them (no cap: nothing is dropped). */
  send: (from: number, count: number) => void
  closes: { code: number; reason: string }[]
  stop: () => Promise<void>
}

async function startFloodServer(): Promise<FloodServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
  await new Promise<void>((ready) => wss.once('listening', ready))
  let current: WebSocket | undefined
  const closes: { code: number; reason: string }[] = []
  wss.on('connection', (ws) => {
    current = ws
    ws.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }))
  })
  const pad = 'x'.repeat(FRAME_BYTES - 20)
  return {
    port: (wss.address() as AddressInfo).port,
    socket: () => current,
    buffered: () => current?.bufferedAmount ?? 0,
    send(from, count) {
      const ws = current
      if (!ws) throw new Error('no client connected')
      for (let seq = from; seq < from + count; seq++) ws.send(`${String(seq).padStart(8, '0')} ${pad}`)
    },
    closes,
    stop: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate()
        wss.close(() => done())
      }),
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

async function addStreamConnection(app: AppPage, url: string): Promise<void> {
  await app.sidebar.getByRole('button', { name: 'Add connection of a kind' }).click()
  await app.sidebar.getByRole('menuitem', { name: /^WebSocketStream/ }).click()
  await app.urlField.fill(url)
  await app.connectButton.click()
  await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
}

/** A flood server, the app, and a WebSocketStream connection to `path` on it that is open; the server stops after `run`. */
async function withStreamConnection(e2e: E2E, path: string, run: (opened: { page: Page; app: AppPage; server: FloodServer }) => Promise<void>): Promise<void> {
  const server = await startFloodServer()
  try {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await addStreamConnection(app, `ws://127.0.0.1:${server.port}${path}`)
    await run({ page, app, server })
  } finally {
    await server.stop()
  }
}

describe('WebSocketStream connections in the built app (Chromium)', () => {
  const e2e = setupE2E()

  it('pauses reading: the server sees its send buffer grow and the timeline stops; after resume every frame arrives in order', async () => {
    await withStreamConnection(e2e, '/flood', async ({ page, app, server }) => {
      const pause = app.header.getByRole('button', { name: 'Pause reading' })
      const readState = app.header.locator('.connection-read-state')

      server.send(0, 100)
      await eventually(async () => expect(await app.statCount('In')).toBe(100))
      await pause.click()
      await eventually(async () => expect(await readState.textContent()).toMatch(/^Reading paused for \d+ s/))

      server.send(100, FLOOD_FRAMES - 100)
      // Backpressure: the kernel stops taking bytes once the browser stops reading, so what the
      // server has queued stays queued. Sampled over two seconds, it must not drain.
      await eventually(() => expect(server.buffered()).toBeGreaterThan(4 * 1024 * 1024), 10_000)
      // A read already asked for when Pause was pressed may still deliver its one message.
      const pausedAt = await app.statCount('In')
      expect(pausedAt).toBeGreaterThanOrEqual(100)
      expect(pausedAt).toBeLessThanOrEqual(101)
      const samples: number[] = []
      for (let i = 0; i < 4; i++) {
        samples.push(server.buffered())
        await sleep(500)
      }
      expect(Math.min(...samples)).toBeGreaterThan(4 * 1024 * 1024)
      // Nothing more was read while paused.
      expect(await app.statCount('In')).toBe(pausedAt)
      await eventually(async () => expect(await readState.textContent()).toMatch(/^Reading paused for [2-9] s/), 5000)
      console.info(`[websocket-stream e2e] paused: server bufferedAmount ${samples.map((b) => (b / 1048576).toFixed(1)).join(', ')} MB; timeline stayed at ${pausedAt} frames`)

      await app.header.getByRole('button', { name: 'Resume reading' }).click()
      await eventually(async () => expect(await app.statCount('In')).toBe(FLOOD_FRAMES), 60_000, 250)
      expect(server.buffered()).toBe(0)
      expect(await readState.textContent()).toMatch(/^Reading as fast as messages arrive\. Paused [2-9] s in all\./)

      // Every frame, in order: the exported timeline holds 0 … FLOOD_FRAMES-1 exactly once each.
      await app.timeline.getByRole('button', { name: 'Export…' }).click()
      const exportDialog = page.getByRole('dialog', { name: /^Export timeline of/ })
      await exportDialog.getByRole('radio', { name: /JSON array/ }).check()
      const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Export' }).click()])
      const records: { direction: string; kind: string; text?: string }[] = JSON.parse(await readFile(await download.path(), 'utf8'))
      const seqs = records.filter((r) => r.kind === 'message' && r.direction === 'in').map((r) => Number(r.text?.slice(0, 8)))
      expect(seqs.length).toBe(FLOOD_FRAMES)
      expect(seqs.every((seq, i) => seq === i)).toBe(true)
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
      // The timeline says when reading paused and for how long (the rows sit among 30,000 frames).
      await app.timeline.getByRole('searchbox').fill('Reading ')
      await eventually(async () => expect(await app.frames.count()).toBe(2))
      expect(await app.frames.nth(0).textContent()).toContain('Reading paused: messages wait')
      expect(await app.frames.nth(1).textContent()).toMatch(/Reading resumed after \d+(\.\d)? s paused/)
    })
  }, 120_000)

  it('disconnects while paused with unread frames: the close completes with its code and the page stays alive', async () => {
    await withStreamConnection(e2e, '/flood', async ({ page, app, server }) => {
      await app.header.getByRole('button', { name: 'Pause reading' }).click()
      await app.header.getByRole('button', { name: 'Resume reading' }).waitFor()
      server.send(0, FLOOD_FRAMES)
      await eventually(() => expect(server.buffered()).toBeGreaterThan(4 * 1024 * 1024), 10_000)

      await app.header.getByRole('button', { name: 'Options' }).click()
      await app.header.getByLabel('Close code').fill('4001')
      await app.header.getByLabel('Close reason').fill('slow consumer done')
      await app.disconnectButton.click()
      await eventually(async () => expect(await app.status.textContent()).toContain("Disconnected"), 15_000)
      expect(await app.status.textContent()).toContain('4001')
      await eventually(() => expect(server.closes).toEqual([{ code: 4001, reason: 'slow consumer done' }]), 5000)
      // The page still answers and the timeline says why reading resumed.
      expect(await page.evaluate(() => document.title)).toMatch(/Frameline/)
      await app.timeline.getByRole('searchbox').fill('Reading resumes to finish closing')
      await eventually(async () => expect(await app.frames.count()).toBe(1))
    })
  }, 60_000)
})

describe('WebSocketStream: read delay, and a browser without it (Chromium)', () => {
  const e2e = setupE2E()

  it('a read delay per message slows reading; setting it back to 0 reads the rest at once', async () => {
    await withStreamConnection(e2e, '/slow', async ({ app, server }) => {
      const delay = app.header.getByLabel('Read delay (ms)')
      await delay.fill('400')
      await delay.press('Enter')
      await eventually(async () => expect(await app.header.locator('.connection-read-state').textContent()).toBe('Reading slowly: 400 ms after each message.'))
      server.send(0, 20)
      await sleep(1500)
      // 400 ms after each message: at most 5 of the 20 can have been read in 1.5 s.
      const slow = await app.statCount('In')
      expect(slow).toBeGreaterThan(0)
      expect(slow).toBeLessThanOrEqual(5)
      await delay.fill('0')
      await delay.press('Enter')
      await eventually(async () => expect(await app.statCount('In')).toBe(20), 5000)
    })
  }, 60_000)

  it('where the browser has no WebSocketStream, the connection says so and offers a plain WebSocket', async () => {
    const { page } = await e2e.openApp()
    await page.addInitScript(() => {
      delete (globalThis as { WebSocketStream?: unknown }).WebSocketStream
    })
    await page.reload()
    const app = appPage(page)
    await app.sidebar.getByRole('button', { name: 'Add connection of a kind' }).click()
    await app.sidebar.getByRole('menuitem', { name: /^WebSocketStream/ }).click()
    await app.urlField.fill('ws://127.0.0.1:9/never')
    await app.header.getByText(/^This browser has no WebSocketStream/).waitFor()
    expect(await app.connectButton.isDisabled()).toBe(true)
    await app.header.getByRole('button', { name: 'Use WebSocket instead' }).click()
    await eventually(async () => expect(await app.connectButton.isDisabled()).toBe(false))
    expect(await app.header.getByText(/^This browser has no WebSocketStream/).count()).toBe(0)
    expect(await app.urlField.inputValue()).toBe('ws://127.0.0.1:9/never')
  }, 60_000)
})
