import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { Plugin } from 'vite'

/** The worker's file name in dist/; registered as `./sw.js`, so its scope is the app's folder. */
export const SERVICE_WORKER_FILE = 'sw.js'

/**
 * Files the worker must never answer from its cache: the demo status is about the server that
 * answers it (src/demo-server/demo-status.ts), so a cached answer would be a lie elsewhere.
 */
export const NOT_PRECACHED = new Set([SERVICE_WORKER_FILE, 'demo/status.json'])

export type Precache = { version: string; files: string[] }

/** Every file under `dir`, as /-separated paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'))
    }
  }
  walk(dir)
  return out.sort()
}

/**
 * The precache of a built dist/: every file except NOT_PRECACHED and source maps, URL-encoded
 * per path segment; the version is a hash of their names and bytes and of the worker's own code,
 * so any change to the build makes a new worker (and so an "update available").
 */
export function buildPrecache(outDir: string, runtime: string): Precache {
  const hash = createHash('sha256').update(runtime)
  const files: string[] = []
  for (const file of listFiles(outDir)) {
    if (NOT_PRECACHED.has(file) || file.endsWith('.map')) continue
    hash.update(`\0${file}\0`).update(readFileSync(join(outDir, file)))
    files.push(file.split('/').map(encodeURIComponent).join('/'))
  }
  return { version: hash.digest('hex').slice(0, 16), files }
}

export function serviceWorkerSource(precache: Precache, runtime: string): string {
  return `self.FRAMELINE_PRECACHE = ${JSON.stringify(precache)};\n${runtime}`
}

const RUNTIME_URL = new URL('./service-worker.js', import.meta.url)

/**
 * Writes dist/sw.js once everything else is in dist/ (bundles, workers, public/ files), listing
 * what is really there rather than what someone remembered to list.
 */
export function serviceWorkerPlugin(): Plugin {
  let outDir = ''
  return {
    name: 'frameline-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir)
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      handler(options) {
        const dir = options.dir ?? outDir
        const runtime = readFileSync(RUNTIME_URL, 'utf8')
        const precache = buildPrecache(dir, runtime)
        writeFileSync(join(dir, SERVICE_WORKER_FILE), serviceWorkerSource(precache, runtime))
        this.info?.(`${SERVICE_WORKER_FILE}: precaching ${precache.files.length} files (version ${precache.version})`)
      },
    },
  }
}
