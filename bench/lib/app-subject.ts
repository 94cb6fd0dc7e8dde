import { addConnection, attachSchema, FLOOD_SCHEMA, openApp, pressConnect, readStats, receivedFilter, rowVisible, STATS_SELECTOR } from './app-ui.ts'
import type { Page } from 'playwright-core'
import type { Subject } from './flood-run.ts'
import { APP_WORKER } from './worker-probe-install.ts'

/** The built app receiving the stream through its real UI: timeline visible and following. */
export function appSubject(appUrl: string, count: number, options: { schema?: boolean } = {}): Subject {
  return {
    label: options.schema ? 'app with a message schema' : 'app',
    uiCounter: { selector: STATS_SELECTOR, term: 'In' },
    // The connection runtime (and so the socket and the frames) lives in the app's Worker.
    socketWorker: APP_WORKER,
    async prepare(page, streamUrl) {
      await openApp(page, appUrl)
      await addConnection(page, streamUrl)
      // Every frame is then checked against the schema next to the log (all match: none flagged).
      if (options.schema) await attachSchema(page, 'flood', FLOOD_SCHEMA)
    },
    async clickTarget(page) {
      // A real control with a visible effect: the "Received" filter (its aria-pressed flips and
      // the list is re-filtered, over the frames already received).
      const box = await receivedFilter(page).boundingBox()
      if (!box) throw new Error('app: the "Received" filter button has no box')
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    },
    start: pressConnect,
    async clickTookEffect(page) {
      return (await receivedFilter(page).getAttribute('aria-pressed')) === 'true'
    },
    async verify(page) {
      const stats = await readStats(page)
      return {
        stats,
        newestRowVisible: await rowVisible(page, `"seq":${count},`),
        ...(options.schema ? { schemaChecks: await settledSchemaChecks(page) } : {}),
      }
    },
  }
}

/** The schema bar's text once its count is final (checks finish within a few budgets after the flood). */
async function settledSchemaChecks(page: Page): Promise<string> {
  const bar = page.getByRole('group', { name: 'Schema checks' })
  let text = ''
  for (let waited = 0; waited < 10_000; waited += 100) {
    text = (await bar.textContent()) ?? ''
    if (!text.includes('checking')) return text
    await page.waitForTimeout(100)
  }
  return text
}
