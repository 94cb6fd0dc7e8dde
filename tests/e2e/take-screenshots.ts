/**
 * Writes docs/screenshot-light.png and docs/screenshot-dark.png for the README: the built app with
 * a connected demo echo connection, a few frames and one selected; then one picture per other kind
 * from the first-run workspace (docs/screenshot-socket-io.png, -sse.png, -websocketstream.png).
 * Not a test (nothing is checked);
 * run it by hand after a visible change:
 *   npm run build && flock /tmp/frameline-browser.lock npx tsx tests/e2e/take-screenshots.ts
 */
import { fileURLToPath } from 'node:url'
import { appPage } from './support/app-page.ts'
import { launchChromium } from './support/browser.ts'
import { DEMO_WS, startPreview } from './support/preview-server.ts'

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url))

const preview = await startPreview()
const browser = await launchChromium()
try {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, colorScheme: scheme })
    const page = await context.newPage()
    await page.goto(preview.baseUrl)
    const app = appPage(page)
    await app.waitForEditor()
    await app.connection('Demo echo').click()
    await app.urlField.fill(`${DEMO_WS}echo`)
    await app.connectButton.click()
    await app.disconnectButton.waitFor()
    for (const text of ['{"type":"hello","from":"Frameline"}', '{"type":"ping","id":2}']) {
      await app.typeInEditor(text)
      await app.sendButton.click()
    }
    await app.receivedRows.nth(1).waitFor()
    await app.receivedRows.first().click()
    await app.detail.waitFor()
    // The caret blinks and the mouse hovers: park both so the two pictures differ only in theme.
    await page.mouse.move(0, 0)
    await page.locator('body').evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.screenshot({ path: `${DOCS}screenshot-${scheme}.png` })
    await context.close()
  }
  await kindScreenshots()
} finally {
  await browser.close()
  await preview.close()
}

/** The first-run workspace's Socket.IO, SSE and WebSocketStream demos, each connected and used. */
async function kindScreenshots(): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, colorScheme: 'light' })
  const page = await context.newPage()
  await page.goto(preview.baseUrl)
  const app = appPage(page)
  await app.waitForEditor()
  const settle = async (name: string) => {
    await page.mouse.move(0, 0)
    await page.locator('body').evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.screenshot({ path: `${DOCS}screenshot-${name}.png` })
  }

  await app.connection('Demo Socket.IO').click()
  await app.connectButton.click()
  await app.disconnectButton.waitFor()
  await app.composer.getByRole('button', { name: 'Emit', exact: true }).click()
  const ack = app.frames.filter({ hasText: /ack of #1 echo/ }).first()
  await ack.waitFor()
  await app.frames.filter({ hasText: /tick · / }).nth(2).waitFor()
  await ack.click()
  await app.detail.waitFor()
  await settle('socket-io')
  await app.disconnectButton.click()

  await app.connection('Demo SSE ticker').click()
  await app.connectButton.click()
  await app.disconnectButton.waitFor()
  await app.frames.filter({ hasText: /summary #\d+/ }).first().waitFor({ timeout: 10_000 })
  await app.frames.filter({ hasText: /tick #\d+/ }).first().click()
  await app.detail.waitFor()
  await settle('sse')
  await app.disconnectButton.click()

  await app.connection('Demo WebSocketStream').click()
  await app.connectButton.click()
  await app.disconnectButton.waitFor()
  await app.sendButton.click()
  await app.receivedRows.first().waitFor()
  await app.header.getByRole('button', { name: 'Pause reading' }).click()
  await page.waitForTimeout(1500)
  await settle('websocketstream')
  await context.close()
}
