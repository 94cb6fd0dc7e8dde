import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { median } from './stats.ts'

export type JsFile = { file: string; bytes: number; gzipBytes: number }

export type InitialJs = {
  files: JsFile[]
  gzipBytes: number
  bytes: number
  /**
   * The connection Worker's chunk(s) (assets/worker-entry-*.js): fetched when the app starts its
   * Worker, off the page's parse/compile path, so reported on their own and not counted above.
   */
  worker: { files: JsFile[]; gzipBytes: number; bytes: number }
}

const WORKER_CHUNK = /(^|\/)worker-entry-[^/]*\.js$/

function sizeOf(distDir: string, file: string): JsFile {
  const content = readFileSync(join(distDir, file))
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length }
}

/**
 * The JS a first visit must download before the app can start: the entry script and every
 * modulepreload that dist/index.html names. Chunks loaded later by dynamic import (Monaco) are
 * not in index.html, so they are not counted; `requestedAtLoad` in the FCP runs shows what the
 * browser actually fetched, as a cross-check. The Worker chunk (worker-entry-*.js) is never
 * counted as initial JS, even if index.html named it; its size is reported separately.
 */
export function measureInitialJs(distDir: string): InitialJs {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const sources = new Set<string>()
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) if (match[1]) sources.add(match[1])
  for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = match[0].match(/\bhref="([^"]+)"/)?.[1]
    if (href) sources.add(href)
  }
  const files = [...sources]
    .filter((src) => !/^[a-z]+:/i.test(src))
    .map((src) => src.replace(/^\.?\//, ''))
    .filter((file) => !WORKER_CHUNK.test(file))
    .map((file) => sizeOf(distDir, file))
  if (files.length === 0) throw new Error('dist/index.html names no script')
  const workerFiles = readdirSync(join(distDir, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((file) => WORKER_CHUNK.test(file))
    .map((file) => sizeOf(distDir, file))
  if (workerFiles.length === 0) throw new Error('dist/assets has no worker-entry-*.js (the connection Worker chunk)')
  return {
    files,
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    worker: {
      files: workerFiles,
      gzipBytes: workerFiles.reduce((sum, f) => sum + f.gzipBytes, 0),
      bytes: workerFiles.reduce((sum, f) => sum + f.bytes, 0),
    },
  }
}

export type FcpResult = {
  runsMs: number[]
  medianMs: number
  /** When the first frame after React replaced the static boot message was produced (median). */
  appRenderMedianMs: number
  appRenderRunsMs: number[]
  /** JS files the browser fetched during the first load (whatever index.html says). */
  requestedAtLoad: string[]
}

// FCP can be the static "Loading Frameline…" line of index.html; this also records when the
// app's own first screen replaced it (the animation frame after the mutation).
const APP_RENDER_PROBE = `(() => {
  window.__appRenderAt = null
  const observer = new MutationObserver(() => {
    const root = document.getElementById('root')
    if (!root || root.childElementCount === 0 || root.querySelector('.boot-message')) return
    observer.disconnect()
    requestAnimationFrame(() => { window.__appRenderAt = performance.now() })
  })
  observer.observe(document, { subtree: true, childList: true })
})()`

/**
 * Polls `expression` from here until it is true. Not page.waitForFunction: its in-page polling
 * evaluates a string, which the app's CSP (no 'unsafe-eval') refuses whenever the first check fails.
 */
async function pollPage(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!(await page.evaluate(expression))) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`)
    await page.waitForTimeout(50)
  }
}

/** First contentful paint of cold loads: each in a fresh context (empty cache and storage). */
export async function measureFcp(browser: Browser, url: string, runs: number): Promise<FcpResult> {
  const runsMs: number[] = []
  const appRenderRunsMs: number[] = []
  let requestedAtLoad: string[] = []
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      await context.addInitScript({ content: APP_RENDER_PROBE })
      const page = await context.newPage()
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 })
      await pollPage(page, "performance.getEntriesByName('first-contentful-paint').length > 0", 10_000)
      const fcp = (await page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")) as number
      runsMs.push(fcp)
      await pollPage(page, 'window.__appRenderAt !== null', 10_000)
      appRenderRunsMs.push((await page.evaluate('window.__appRenderAt')) as number)
      if (i === 0) {
        // Let lazy chunks the first screen asks for arrive, then list everything fetched.
        await page.waitForTimeout(1500)
        requestedAtLoad = (await page.evaluate(
          "performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js'))",
        )) as string[]
      }
    } finally {
      await context.close()
    }
  }
  return { runsMs, medianMs: median(runsMs), appRenderRunsMs, appRenderMedianMs: median(appRenderRunsMs), requestedAtLoad }
}
