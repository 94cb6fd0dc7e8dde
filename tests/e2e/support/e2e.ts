import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { launchChromium, openGuardedContext, type GuardedContext, type GuardedContextOptions } from './browser.ts'
import { startPreview, type RunningPreview } from './preview-server.ts'

export type E2E = {
  baseUrl: () => string
  /** A fresh browser context (empty storage) with the guards on, its first page at the app. */
  openApp: (path?: string, options?: GuardedContextOptions) => Promise<GuardedContext & { page: Page }>
}

/**
 * Registers the hooks of an e2e file: one server (`vite preview` unless given another) and one
 * Chromium per file, a fresh
 * context per test, and a failure for any problem the guards recorded during the test.
 */
export function setupE2E(startServer: () => Promise<RunningPreview> = startPreview): E2E {
  let preview: RunningPreview | undefined
  let browser: Browser | undefined
  const contexts: GuardedContext[] = []

  beforeAll(async () => {
    preview = await startServer()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await preview?.close()
  })

  afterEach(async () => {
    const problems = contexts.flatMap((c) => c.problems())
    await Promise.all(contexts.splice(0).map((c) => c.close()))
    if (problems.length > 0) throw new Error(`The page reported problems:\n- ${problems.join('\n- ')}`)
  })

  return {
    baseUrl: () => preview?.baseUrl ?? '',
    async openApp(path = '', options = {}) {
      if (!browser || !preview) throw new Error('setupE2E: the browser or preview server did not start')
      const guarded = await openGuardedContext(browser, options)
      contexts.push(guarded)
      await guarded.page.goto(new URL(path, preview.baseUrl).toString())
      return guarded
    },
  }
}
