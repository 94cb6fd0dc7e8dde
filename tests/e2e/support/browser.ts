import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function isLocalUrl(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true
  return LOCAL_HOSTS.has(url.hostname)
}

// Runs in the page before any app script: CSP violations do not reach the console on their own
// in every case, so they are reported as console errors, which the guard below fails on.
const CSP_REPORTER = `
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
      ' (' + (event.sourceFile || '?') + ':' + event.lineNumber + ')')
  })
`

/**
 * One browser context with guards: any request to a non-local origin is aborted and recorded, and
 * console errors, uncaught page errors, Monaco's "Could not create web worker" warning and CSP
 * violations are recorded. `problems()` lists them; the test fails if any remain.
 */
export type GuardedContext = {
  context: BrowserContext
  page: Page
  newPage: () => Promise<Page>
  /** Console errors matching this are expected by the test (e.g. a deliberately refused socket). */
  allowConsoleError: (pattern: RegExp) => void
  problems: () => string[]
  /** Returns the problems recorded so far and forgets them (for tests that provoke them on purpose). */
  takeProblems: () => string[]
  close: () => Promise<void>
}

export type GuardedContextOptions = {
  /**
   * The built app registers a service worker (src/offline/) that precaches the whole build and
   * takes control of the page once installed. Blocked by default, so a spec sees the same network
   * requests on every run (a page taken over mid-test would be served from the cache, invisible
   * to page.route); the offline specs allow it.
   */
  serviceWorkers?: 'allow' | 'block'
}

export async function openGuardedContext(browser: Browser, options: GuardedContextOptions = {}): Promise<GuardedContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: options.serviceWorkers ?? 'block' })
  // A missing element should fail a test in seconds, not after Playwright's default 30 s.
  context.setDefaultTimeout(10_000)
  const problems: string[] = []
  const allowed: RegExp[] = []

  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (isLocalUrl(url)) return route.continue()
    problems.push(`request to a non-local origin: ${url}`)
    return route.abort('blockedbyclient')
  })
  await context.addInitScript(CSP_REPORTER)

  const watch = (page: Page) => {
    page.on('console', (message) => {
      const text = message.text()
      if (/Could not create web worker/i.test(text)) {
        problems.push(`Monaco could not start its web worker: ${text}`)
        return
      }
      if (message.type() !== 'error') return
      if (allowed.some((pattern) => pattern.test(text))) return
      const where = message.location()
      problems.push(`console error: ${text}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`)
    })
    page.on('pageerror', (error) => problems.push(`uncaught page error: ${error.stack ?? error.message}`))
    page.on('websocket', (socket) => {
      if (!isLocalUrl(socket.url())) problems.push(`WebSocket to a non-local origin: ${socket.url()}`)
    })
  }
  context.on('page', watch)
  const page = await context.newPage()

  return {
    context,
    page,
    newPage: () => context.newPage(),
    allowConsoleError: (pattern) => allowed.push(pattern),
    problems: () => [...problems],
    takeProblems: () => problems.splice(0),
    close: () => context.close(),
  }
}
