/**
 * `npx tsx bench/profile-flood.ts`: where the app's main thread goes during the ingest flood.
 *
 * Builds an unminified copy of the app (node_modules/.bench-profile-dist, so function names and
 * rolldown's `//#region src/...` markers survive), runs one app flood under the CDP sampling
 * profiler, and prints self time by function and by source module. Not part of `npm run bench`:
 * a tool for when the bench says the app misses a target.
 *
 * Environment: PROFILE_SUBJECT=raw profiles the raw baseline page instead (PROFILE_RAW_MODE=store: the
 * variant that keeps every payload), BENCH_FRAMES (default 100000), PROFILE_TOP (default 30), PROFILE_JSON=path to also
 * save the raw .cpuprofile (open it in Chrome DevTools' Performance panel), PROFILE_THREAD=worker
 * profiles the app's connection Worker (where its sockets and frames live) instead of the page
 * (function names are right; the by-module split still maps lines of the page bundle, so it is not).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, preview } from 'vite'
import { addConnection, openApp, pressConnect } from './lib/app-ui.ts'
import { cdpFor, launchBrowser, newProbedContext } from './lib/browser.ts'
import { startFloodProcess } from './lib/flood-process.ts'
import { APP_WORKER, installWorkerProbe } from './lib/worker-probe-install.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = join(ROOT, 'node_modules', '.bench-profile-dist')
const frames = Number(process.env.BENCH_FRAMES ?? 100_000)
const top = Number(process.env.PROFILE_TOP ?? 30)
const raw = process.env.PROFILE_SUBJECT === 'raw'

type Region = { line: number; module: string }

/** Bundle line → source module, from rolldown's region comments in unminified output. */
function regionsOf(file: string): Region[] {
  const regions: Region[] = []
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const match = text.match(/^\/\/(?:#region)? ((?:src|node_modules)\/\S+)$/)
      if (match?.[1]) regions.push({ line: index, module: match[1] })
    })
  return regions
}

function moduleAt(regions: Region[], line: number): string {
  let found = '(bundle)'
  for (const region of regions) {
    if (region.line > line) break
    found = region.module
  }
  return found
}

async function main() {
  await build({ root: ROOT, logLevel: 'warn', build: { minify: false, outDir: OUT_DIR, emptyOutDir: true } })
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR }, preview: { host: '127.0.0.1', port: 0, strictPort: true } })
  const address = server.httpServer.address()
  const appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
  const flood = await startFloodProcess()
  const browser = await launchBrowser()
  try {
    const probed = await newProbedContext(browser, { target: frames })
    const page = await probed.context.newPage()
    const streamUrl = flood.wsUrl(`/flood?count=${frames}&size=120`)
    if (raw) await page.goto(flood.rawPageUrl(streamUrl, frames, process.env.PROFILE_RAW_MODE === 'store' ? 'store' : 'count'))
    else {
      await openApp(page, appUrl)
      await addConnection(page, streamUrl)
    }
    const cdp = await cdpFor(page)
    // The app's socket lives in its Worker: the probe that signals 'wire-done' goes there.
    const worker = raw ? null : await installWorkerProbe(page, probed, { target: frames }, APP_WORKER)
    const inWorker = worker !== null && process.env.PROFILE_THREAD === 'worker'
    const send = <T>(method: string, params?: Record<string, unknown>): Promise<T> =>
      inWorker ? worker.worker.send<T>(method, params) : (cdp.send(method as 'Profiler.enable', params as never) as Promise<T>)
    await send('Profiler.enable')
    await send('Profiler.setSamplingInterval', { interval: 200 })
    await send('Profiler.start')
    const started = performance.now()
    if (raw) await page.evaluate('window.__rawStart()')
    else await pressConnect(page)
    await probed.waitForSignal('wire-done', 300_000)
    await page.waitForTimeout(500)
    const { profile } = await send<{ profile: Profile }>('Profiler.stop')
    await worker?.close()
    console.log(`flood of ${frames} frames took ${((performance.now() - started) / 1000).toFixed(1)} s (wall, node side)`)
    if (process.env.PROFILE_JSON) writeFileSync(process.env.PROFILE_JSON, JSON.stringify(profile))
    report(profile)
    await probed.close()
  } finally {
    await browser.close()
    await server.close()
    await flood.stop()
  }
}

/** The parts of a CDP Profiler.Profile this report reads. */
type Profile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples?: number[]
  timeDeltas?: number[]
}

function report(profile: Profile) {
  const selfMs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  // timeDeltas[i] is the gap before sample i: charge it to the node sampled at i.
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]
    if (id === undefined) continue
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[i] ?? 0) / 1000)
  }
  const regionCache = new Map<string, Region[]>()
  const regionsFor = (url: string): Region[] => {
    if (!url.includes('/assets/') || !url.endsWith('.js')) return []
    let regions = regionCache.get(url)
    if (!regions) {
      const file = join(OUT_DIR, 'assets', url.slice(url.lastIndexOf('/') + 1))
      try {
        regions = regionsOf(file)
      } catch {
        regions = []
      }
      regionCache.set(url, regions)
    }
    return regions
  }

  const byFunction = new Map<string, number>()
  const byModule = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0
    if (ms === 0) continue
    const frame = node.callFrame
    const module = frame.url ? moduleAt(regionsFor(frame.url), frame.lineNumber) : frame.functionName ? '(native)' : '(vm)'
    const name = `${frame.functionName || '(anonymous)'}  ${module}:${frame.lineNumber + 1}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms)
    byModule.set(module, (byModule.get(module) ?? 0) + ms)
    total += ms
  }
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title} (self time, of ${total.toFixed(0)} ms sampled)`)
    for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${ms.toFixed(1).padStart(9)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
    }
  }
  print('By source module', byModule)
  print('By function', byFunction)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
