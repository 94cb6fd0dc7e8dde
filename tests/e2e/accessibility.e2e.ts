import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// Issue 13: axe-core finds no serious or critical violation on the main screens, in both themes.
describe('accessibility (axe-core) in Chromium', () => {
  const e2e = setupE2E()

  async function expectNoViolations(page: Page, screen: string) {
    const violations = await axeViolations(page)
    expect(violations, `${screen}:\n${violations.join('\n')}`).toEqual([])
  }

  async function connectedWithFrames(page: Page) {
    const app = appPage(page)
    await app.waitForEditor()
    await app.connection('Demo echo').click()
    await app.urlField.fill(`${DEMO_WS}echo`)
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.typeInEditor('{"hello":"axe"}')
    await app.sendButton.click()
    await app.receivedRows.first().waitFor()
    await app.receivedRows.first().click()
    await app.detail.waitFor()
    return app
  }

  it('a theme chosen in the header overrides the system, is remembered after a reload, and Monaco follows', async () => {
    const { page } = await e2e.openApp()
    await page.emulateMedia({ colorScheme: 'dark' })
    const app = appPage(page)
    await app.waitForEditor()
    const colours = () =>
      page.evaluate(() => ({
        page: getComputedStyle(document.body).backgroundColor,
        editor: getComputedStyle(document.querySelector('.monaco-editor .monaco-editor-background') ?? document.body).backgroundColor,
      }))
    expect(await colours()).toEqual({ page: 'rgb(15, 23, 42)', editor: 'rgb(15, 23, 42)' })

    await page.getByRole('banner').getByRole('combobox', { name: 'Theme' }).selectOption('light')
    await eventually(async () => expect(await colours()).toEqual({ page: 'rgb(255, 255, 255)', editor: 'rgb(255, 255, 255)' }))
    await expectNoViolations(page, 'light chosen on a dark system')

    await page.reload()
    await app.waitForEditor()
    expect(await page.getByRole('combobox', { name: 'Theme' }).inputValue()).toBe('light')
    await eventually(async () => expect(await colours()).toEqual({ page: 'rgb(255, 255, 255)', editor: 'rgb(255, 255, 255)' }))

    // Back to the system's: the page follows a change of the system again.
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system')
    await eventually(async () => expect((await colours()).page).toBe('rgb(15, 23, 42)'))
    await page.emulateMedia({ colorScheme: 'light' })
    await eventually(async () => expect(await colours()).toEqual({ page: 'rgb(255, 255, 255)', editor: 'rgb(255, 255, 255)' }))
  })

  for (const scheme of ['light', 'dark'] as const) {
    describe(`${scheme} colour scheme`, () => {
      it('first screen', async () => {
        const { page } = await e2e.openApp()
        await page.emulateMedia({ colorScheme: scheme })
        await appPage(page).waitForEditor()
        await expectNoViolations(page, 'first screen')
      })

      it('a connected connection with frames and a selected frame', async () => {
        const { page } = await e2e.openApp()
        await page.emulateMedia({ colorScheme: scheme })
        await connectedWithFrames(page)
        await expectNoViolations(page, 'connected with a selected frame')
      })

      it('each dialog and popover', async () => {
        const { page } = await e2e.openApp()
        await page.emulateMedia({ colorScheme: scheme })
        const app = await connectedWithFrames(page)

        await app.header.getByRole('button', { name: 'Options' }).click()
        // Both popovers load on first use: check them once they are in.
        await app.header.getByRole('group', { name: 'Connection options' }).waitFor()
        await expectNoViolations(page, 'connection options')
        await app.header.getByRole('button', { name: 'Options' }).click()

        await app.timeline.getByRole('button', { name: 'Retention settings' }).click()
        await page.getByRole('form', { name: 'Timeline retention' }).waitFor()
        await expectNoViolations(page, 'retention popover')
        await page.keyboard.press('Escape')

        await app.sidebar.getByRole('button', { name: 'Delete workspace' }).click()
        await expectNoViolations(page, 'delete workspace confirmation')
        await page.keyboard.press('Escape')

        for (const [button, dialogName] of [
          ['Export workspace', /^Export workspace “/],
          ['Export connection', /^Export connection “/],
          ['Import workspace', /^Import workspace$/],
          ['Share link', /^Share “.*” as a link$/],
        ] as const) {
          await app.sidebar.getByRole('button', { name: button, exact: true }).click()
          await page.getByRole('dialog', { name: dialogName }).waitFor()
          await expectNoViolations(page, `${button} dialog`)
          await page.keyboard.press('Escape')
          await page.getByRole('dialog').waitFor({ state: 'detached' })
        }

        await page.keyboard.press('Control+k')
        await page.getByRole('dialog', { name: 'Commands' }).waitFor()
        await expectNoViolations(page, 'command palette')
        await page.keyboard.press('Escape')
        await app.sidebar.getByRole('button', { name: 'Shortcuts (?)' }).click()
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
        await expectNoViolations(page, 'shortcut sheet')
        await page.keyboard.press('Escape')
        await page.getByRole('dialog').waitFor({ state: 'detached' })

        // The import preview, from pasted text.
        await app.sidebar.getByRole('button', { name: 'Import workspace', exact: true }).click()
        const dialog = page.getByRole('dialog', { name: 'Import workspace' })
        const file = JSON.stringify({ format: 'frameline.workspace', version: 1, workspace: { name: 'Pasted', connections: [] } })
        await dialog.getByRole('textbox', { name: 'Or paste JSON' }).fill(file)
        await dialog.getByRole('button', { name: 'Read pasted JSON' }).click()
        await page.getByRole('dialog', { name: 'Import “Pasted”' }).waitFor()
        await expectNoViolations(page, 'import preview')
      })

      it('a share link that cannot be opened', async () => {
        const { page } = await e2e.openApp('#share=v1.AAAAcut-off')
        await page.emulateMedia({ colorScheme: scheme })
        await page.getByRole('dialog', { name: 'This share link cannot be opened' }).waitFor()
        await expectNoViolations(page, 'broken share link')
      })
    })
  }
})
