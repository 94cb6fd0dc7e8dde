/**
 * `npm run bench` (after `vite build`): the timeline-at-scale benchmark of issue 4.
 *
 * One run measures, side by side with a raw WebSocket page fed the same stream:
 *   1. ingest rate of 100,000 ~120-byte JSON frames (app through its real UI vs raw onmessage counting)
 *   2. responsiveness during that flood (long tasks; delay of a click made halfway through)
 *   3. heap per retained frame beyond its payload (after forced GC, via CDP)
 *   4. heap under a sustained 2,000 msg/s for 60 s with a 10,000-frame retention cap
 *   5. initial JS (gzip, without the lazily loaded Monaco chunks) and first contentful paint
 * It prints a table and writes bench/results/latest.json. It exits 0 when targets are missed (it is
 * a report) and non-zero only when the bench itself could not measure something.
 *
 * Environment: BENCH_QUICK=1 (15 s sustained, one ingest repetition), BENCH_REPS (ingest
 * repetitions, default 5), BENCH_FRAMES (default 100000), BENCH_SUSTAINED_SECONDS,
 * BENCH_APP_PORT (default: any free port), BENCH_CHROMIUM (default /usr/bin/chromium).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, arch, platform, release, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { appSubject } from './lib/app-subject.ts'
import { startAppServer, type AppServer } from './lib/app-server.ts'
import { launchBrowser } from './lib/browser.ts'
import { startFloodProcess, type FloodProcess } from './lib/flood-process.ts'
import { runFlood, type FloodRunResult } from './lib/flood-run.ts'
import { measureFcp, measureInitialJs, type FcpResult, type InitialJs } from './lib/load.ts'
import { rawSubject } from './lib/raw-subject.ts'
import { formatMarkdown, formatTable, type Row } from './lib/report.ts'
import { median, round } from './lib/stats.ts'
import { waitForQuietCpu } from './lib/quiet.ts'
import { runSustained, type SustainedResult } from './lib/sustained.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = join(ROOT, 'dist')
const RESULTS = join(ROOT, 'bench', 'results')

const quick = process.env.BENCH_QUICK === '1'
const config = {
  quick,
  frames: intEnv('BENCH_FRAMES', 100_000),
  frameBytes: 120,
  reps: intEnv('BENCH_REPS', quick ? 1 : 5),
  fcpRuns: 5,
  sustainedRate: 2000,
  sustainedSeconds: intEnv('BENCH_SUSTAINED_SECONDS', quick ? 15 : 60),
  sustainedFrameCap: 10_000,
  sampleEveryMs: 5000,
}

/** How long each ingest pair waits for other processes to calm down before it starts. */
const QUIET_WAIT_MS = 20_000
const QUIET_THRESHOLD = 0.2
/** Share of the machine other processes may use during an ingest pair before it is measured again. */
const MAX_OTHERS_CPU = 0.1

const TARGETS = {
  ingestRatio: 0.9,
  longestTaskMs: 100,
  clickDelayMs: 100,
  heapPerFrameBytes: 300,
  heapGrowthPercent: 5,
  initialJsGzipBytes: 150_000,
  fcpMs: 500,
}

function intEnv(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10)
  return Number.isFinite(value) && value > 0 ? value : fallback
}

function log(message: string): void {
  process.stdout.write(`[bench] ${message}\n`)
}

type Pair = { attempt: number; rawMsgPerSec: number; appMsgPerSec: number; ratio: number; othersCpu: number }

type Results = {
  load?: { initialJs: InitialJs; fcp: FcpResult }
  raw?: FloodRunResult[]
  app?: FloodRunResult[]
  /** Each app run with the raw run made just before it. */
  pairs?: Pair[]
  /** Pairs set aside because other processes took more than MAX_OTHERS_CPU of the machine. */
  disturbedPairs?: Pair[]
  rawStore?: FloodRunResult
  sustained?: SustainedResult
}

