import { describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// Issue 10: "a regex filter and a saved preset survive a reload", in the built app with the demo echo server.
describe('timeline filters and presets across a reload (Chromium)', () => {
  const e2e = setupE2E()

  async function send(app: AppPage, text: string): Promise<void> {
    await app.typeInEditor(text)
    await eventually(async () => expect(await app.editorLine()).toBe(text))
    await app.page.keyboard.press('Control+Enter')
  }

  async function sendAll(app: AppPage): Promise<void> {
    for (const text of ['{"type":"alpha","n":1}', '{"type":"beta","n":2}', '{"type":"alpha","n":3}']) {
      // Counted in the stats, not the rows: a filter may hide the echo.
      const before = await app.statCount('In')
      await send(app, text)
      await eventually(async () => expect(await app.statCount('In')).toBe(before + 1))
    }
  }

  it('keeps a regex filter applied and a saved preset listed after a reload, and the preset applies', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    const search = app.timeline.getByRole('searchbox', { name: /^Search frames/ })
    const regexToggle = app.timeline.getByRole('button', { name: 'Regular expression' })

    await app.addConnectionButton.click()
    await app.nameField.fill('Filtered echo')
    await app.urlField.fill(`${DEMO_WS}echo`)
    await app.connection('Filtered echo').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await sendAll(app)

    await regexToggle.click()
    await search.fill('"alpha".*"n":[13]')
    // Two sent and two echoed alphas; the beta pair and the connection events are filtered out.
    await eventually(async () => expect(await app.frames.count()).toBe(4))
    for (const text of await app.frames.allTextContents()) expect(text).toContain('alpha')

    await app.timeline.getByRole('button', { name: 'Filters' }).click()
    const panel = app.timeline.getByRole('group', { name: 'Filter presets' })
    await panel.getByRole('textbox', { name: 'Save filter as…' }).fill('Alphas only')
    await panel.getByRole('button', { name: 'Save', exact: true }).click()
    await eventually(async () => expect(await panel.getByRole('list', { name: 'Saved filters' }).getByRole('listitem').count()).toBe(1))
    expect(await panel.textContent()).toContain('Alphas only')
    await page.keyboard.press('Escape')

    // Storage writes are debounced (the filter's by 400 ms): reload once they have landed.
    await page.waitForTimeout(1500)
    await page.reload()
    await app.connection('Filtered echo').click()

    // The same filter, applied: the query is in the box and the regex toggle is on.
    await eventually(async () => expect(await search.inputValue()).toBe('"alpha".*"n":[13]'))
    expect(await regexToggle.getAttribute('aria-pressed')).toBe('true')
    // Frames are not kept across reloads; new ones are filtered the same way.
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await sendAll(app)
    await eventually(async () => expect(await app.frames.count()).toBe(4))
    for (const text of await app.frames.allTextContents()) expect(text).toContain('alpha')
    expect(await app.timeline.locator('.tl-match-count').textContent()).toMatch(/^4 of \d+/)

    // Cleared, every frame shows; the preset is still listed and brings the filter back.
    await search.fill('')
    await regexToggle.click()
    await eventually(async () => expect(await app.frames.count()).toBeGreaterThanOrEqual(6))
    await app.timeline.getByRole('button', { name: 'Filters' }).click()
    await panel.getByRole('button', { name: 'Apply preset Alphas only' }).click()
    await eventually(async () => expect(await search.inputValue()).toBe('"alpha".*"n":[13]'))
    expect(await regexToggle.getAttribute('aria-pressed')).toBe('true')
    await eventually(async () => expect(await app.frames.count()).toBe(4))
    await app.disconnectButton.click()
  }, 90_000)

  // Issue 13's bar for the new popovers: no serious or critical axe-core violation, in both themes.
  it.each(['light', 'dark'] as const)('the filter popovers, the row menu and the chips pass axe-core (%s)', async (scheme) => {
    const { page } = await e2e.openApp()
    await page.emulateMedia({ colorScheme: scheme })
    const app = appPage(page)
    const expectNoViolations = async (screen: string) => {
      const violations = await axeViolations(page)
      expect(violations, `${screen}:\n${violations.join('\n')}`).toEqual([])
    }
    await app.addConnectionButton.click()
    await app.urlField.fill(`${DEMO_WS}echo`)
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await sendAll(app)

    await app.timeline.getByRole('button', { name: 'Filters' }).click()
    await app.timeline.getByRole('group', { name: 'More filters' }).getByRole('radio', { name: 'Between' }).check()
    await expectNoViolations('more filters popover')
    await page.keyboard.press('Escape')

    await app.timeline.getByRole('searchbox', { name: /^Search frames/ }).fill('(unclosed')
    await app.timeline.getByRole('button', { name: 'Regular expression' }).click()
    await app.timeline.getByRole('button', { name: 'Filters' }).click()
    const panel = app.timeline.getByRole('group', { name: 'Filter presets' })
    await panel.getByRole('textbox', { name: 'Save filter as…' }).fill('Broken on purpose')
    await panel.getByRole('button', { name: 'Save', exact: true }).click()
    await panel.getByText(/Not a regular expression/).waitFor()
    await expectNoViolations('presets popover with a flagged preset')
    await page.keyboard.press('Escape')
    await app.timeline.getByRole('searchbox', { name: /^Search frames/ }).fill('')

    await app.receivedRows.first().click({ button: 'right' })
    await page.getByRole('menu', { name: 'Frame actions' }).waitFor()
    await expectNoViolations('row menu')
    await page.getByRole('menuitem', { name: 'Hide frames like this' }).click()
    await app.timeline.getByRole('list', { name: 'Hidden frames' }).waitFor()
    await expectNoViolations('exclusion chips')
    await app.disconnectButton.click()
  }, 90_000)
})
