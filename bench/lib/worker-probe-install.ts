import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import type { ProbeConfig, ProbedContext, ProbeSnapshot, SignalName } from './browser.ts'
import { attachToWorkers, type WorkerAttachment, type WorkerTarget } from './worker-cdp.ts'

const WORKER_PROBE = readFileSync(new URL('./worker-probe.js', import.meta.url), 'utf8')

export type WorkerSocket = ProbeSnapshot['sockets'][number] & { countsAt: Record<string, number> }

export type InstalledWorkerProbe = {
  worker: WorkerTarget
  attachment: WorkerAttachment
  /** The worker's sockets, their times moved onto the page's performance.now() clock. */
  readSockets(): Promise<WorkerSocket[]>
  /** Worker time (epoch ms) to page time. */
  pageOrigin: number
  close(): Promise<void>
}

/**
 * Attaches to the page's dedicated Worker (the first whose name/url `filter` accepts), installs
 * worker-probe.js in it and routes its signals into `probed`. Call before the worker opens a socket.
 */
export async function installWorkerProbe(
  page: Page,
  probed: ProbedContext,
  config: ProbeConfig,
  filter: ((target: { url: string; title: string }) => boolean) | null,
): Promise<InstalledWorkerProbe> {
  const attachment = await attachToWorkers(page)
  const worker = await attachment.waitForWorker(filter, 15_000)
  worker.on('Runtime.bindingCalled', (params) => {
    if (params.name === '__benchSignal') probed.emit(String(params.payload) as SignalName)
  })
  await worker.send('Runtime.enable')
  await worker.send('Runtime.addBinding', { name: '__benchSignal' })
  const installed = await worker.evaluate<string>(`${WORKER_PROBE}\n;self.__benchInstallWorkerProbe(${JSON.stringify(config)})`)
  if (installed !== 'installed' && installed !== 'already') throw new Error(`worker probe: ${installed}`)
  const pageOrigin = (await page.evaluate('performance.timeOrigin')) as number
  const toPage = (t: number | null) => (t === null ? null : t - pageOrigin)
  return {
    worker,
    attachment,
    pageOrigin,
    async readSockets() {
      const probe = await worker.evaluate<{ sockets: WorkerSocket[] }>('JSON.parse(JSON.stringify(self.__benchWorkerProbe))')
      return probe.sockets.map((s) => ({
        ...s,
        createdAt: s.createdAt - pageOrigin,
        openAt: toPage(s.openAt),
        targetAt: toPage(s.targetAt),
        closedAt: toPage(s.closedAt),
        countsAt: Object.fromEntries(Object.entries(s.countsAt).map(([k, v]) => [k, v - pageOrigin])),
      }))
    },
    close: () => attachment.detach(),
  }
}

/** The app's connection Worker (src/store/runtime-binding.ts names it 'frameline-connections'). */
export const APP_WORKER = (t: { url: string; title: string }) => t.title.includes('frameline-connections') || /worker-entry/.test(t.url)
/** The raw Worker page's Blob worker. */
export const RAW_WORKER = (t: { url: string; title: string }) => t.url.startsWith('blob:') || t.title.includes('raw-flood')