async function step<T>(name: string, errors: string[], run: () => Promise<T>): Promise<T | undefined> {
  log(`${name}…`)
  const started = performance.now()
  try {
    const value = await run()
    log(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return value
  } catch (error) {
    const message = `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    errors.push(message)
    log(`FAILED ${message}`)
    return undefined
  }
}

async function measure(browser: Browser, flood: FloodProcess, app: AppServer, errors: string[]): Promise<Results> {
  const results: Results = {}
  const { frames, frameBytes } = config
  const timeoutMs = Math.max(120_000, frames * 2)

  // Load first, on a quiet page: nothing else of ours is running yet.
  const initialJs = measureInitialJs(DIST)
  await waitForQuietCpu(QUIET_WAIT_MS)
  const fcp = await step(`load: first contentful paint x${config.fcpRuns}`, errors, () => measureFcp(browser, app.url, config.fcpRuns))
  if (fcp) results.load = { initialJs, fcp }

  // Raw and app alternate, so drift in the machine's load affects both alike.
  results.raw = []
  results.app = []
  results.pairs = []
  // A pair during which other processes took a real share of the CPU says more about them than
  // about us: it is set aside and measured again (bounded), and used only if nothing better came.
  const disturbedRaw: FloodRunResult[] = []
  const disturbedApp: FloodRunResult[] = []
  const disturbedPairs: Pair[] = []
  const maxAttempts = config.reps * 3
  for (let attempt = 1; results.pairs.length < config.reps && attempt <= maxAttempts; attempt++) {
    const label = `ingest pair ${results.pairs.length + 1}/${config.reps}${attempt > results.pairs.length + 1 ? ` (attempt ${attempt})` : ''}`
    const busy = await waitForQuietCpu(QUIET_WAIT_MS)
    if (busy !== null && busy > QUIET_THRESHOLD) log(`machine still ${(busy * 100).toFixed(0)}% busy after waiting; measuring anyway`)
    const raw = await step(`${label}: raw page, ${frames} frames`, errors, () =>
      runFlood({ browser, flood, subject: rawSubject(flood, frames, 'count'), count: frames, size: frameBytes, click: true, heap: false, timeoutMs }),
    )
    const appRun = await step(`${label}: app, ${frames} frames`, errors, () =>
      runFlood({ browser, flood, subject: appSubject(app.url, frames), count: frames, size: frameBytes, click: true, heap: true, timeoutMs }),
    )
    if (!raw || !appRun) continue
    const others = Math.max(raw.cpu?.others ?? 0, appRun.cpu?.others ?? 0)
    const pair: Pair = { attempt, rawMsgPerSec: raw.msgPerSec, appMsgPerSec: appRun.msgPerSec, ratio: appRun.msgPerSec / raw.msgPerSec, othersCpu: others }
    log(`${label}: raw ${Math.round(raw.msgPerSec)} msg/s, app ${Math.round(appRun.msgPerSec)} msg/s, ratio ${pair.ratio.toFixed(2)}, other processes ${(others * 100).toFixed(0)}% of CPU`)
    if (others > MAX_OTHERS_CPU) {
      log(`${label}: other processes used more than ${MAX_OTHERS_CPU * 100}% of the CPU; set aside, measuring again`)
      disturbedRaw.push(raw)
      disturbedApp.push(appRun)
      disturbedPairs.push(pair)
      continue
    }
    results.raw.push(raw)
    results.app.push(appRun)
    results.pairs.push(pair)
  }
  results.disturbedPairs = disturbedPairs
  if (results.pairs.length === 0 && disturbedPairs.length > 0) {
    log('every ingest pair was disturbed by other processes: reporting them anyway (see disturbedPairs)')
    results.raw.push(...disturbedRaw)
    results.app.push(...disturbedApp)
    results.pairs.push(...disturbedPairs)
  }
  results.rawStore = await step(`memory reference: raw page keeping ${frames} frames`, errors, () =>
    runFlood({ browser, flood, subject: rawSubject(flood, frames, 'store'), count: frames, size: frameBytes, click: false, heap: true, timeoutMs }),
  )
  results.sustained = await step(
    `sustained: ${config.sustainedRate} msg/s for ${config.sustainedSeconds} s, cap ${config.sustainedFrameCap} frames`,
    errors,
    () =>
      runSustained({
        browser,
        flood,
        appUrl: app.url,
        rate: config.sustainedRate,
        seconds: config.sustainedSeconds,
        frameCap: config.sustainedFrameCap,
        sampleEveryMs: config.sampleEveryMs,
        size: frameBytes,
      }),
  )
  return results
}

function medianOf(runs: readonly FloodRunResult[] | undefined, pick: (run: FloodRunResult) => number | null | undefined): number | null {
  const values = (runs ?? []).map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  return values.length ? median(values) : null
}

function atMost(value: number | null, limit: number): boolean | null {
  return value === null ? null : value <= limit
}

function buildRows(results: Results): Row[] {
  const rawRate = medianOf(results.raw, (r) => r.msgPerSec)
  const appRate = medianOf(results.app, (r) => r.msgPerSec)
  // Each app run is paired with the raw run just before it: the median of the pair ratios cancels
  // slow drift in what else the machine is doing better than a ratio of medians would.
  const pairRatios = (results.pairs ?? []).map((pair) => pair.ratio)
  const ratio = pairRatios.length ? median(pairRatios) : null
  const perFrameUs = (runs: FloodRunResult[] | undefined) => medianOf(runs, (r) => ((r.mainThread.TaskDurationMs ?? Number.NaN) * 1000) / r.frames)
  // The app run counts only if the UI showed every frame and the newest row was on screen.
  const appShowedAll = (results.app ?? []).every((r) => {
    const checks = r.checks as { stats?: { framesIn?: number }; newestRowVisible?: boolean }
    return checks.stats?.framesIn === r.frames && checks.newestRowVisible === true
  })
  const clicksTookEffect = (results.app ?? []).every((r) => r.click?.tookEffect === true)
  const appLongest = medianOf(results.app, (r) => r.longTasks.longestMs)
  const rawLongest = medianOf(results.raw, (r) => r.longTasks.longestMs)
  const appClick = medianOf(results.app, (r) => r.click?.delayMs)
  const rawClick = medianOf(results.raw, (r) => r.click?.delayMs)
  const appHeap = medianOf(results.app, (r) => r.heap?.perFrameBeyondPayload)
  const rawHeap = results.rawStore?.heap?.perFrameBeyondPayload ?? null
  const sustained = results.sustained
  const sustainedHonest = sustained ? sustained.capHeld && sustained.allCounted : false
  const growth = sustained && Number.isFinite(sustained.growthPercent) ? sustained.growthPercent : null
  const js = results.load?.initialJs.gzipBytes ?? null
  const fcp = results.load?.fcp.medianMs ?? null
  const n = results.app?.length ?? 0
  const of = n > 1 ? ` (median of ${n})` : ''
  return [
    { measure: `1. Ingest rate, ${config.frames.toLocaleString('en-US')} frames${of}`, app: appRate, raw: rawRate, ratio, target: `ratio >= ${TARGETS.ingestRatio}`, pass: ratio === null ? null : ratio >= TARGETS.ingestRatio && appShowedAll, unit: 'msg/s', note: appShowedAll ? undefined : 'the app did not show every frame with the newest row on screen' },
    { measure: `1b. Main-thread busy per frame${of}`, app: perFrameUs(results.app), raw: perFrameUs(results.raw), ratio: null, target: 'report', pass: null, unit: 'µs' },
    { measure: `2a. Longest task during flood${of}`, app: appLongest, raw: rawLongest, ratio: null, target: `<= ${TARGETS.longestTaskMs} ms`, pass: atMost(appLongest, TARGETS.longestTaskMs), unit: 'ms' },
    { measure: `2b. Tasks > 50 ms during flood${of}`, app: medianOf(results.app, (r) => r.longTasks.count), raw: medianOf(results.raw, (r) => r.longTasks.count), ratio: null, target: 'report', pass: null, unit: '' },
    { measure: `2c. Click delay mid-flood${of}`, app: appClick, raw: rawClick, ratio: null, target: `<= ${TARGETS.clickDelayMs} ms`, pass: appClick === null ? null : appClick <= TARGETS.clickDelayMs && clicksTookEffect, unit: 'ms', note: clicksTookEffect ? undefined : 'a mid-flood click had no visible effect' },
    { measure: '3. Heap per retained frame beyond payload', app: appHeap, raw: rawHeap, ratio: null, target: `<= ${TARGETS.heapPerFrameBytes} B`, pass: atMost(appHeap, TARGETS.heapPerFrameBytes), unit: 'B' },
    { measure: `4. Heap trend after cap, ${config.sustainedRate} msg/s x ${config.sustainedSeconds} s`, app: growth, raw: null, ratio: null, target: `flat (within ±${TARGETS.heapGrowthPercent} %)`, pass: growth === null ? null : Math.abs(growth) <= TARGETS.heapGrowthPercent && sustainedHonest, unit: '%', note: sustained && !sustainedHonest ? `retention did not hold at the cap with visible drops, or frames went uncounted (retained ${sustained.final.retained}, dropped ${sustained.final.dropped}, in ${sustained.final.framesIn})` : undefined },
    { measure: '5a. Initial JS (gzip, no Monaco)', app: js === null ? null : js / 1000, raw: null, ratio: null, target: `<= ${TARGETS.initialJsGzipBytes / 1000} kB`, pass: js === null ? null : js <= TARGETS.initialJsGzipBytes, unit: 'kB' },
    { measure: `5b. First contentful paint (median of ${config.fcpRuns} cold)`, app: fcp, raw: null, ratio: null, target: `<= ${TARGETS.fcpMs} ms`, pass: atMost(fcp, TARGETS.fcpMs), unit: 'ms' },
    { measure: '5c. App first screen rendered (median, info)', app: results.load?.fcp.appRenderMedianMs ?? null, raw: null, ratio: null, target: 'report', pass: null, unit: 'ms' },
  ]
}

async function main(): Promise<number> {
  if (!existsSync(join(DIST, 'index.html'))) {
    log('dist/index.html is missing: run `npm run bench` (it builds first) or `npx vite build`.')
    return 1
  }
  const errors: string[] = []
  const started = new Date()
  let flood: FloodProcess | undefined
  let app: AppServer | undefined
  let browser: Browser | undefined
  let results: Results = {}
  let chromiumVersion = 'unknown'
  try {
    flood = await startFloodProcess()
    app = await startAppServer(ROOT)
    browser = await launchBrowser()
    chromiumVersion = browser.version()
    log(`app ${app.url} · flood server 127.0.0.1:${flood.port} · Chromium ${chromiumVersion} · ${config.quick ? 'QUICK' : 'full'} run`)
    results = await measure(browser, flood, app, errors)
  } catch (error) {
    errors.push(`setup: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    await browser?.close().catch(() => undefined)
    await app?.close().catch(() => undefined)
    await flood?.stop().catch(() => undefined)
  }

  const rows = buildRows(results)
  const cpuList = cpus()
  const report = {
    date: started.toISOString(),
    durationSeconds: round((Date.now() - started.getTime()) / 1000, 1),
    machine: {
      os: `${platform()} ${release()} ${arch()}`,
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      chromium: chromiumVersion,
    },
    config,
    targets: TARGETS,
    table: rows,
    results,
    errors,
  }
  mkdirSync(RESULTS, { recursive: true })
  const out = join(RESULTS, 'latest.json')
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)

  process.stdout.write(`\n${formatTable(rows)}\n\n`)
  for (const row of rows) if (row.note) log(`note: ${row.measure}: ${row.note}`)
  if (process.env.BENCH_MARKDOWN === '1') process.stdout.write(`${formatMarkdown(rows)}\n\n`)
  log(`wrote ${out}`)
  if (errors.length) {
    log(`${errors.length} measurement(s) failed:`)
    for (const error of errors) log(`  ${error.split('\n')[0]}`)
    return 1
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
