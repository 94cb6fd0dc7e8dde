import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { axeViolations } from './support/axe.ts'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const DELAY_MS = 40

/** Answers {"ref": N, ...} with {"inReplyTo": N} after DELAY_MS, on 127.0.0.1 port 0; ref 99 is never answered. */
async function startReplyServer(): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const timers = new Set<ReturnType<typeof setTimeout>>()
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      let ref: unknown
      try {
        ref = (JSON.parse(data.toString()) as { ref?: unknown }).ref
      } catch {
        return
      }
      if (ref === 99) return
      const timer = setTimeout(() => {
        timers.delete(timer)
        socket.send(JSON.stringify({ inReplyTo: ref, status: 'done' }))
      }, DELAY_MS)
      timers.add(timer)
    })
  })
  cleanups.push(async () => {
    for (const timer of timers) clearTimeout(timer)
    for (const client of wss.clients) client.terminate()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  })
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error('expected a port')
  return `ws://127.0.0.1:${address.port}/`
}

describe('pairing by JSON paths in Chromium', () => {
  const e2e = setupE2E()

  it('pairs by the paths the user sets: the reply row shows its latency, the stats count it', async () => {
    const url = await startReplyServer()
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.addConnectionButton.click()
    await app.nameField.fill('Jobs')
    await app.urlField.fill(url)
    await app.connection('Jobs').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await eventually(async () => expect(await app.timeline.getByText('Not paired').count()).toBe(1))

    // Set the paths before anything is sent, so every request is paired as it goes.
    await app.timeline.getByRole('button', { name: 'Pair by…' }).click()
    const panel = page.getByRole('form', { name: 'Pair requests and replies' })
    await panel.getByLabel('Request path').fill('$.ref')
    await panel.getByLabel('Reply path').fill('$.inReplyTo[')
    await eventually(async () => expect(await panel.getByLabel('Reply path').getAttribute('aria-invalid')).toBe('true'))
    expect(await axeViolations(page)).toEqual([])
    await panel.getByLabel('Reply path').fill('$.inReplyTo')
    await panel.getByRole('button', { name: 'Apply' }).click()
    await eventually(async () => expect(await app.timeline.getByText('Pairs by $.ref → $.inReplyTo').count()).toBe(1))

    for (const ref of [1, 2, 99]) {
      await app.typeInEditor(`{"ref":${ref}}`)
      await app.sendButton.click()
      await eventually(async () => expect(await app.sentRows.count()).toBe(ref === 99 ? 3 : ref))
    }
    const previews = () => app.frames.locator('.tl-row-preview').allTextContents()
    await eventually(async () => expect((await previews()).filter((text) => text.includes('inReplyTo')).length).toBe(2))
    const replies = (await previews()).filter((text) => text.includes('inReplyTo'))
    for (const reply of replies) {
      const ms = Number(/ · (\d+) ms$/.exec(reply)?.[1])
      expect(reply).toMatch(/^\{"inReplyTo":[12],"status":"done"\} · \d+ ms$/)
      expect(ms).toBeGreaterThanOrEqual(DELAY_MS - 1)
    }
    const latency = app.timeline.locator('.tl-stats > div').filter({ has: page.locator('dt', { hasText: /^Latency$/ }) }).locator('dd')
    await eventually(async () => expect(await latency.textContent()).toMatch(/^2 paired · p50 \d+ ms · p95 \d+ ms · max \d+ ms · 1 unanswered$/))

    // The reply's detail jumps to its request.
    await app.frames.filter({ hasText: '"inReplyTo":1' }).click()
    await app.detail.getByRole('button', { name: 'Go to request' }).click()
    await eventually(async () => expect(await page.getByTestId('frame-detail-body').textContent()).toContain('"ref"'))

    // The setting is the workspace's: it survives a reload.
    await page.reload()
    await eventually(async () => expect(await appPage(page).timeline.getByText('Pairs by $.ref → $.inReplyTo').count()).toBe(1))
  })
})
