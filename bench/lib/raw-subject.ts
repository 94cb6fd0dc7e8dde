import type { FloodProcess } from './flood-process.ts'
import type { Subject } from './flood-run.ts'
import { RAW_WORKER } from './worker-probe-install.ts'

/**
 * The raw baseline page: onmessage only counts ('count') or also keeps each payload ('store').
 * host 'worker': the counting socket lives in a dedicated Worker (Blob URL) of that page.
 */
export function rawSubject(flood: FloodProcess, count: number, mode: 'count' | 'store', host: 'page' | 'worker' = 'page'): Subject {
  return {
    label: host === 'worker' ? `raw-worker-${mode}` : `raw-${mode}`,
    socketWorker: host === 'worker' ? RAW_WORKER : undefined,
    async prepare(page, streamUrl) {
      await page.goto(flood.rawPageUrl(streamUrl, count, mode, { host }), { waitUntil: 'load' })
    },
    async clickTarget(page) {
      const box = await page.locator('#poke').boundingBox()
      if (!box) throw new Error('raw page: the Poke button has no box')
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    },
    async start(page) {
      await page.evaluate('window.__rawStart()')
    },
    async clickTookEffect(page) {
      return (await page.locator('#poked').textContent()) === '1'
    },
    async verify(page) {
      return { shownCount: Number(await page.locator('#count').textContent()) }
    },
  }
}
