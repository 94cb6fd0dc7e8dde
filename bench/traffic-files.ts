/**
 * `npm run bench` (second part): exporting and importing 1,000,000 frames as an NDJSON timeline,
 * the engine code the Worker runs (src/engine/traffic), in Node. Each step is reported against a
 * baseline measured in the same run on the same frames, so the shared machine's noise cancels:
 *   export: the sliced export job into a Blob  vs  JSON.stringify of each record joined into a Blob
 *   import: the NDJSON reader (checks every record) + playing it into a runtime's list transport
 *           vs  splitting the text and JSON.parse of each line
 * Environment: BENCH_TRAFFIC_FRAMES (default 1,000,000), BENCH_QUICK=1 (100,000). Writes
 * bench/results/traffic-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFrameLog } from '../src/engine/frame-log.ts'
import type { Frame } from '../src/engine/frame.ts'
import { createConnectionRuntime } from '../src/engine/runtime/connection-runtime.ts'
import { startExportJob, type ExportOutcome } from '../src/engine/traffic/export-job.ts'
import { readNdjsonTimeline } from '../src/engine/traffic/read-timeline.ts'
import { frameToRecord } from '../src/engine/traffic/timeline-record.ts'
import { createListTransport } from '../src/engine/transports/list/list-transport.ts'
import { median } from './lib/stats.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const quick = process.env.BENCH_QUICK === '1'
const FRAMES = Number(process.env.BENCH_TRAFFIC_FRAMES ?? (quick ? 100_000 : 1_000_000))
const REPS = quick ? 1 : 3
/**
 * The target is time: a million frames each way in under 30 s (an export that takes longer feels
 * broken even with progress shown). The ratio to bare JSON says what the checks cost: the reader
 * validates every record, builds frames and plays them into a log, which JSON.parse alone does not.
 */
const TARGETS = { seconds: 30 }

function frames(count: number): Frame[] {
  const out: Frame[] = []
  for (let i = 0; i < count; i++) {
    const payload = `{"type":"tick","seq":${i},"price":${(100 + (i % 997) / 10).toFixed(1)},"symbol":"FRM","pad":"${'x'.repeat(60)}"}`
    out.push({ id: i + 1, at: 1_700_000_000_000 + i, kind: 'message', direction: i % 10 === 0 ? 'out' : 'in', payload, size: payload.length })
  }
  return out
}

function exportJob(all: Frame[]): Promise<{ ms: number; blob: Blob }> {
  const log = createFrameLog({ maxFrames: all.length + 1, maxBytes: Number.MAX_SAFE_INTEGER })
  for (const frame of all) log.append(frame)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    startExportJob(
      log,
      { format: 'ndjson', filter: null, redact: true, source: { name: 'Bench', url: 'ws://127.0.0.1/bench', transport: 'websocket' }, exportedAt: Date.now() },
      {
        defer: (next) => setImmediate(next),
        onDone: (outcome: ExportOutcome) => (outcome.ok ? resolve({ ms: performance.now() - started, blob: outcome.blob }) : reject(new Error(outcome.error))),
      },
    )
  })
}

function exportBaseline(all: Frame[]): number {
  const started = performance.now()
  const parts: string[] = []
  for (const frame of all) parts.push(JSON.stringify(frameToRecord(frame)))
  void new Blob([parts.join('\n')])
  return performance.now() - started
}

function importFrameline(text: string): { ms: number; frames: number } {
  const started = performance.now()
  const read = readNdjsonTimeline(text)
  if (!read.ok) throw new Error(read.message)
  const recording = read.recordings[0]
  if (!recording) throw new Error('no recording')
  const runtime = createConnectionRuntime({ transports: [createListTransport()], schedule: () => undefined, retention: { maxFrames: recording.frames.length + 10, maxBytes: Number.MAX_SAFE_INTEGER } })
  runtime.configure('r', { spec: { transport: 'list', frames: [] }, autoReconnect: false })
  const played = runtime.play('r', recording.frames)
  if (!played.ok) throw new Error(played.error)
  runtime.flush()
  const count = runtime.log('r')?.length() ?? 0
  const ms = performance.now() - started
  runtime.dispose()
  return { ms, frames: count }
}

function importBaseline(text: string): number {
  const started = performance.now()
  let parsed = 0
  for (const line of text.split('\n')) if (line !== '') parsed += JSON.parse(line) ? 1 : 0
  if (parsed === 0) throw new Error('nothing parsed')
  return performance.now() - started
}

async function main() {
  const all = frames(FRAMES)
  const rows: { step: string; frameline: number; baseline: number }[] = []
  const exportRuns: number[] = []
  const exportBase: number[] = []
  let text = ''
  for (let rep = 0; rep < REPS; rep++) {
    exportBase.push(exportBaseline(all))
    const run = await exportJob(all)
    exportRuns.push(run.ms)
    if (rep === 0) text = await run.blob.text()
  }
  rows.push({ step: 'export', frameline: median(exportRuns), baseline: median(exportBase) })
  const importRuns: number[] = []
  const importBase: number[] = []
  let imported = 0
  for (let rep = 0; rep < REPS; rep++) {
    importBase.push(importBaseline(text))
    const run = importFrameline(text)
    importRuns.push(run.ms)
    imported = run.frames
  }
  rows.push({ step: 'import', frameline: median(importRuns), baseline: median(importBase) })
  const mb = (Buffer.byteLength(text) / 1e6).toFixed(1)
  console.log(`\nTraffic files: ${FRAMES.toLocaleString('en-US')} frames (${mb} MB of NDJSON), median of ${REPS}`)
  console.log('| Step | Frameline | Same-run baseline | Ratio | Target |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const row of rows) {
    const ratio = row.frameline / row.baseline
    const met = row.frameline / 1000 <= TARGETS.seconds
    console.log(`| ${row.step} | ${(row.frameline / 1000).toFixed(2)} s | ${(row.baseline / 1000).toFixed(2)} s (${row.step === 'export' ? 'JSON.stringify per record into a Blob' : 'split + JSON.parse per line'}) | ${ratio.toFixed(2)} | ≤ ${TARGETS.seconds} s ${met ? 'met' : 'MISSED'} |`)
  }
  if (imported !== FRAMES) throw new Error(`imported ${imported} of ${FRAMES} frames`)
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true })
  writeFileSync(join(ROOT, 'bench', 'results', 'traffic-latest.json'), `${JSON.stringify({ frames: FRAMES, ndjsonBytes: Buffer.byteLength(text), reps: REPS, rows, at: new Date().toISOString() }, null, 2)}\n`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
