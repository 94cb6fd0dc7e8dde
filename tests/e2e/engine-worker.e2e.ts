import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// The connection runtime runs in a dedicated Worker in the built app; when that Worker cannot
// start, the app says so and runs it on the page instead of showing nothing.
describe('the connection engine in its Worker', () => {
  const e2e = setupE2E()

  it('runs connections in a dedicated Worker, and the page shows their frames', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await eventually(() => expect(page.workers().some((worker) => /worker-entry-[\w-]+\.js$/.test(worker.url()))).toBe(true))
    const worker = page.workers().find((w) => /worker-entry-[\w-]+\.js$/.test(w.url()))

    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.typeInEditor('{"from":"the worker test"}')
    await page.keyboard.press('Control+Enter')
    await app.receivedRows.first().waitFor()
    expect(await app.receivedRows.first().textContent()).toContain('the worker test')
    expect(worker).toBeDefined()
    // The worker is alive and answering (it is a module worker with the runtime loaded).
    expect(await worker?.evaluate(() => typeof (self as unknown as { postMessage?: unknown }).postMessage)).toBe('function')
    expect(await page.getByText(/Connections run on the page’s main thread/).count()).toBe(0)
  })

  it('says so and still connects when the Worker script cannot load', async () => {
    const guarded = await e2e.openApp('about:blank')
    const { page } = guarded
    // As on a host that refuses to serve it: the worker's script answers 404.
    await page.route(/worker-entry-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: 'not here' }))
    await page.goto(new URL('', e2e.baseUrl()).toString())
    const app = appPage(page)
    await page.getByText(/Connections run on the page’s main thread because the connection worker/).waitFor({ timeout: 15_000 })
    guarded.takeProblems()

    await app.addConnectionButton.click()
    await app.nameField.fill('Fallback echo')
    await app.urlField.fill(`${DEMO_WS}echo`)
    await app.connection('Fallback echo').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await app.typeInEditor('"on the main thread"')
    await page.keyboard.press('Control+Enter')
    await app.receivedRows.first().waitFor()
    expect(await app.receivedRows.first().textContent()).toContain('on the main thread')
    // The 404 of the worker script is the only problem the page reported.
    expect(guarded.takeProblems().filter((p) => !/404|worker-entry/.test(p))).toEqual([])
  })
})
