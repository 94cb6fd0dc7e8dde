import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { startStaticHost } from './support/static-server.ts'

const PREFIX = '/tools/frameline/'

// dist/ on a plain static host under a sub-path, with no Vite involved.
describe('the built app on a static host under a sub-path', () => {
  const e2e = setupE2E(() => startStaticHost(PREFIX))

  it('loads, runs Monaco with its JSON worker, and reaches the demo server under the same path', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)

    await app.connection('Demo echo').click()
    const demoHost = new URL(e2e.baseUrl()).host
    expect(await app.urlField.inputValue()).toBe(`ws://${demoHost}${PREFIX}demo/echo`)
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    // Syntax errors are marked by the JSON language worker: proof the worker loaded from the sub-path.
    await app.typeInEditor('{"broken": ')
    await app.editor.locator('.squiggly-error').first().waitFor({ timeout: 15_000 })

    await app.typeInEditor('{"from":"sub-path"}')
    await page.keyboard.press('Control+Enter')
    await app.receivedRows.first().waitFor()
    expect(await app.receivedRows.first().textContent()).toContain('{"from":"sub-path"}')
  })

  it('paints and connects before the lazily loaded Monaco chunk arrives', async () => {
    const { page } = await e2e.openApp('about:blank')
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let editorChunkRequested = false
    // Page routes run before the guard's context route: hold back only the editor chunk.
    await page.route(/payload-editor-[\w-]+\.js$/, async (route) => {
      editorChunkRequested = true
      await held
      await route.fallback()
    })
    await page.goto(e2e.baseUrl())
    const app = appPage(page)

    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    expect(await app.composer.getByText('Loading editor…').first().isVisible()).toBe(true)
    expect(await app.editor.count()).toBe(0)
    expect(editorChunkRequested).toBe(true)

    release()
    await app.waitForEditor()
    expect(await app.composer.getByText('Loading editor…').count()).toBe(0)
  })
})
