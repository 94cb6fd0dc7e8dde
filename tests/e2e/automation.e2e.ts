import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

// Issue 9's automation in the built app, against the demo server `vite preview` runs: the ticker
// pushes {"type":"tick","seq":n,...} every 500 ms; echo sends back what it gets.
describe('automation in Chromium', () => {
  const e2e = setupE2E()

  it('an auto-responder answers the demo ticker: the reply is marked on the timeline and the hit count goes up', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo ticker').click()

    await app.composer.getByRole('button', { name: /^Automation/ }).click()
    const panel = app.composer.getByRole('region', { name: 'Automation' })
    await panel.getByRole('button', { name: 'Add rule' }).click()
    const rule = panel.getByRole('article', { name: 'Rule Rule 1' })
    await rule.getByRole('textbox', { name: 'Rule name' }).fill('Ack ticks')
    const named = panel.getByRole('article', { name: 'Rule Ack ticks' })
    await named.getByRole('combobox', { name: 'Match by' }).selectOption('json')
    await named.getByRole('textbox', { name: 'JSON path' }).fill('$.type')
    await named.getByRole('textbox', { name: 'Value' }).fill('"tick"')
    await named.getByRole('button', { name: 'Add capture' }).click()
    await named.getByPlaceholder('variable').fill('seq')
    await named.getByPlaceholder('$.id').fill('$.seq')
    await named.getByRole('textbox', { name: 'Reply' }).fill('{"ack":{{seq}}}')
    await named.getByRole('combobox', { name: 'Reply mode' }).selectOption('json')
    expect(await named.locator('.matcher-summary').textContent()).toBe('Matches a message where $.type = "tick".')

    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    // A reply row carries its marker, as text a screen reader reads with the row.
    const replies = app.frames.filter({ hasText: 'auto · Ack ticks' })
    await eventually(async () => expect(await replies.count()).toBeGreaterThanOrEqual(1), 5000)
    expect(await replies.first().textContent()).toMatch(/auto · Ack ticks\{"ack":\d+\}/)
    expect(await app.sentRows.filter({ hasText: 'auto · Ack ticks' }).count()).toBeGreaterThanOrEqual(1)

    const hits = named.getByRole('status', { name: 'Hits of rule Ack ticks' })
    const count = async () => Number.parseInt(((await hits.textContent()) ?? '').replace(/ hits?.*/, ''), 10)
    await eventually(async () => expect(await count()).toBeGreaterThanOrEqual(1), 5000)
    const first = await count()
    await eventually(async () => expect(await count()).toBeGreaterThanOrEqual(first + 2), 5000)
    // Every reply answers one tick: the ack numbers are tick seq numbers the server sent.
    const acked = (await replies.allTextContents()).map((text) => Number(/"ack":(\d+)/.exec(text)?.[1]))
    expect(acked.every((n) => Number.isInteger(n) && n >= 1)).toBe(true)

    await app.disconnectButton.click()
    await eventually(async () => expect(await app.status.textContent()).not.toContain('Connected'))
  })

  it('a heartbeat sends while open and stops on close', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').click()

    await app.composer.getByRole('button', { name: /^Automation/ }).click()
    const panel = app.composer.getByRole('region', { name: 'Automation' })
    await panel.getByRole('textbox', { name: 'every (ms)' }).fill('200')
    await panel.getByRole('textbox', { name: 'Heartbeat message' }).fill('hb')
    await panel.getByRole('combobox', { name: 'Heartbeat message mode' }).selectOption('text')
    await panel.getByRole('checkbox', { name: 'Send a heartbeat while connected' }).check()
    expect(await panel.getByRole('status', { name: 'Heartbeat status' }).textContent()).toBe('Starts when connected')

    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    const beats = app.sentRows.filter({ hasText: 'heartbeat' })
    await eventually(async () => expect(await beats.count()).toBeGreaterThanOrEqual(3), 5000)
    await eventually(async () => expect(await panel.getByRole('status', { name: 'Heartbeat status' }).textContent()).toMatch(/^Beating · \d+ sent$/))

    await app.disconnectButton.click()
    await eventually(async () => expect(await app.status.textContent()).not.toContain('Connected'))
    await eventually(async () => expect(await panel.getByRole('status', { name: 'Heartbeat status' }).textContent()).toBe('Starts when connected'))
    const atClose = await app.statCount('Out')
    // Five intervals later nothing more went out.
    await page.waitForTimeout(1000)
    expect(await app.statCount('Out')).toBe(atClose)
    expect(atClose).toBeGreaterThanOrEqual(3)
  })
})
