import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

describe('the timeline’s event filter (Chromium, demo Socket.IO server)', () => {
  const e2e = setupE2E()

  it('lists the event names seen and shows only the chosen ones, while new events keep arriving', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.sidebar.getByRole('button', { name: 'Add connection of a kind' }).click()
    await app.sidebar.getByRole('menuitem', { name: /^Socket\.IO/ }).click()
    await app.urlField.fill(new URL(e2e.baseUrl()).origin)
    await app.header.getByLabel('Namespace').fill('/demo')
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    // The demo pushes "tick" every 500 ms; "chat" comes back as a broadcast of our own emit.
    await eventually(async () => expect(await app.frames.filter({ hasText: /tick · \{"seq":/ }).count()).toBeGreaterThan(0), 5000)
    await app.composer.getByLabel('Event').fill('chat')
    await app.composer.getByRole('textbox', { name: 'Argument 1' }).fill('{"hi": 1}')
    await app.composer.getByRole('button', { name: 'Emit' }).click()
    await eventually(async () => expect(await app.receivedRows.filter({ hasText: 'chat' }).count()).toBe(1))

    const button = app.timeline.getByRole('button', { name: 'Events: all' })
    await button.click()
    const panel = app.timeline.getByRole('group', { name: 'Event filter' })
    await eventually(async () => expect(await panel.getByRole('checkbox').count()).toBe(2))
    expect(await panel.locator('label').allTextContents()).toEqual(['tick', 'chat'])
    await panel.getByRole('checkbox', { name: 'chat' }).check()
    await page.keyboard.press('Escape')

    // Only the emit and its broadcast, and it stays so while ticks go on arriving.
    await eventually(async () => expect(await app.frames.count()).toBe(2))
    const ticksBefore = await app.statCount('In')
    await eventually(async () => expect(await app.statCount('In')).toBeGreaterThan(ticksBefore + 1), 5000)
    expect(await app.frames.count()).toBe(2)
    for (const text of await app.frames.allTextContents()) expect(text).toContain('chat')
    expect(await app.timeline.locator('.tl-match-count').textContent()).toMatch(/^2 of \d+/)

    await app.timeline.getByRole('button', { name: 'Events: 1' }).click()
    await panel.getByRole('button', { name: 'Show all events' }).click()
    await eventually(async () => expect(await app.frames.filter({ hasText: /tick · / }).count()).toBeGreaterThan(0))
    await app.disconnectButton.click()
  }, 60_000)
})
