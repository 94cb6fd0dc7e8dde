import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../src/demo-server/demo-server.ts'
import { listFiles, NOT_PRECACHED } from '../../src/offline/precache-plugin.ts'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { DIST, type RunningPreview } from './support/preview-server.ts'
import { startStaticHost } from './support/static-server.ts'

const PREFIX = '/apps/frameline/'

/** The precache list dist/sw.js was built with. */
function builtPrecache(root = DIST): { version: string; files: string[] } {
  const line = readFileSync(join(root, 'sw.js'), 'utf8').split('\n')[0] ?? ''
  const json = /^self\.FRAMELINE_PRECACHE = (.*);$/.exec(line)?.[1]
  if (!json) throw new Error('dist/sw.js does not start with its precache line')
  return JSON.parse(json) as { version: string; files: string[] }
}

/** Waits until the service worker is active and controls the page (it claims pages on activation). */
async function waitUntilControlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })
}

describe('the build output', () => {
  it('precaches every file of dist/ (workers included) except the worker itself and the demo status', () => {
    const expected = listFiles(DIST).filter((file) => !NOT_PRECACHED.has(file) && !file.endsWith('.map'))
    const { files } = builtPrecache()
    expect(files.map(decodeURIComponent)).toEqual(expected)
    // Every Vite-built worker (Monaco's, the connection engine's) is a file of its own in assets/.
    const workers = listFiles(DIST).filter((file) => /^assets\/[^/]*worker[^/]*\.js$/.test(file))
    expect(workers.length).toBeGreaterThanOrEqual(3)
    expect(files).toEqual(expect.arrayContaining(workers))
    expect(files).toEqual(expect.arrayContaining(['index.html', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png']))
  })
})

describe('installed and offline, from a static host under a sub-path', () => {
  let host: RunningPreview | undefined
  const e2e = setupE2E(async () => (host = await startStaticHost(PREFIX, { demo: false })))
  let echo: Awaited<ReturnType<typeof startDemoServer>> | undefined
  beforeAll(async () => {
    echo = await startDemoServer(0)
  })
  afterAll(async () => {
    await echo?.close()
  })

  it('has a manifest Chromium reads without errors, from the sub-path', async () => {
    const { page, context } = await e2e.openApp()
    const cdp = await context.newCDPSession(page)
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[]; data?: string }
    expect(new URL(manifest.url).pathname).toBe(`${PREFIX}manifest.webmanifest`)
    expect(manifest.errors).toEqual([])
    expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ name: 'Frameline — WebSocket workbench' })
  })

  it('links a web app manifest whose icons load from the sub-path', async () => {
    const { page } = await e2e.openApp()
    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    const manifestUrl = new URL(href ?? '', page.url())
    expect(manifestUrl.pathname).toBe(`${PREFIX}manifest.webmanifest`)
    const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), manifestUrl.toString())
    expect(manifest).toMatchObject({ short_name: 'Frameline', start_url: './', scope: './', display: 'standalone' })
    const icons = manifest.icons as { src: string; sizes: string; type: string }[]
    expect(icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    for (const icon of icons) {
      const result = await page.evaluate(async (url) => {
        const response = await fetch(url)
        return { status: response.status, type: response.headers.get('content-type'), bytes: (await response.arrayBuffer()).byteLength }
      }, new URL(icon.src, manifestUrl).toString())
      expect(result.status).toBe(200)
      expect(result.type).toBe(icon.type)
      expect(result.bytes).toBeGreaterThan(100)
    }
  })

  it('loads again offline, then with its host gone runs the editor and connects to a local server', async () => {
    const { page, context, allowConsoleError } = await e2e.openApp('', { serviceWorkers: 'allow' })
    await page.getByRole('region', { name: 'No demo server here' }).waitFor()
    await waitUntilControlled(page)

    await context.setOffline(true)
    // The demo check cannot reach the network offline; Chromium logs that as a failed load.
    allowConsoleError(/Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|CONNECTION_REFUSED)/)
    await page.reload()
    const app = appPage(page)
    await app.addConnectionButton.waitFor()
    // Offline, the demo check gets no answer: the welcome says so instead of "static host".
    await eventually(async () => expect(await page.getByRole('region', { name: 'No demo server here' }).textContent()).toContain('could not reach'))

    // Chromium's offline emulation also cuts WebSockets to 127.0.0.1, which a machine without a
    // network can still reach. So the rest runs as a real outage looks: the app's host is shut
    // down, emulation is lifted, and the socket goes to a server on this machine.
    await host?.close()
    await context.setOffline(false)
    await app.addConnectionButton.click()
    await app.urlField.fill(`ws://127.0.0.1:${echo?.port}/demo/echo`)
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    // Monaco and its JSON worker come from the cache too.
    await app.typeInEditor('{"offline":true}')
    await page.keyboard.press('Control+Enter')
    await app.receivedRows.first().waitFor()
    expect(await app.receivedRows.first().textContent()).toContain('{"offline":true}')

    // And a reload with the host gone still brings the app, with the workspace it stored.
    await page.reload()
    await appPage(page).addConnectionButton.waitFor()
    await appPage(page).waitForEditor()
    expect(await appPage(page).connectionNames()).toHaveLength(1)
  })
})

describe('a new version on the host', () => {
  const root = `${mkdtempSync(join(tmpdir(), 'frameline-dist-'))}/`
  cpSync(DIST, root, { recursive: true })
  const e2e = setupE2E(() => startStaticHost(PREFIX, { demo: false, root }))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('is offered with a prompt, never swapped in silently, and taken on "Reload to update"', async () => {
    const { page } = await e2e.openApp('', { serviceWorkers: 'allow' })
    await waitUntilControlled(page)
    const app = appPage(page)
    await app.addConnectionButton.click()
    await app.nameField.fill('Kept across the update')
    const before = builtPrecache(root).version
    expect(await page.evaluate(() => caches.keys())).toEqual([`frameline-precache-${before}`])

    // Publish a "new version": same files, a changed worker.
    const sw = readFileSync(join(root, 'sw.js'), 'utf8')
    const after = 'feedfacecafebeef'
    writeFileSync(join(root, 'sw.js'), sw.replace(`"version":"${before}"`, `"version":"${after}"`))
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.update()))

    const prompt = page.getByRole('status').filter({ hasText: 'A new version of Frameline is available.' })
    await prompt.waitFor({ timeout: 30_000 })
    // Still the old version until the user says so.
    expect(await page.evaluate(() => caches.keys())).toContain(`frameline-precache-${before}`)
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state))).toBe('installed')

    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload to update' }).click()])
    await appPage(page).connection('Kept across the update').waitFor()
    await eventually(async () => expect(await page.evaluate(() => caches.keys())).toEqual([`frameline-precache-${after}`]))
    expect(await page.getByText('A new version of Frameline is available.').count()).toBe(0)
  })
})
