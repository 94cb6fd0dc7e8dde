import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

// Issue 13, keyboard: Tab leaves Monaco (it inserted indentation into the draft before), and
// "+ Add" takes the user to the new connection's URL.
describe('keyboard in Chromium', () => {
  const e2e = setupE2E()

  it('Tab leaves the Monaco editor without touching the draft; Ctrl+M switches Tab to indenting and back', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.typeInEditor('{"a":1}')
    await eventually(async () => expect(await app.editorLine()).toBe('{"a":1}'))
    const focusInEditor = () => page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)
    expect(await focusInEditor()).toBe(true)

    await page.keyboard.press('Tab')
    expect(await focusInEditor()).toBe(false)
    // Focus went to the next control, which says what Tab does.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Tab: leave editor · Ctrl+M: indent')
    await page.waitForTimeout(200)
    expect(await app.editorLine()).toBe('{"a":1}')

    // Shift+Tab comes back; Ctrl+M makes Tab indent, as it does in VS Code.
    await page.keyboard.press('Shift+Tab')
    await eventually(async () => expect(await focusInEditor()).toBe(true))
    await page.keyboard.press('End')
    await page.keyboard.press('Control+m')
    await app.composer.getByRole('button', { name: 'Tab: indent · Ctrl+M: leave editor' }).waitFor()
    await page.keyboard.press('Tab')
    expect(await focusInEditor()).toBe(true)
    // Monaco indents to the next tab stop (tab size 2): one space after these 7 characters.
    await eventually(async () => expect(await app.editorLine()).toBe('{"a":1} '))

    await page.keyboard.press('Control+m')
    await page.keyboard.press('Tab')
    expect(await focusInEditor()).toBe(false)
  })

  it('Ctrl+K opens the palette even from inside Monaco; a chosen command runs and the palette closes', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.typeInEditor('{}')
    await page.keyboard.press('Control+k')
    const palette = page.getByRole('dialog', { name: 'Commands' })
    await palette.waitFor()
    await page.keyboard.type('search the')
    await page.keyboard.press('Enter')
    await palette.waitFor({ state: 'detached' })
    await eventually(async () =>
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Search frames/),
    )
    // "?" typed in the search field is text, not the shortcut sheet.
    await page.keyboard.type('?')
    expect(await page.getByRole('dialog').count()).toBe(0)
  })

  it('"+ Add" puts focus in the new connection’s URL field, which is not marked as an error', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.addConnectionButton.click()
    await eventually(async () => expect(await app.urlField.evaluate((field) => field === document.activeElement)).toBe(true))
    expect(await app.urlField.getAttribute('aria-invalid')).toBeNull()
    await page.keyboard.type('ws://127.0.0.1:4173/demo/echo')
    await page.keyboard.press('Enter')
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    // Ctrl+Enter sends from the URL field too, once; and once from inside the editor.
    await app.typeInEditor('{"n":1}')
    await app.urlField.focus()
    await page.keyboard.press('Control+Enter')
    await app.receivedRows.first().waitFor()
    await app.editor.click()
    await page.keyboard.press('Control+Enter')
    await eventually(async () => expect(await app.statCount('Out')).toBe(2))
    await page.waitForTimeout(300)
    expect(await app.statCount('Out')).toBe(2)
  })
})
