import type { FloodProcess } from './flood-process.ts'
import type { Subject } from './flood-run.ts'

/** The raw baseline page: onmessage only counts ('count') or also keeps each payload ('store'). */
export function rawSubject(flood: FloodProcess, count: number, mode: 'count' | 'store'): Subject {
  return {
    label: `raw-${mode}`,
    async prepare(page, streamUrl) {
      await page.goto(flood.rawPageUrl(streamUrl, count, mode), { waitUntil: 'load' })
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
