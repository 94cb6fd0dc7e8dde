import type { Page } from 'playwright-core'

/**
 * How the bench drives the built app: only through what a user sees (roles and labels), so the
 * bench breaks loudly if the UI it measures changes, instead of measuring something else.
 */

export const STATS_SELECTOR = 'dl[aria-label="Timeline statistics"]'

export async function openApp(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl, { waitUntil: 'load', timeout: 30_000 })
  await page.getByRole('button', { name: 'Add connection', exact: true }).waitFor({ timeout: 15_000 })
}

/** Adds a connection, points it at `url` and waits until everything the screen loads lazily has arrived. */
export async function addConnection(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: 'Add connection', exact: true }).click()
  const urlBox = page.getByRole('textbox', { name: 'URL', exact: true })
  await urlBox.fill(url)
  await urlBox.blur()
  await page.locator(STATS_SELECTOR).waitFor({ timeout: 15_000 })
  // The composer loads Monaco lazily; let it finish so it does not compete with the measurement.
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined)
  await page.waitForTimeout(500)
}

/**
 * The JSON Schema every flood frame matches (bench/lib/flood-frame.ts): what a team's AsyncAPI
 * payload schema for such a message would say. Attached by hand, as a user does under Options.
 */
export const FLOOD_SCHEMA = JSON.stringify({
  type: 'object',
  required: ['type', 'seq', 'of', 'pad'],
  additionalProperties: false,
  properties: { type: { const: 'flood' }, seq: { type: 'integer', minimum: 0 }, of: { type: 'integer', minimum: 1 }, pad: { type: 'string' } },
})

/** Attaches `schema` to the selected connection through Connection options, then closes them. */
export async function attachSchema(page: Page, name: string, schema: string): Promise<void> {
  const options = page.getByRole('button', { name: 'Options', exact: true })
  await options.click()
  await page.locator('summary', { hasText: 'Message schemas' }).click()
  await page.getByRole('textbox', { name: 'Schema name', exact: true }).fill(name)
  await page.getByRole('textbox', { name: 'JSON Schema', exact: true }).fill(schema)
  await page.getByRole('button', { name: 'Attach schema', exact: true }).click()
  await page.getByRole('list', { name: 'Message schemas' }).getByText(name, { exact: true }).waitFor({ timeout: 10_000 })
  await options.click()
  await page.getByRole('group', { name: 'Schema checks' }).waitFor({ timeout: 10_000 })
}

export async function pressConnect(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
}

export function receivedFilter(page: Page) {
  return page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Received', exact: true })
}

export type StatsStrip = { framesIn: number; retained: number; dropped: number; rate: number }

/** Reads the stats strip as the user sees it. */
export async function readStats(page: Page): Promise<StatsStrip> {
  const terms = (await page.evaluate(`(() => {
    const out = {}
    const root = document.querySelector(${JSON.stringify(STATS_SELECTOR)})
    if (!root) return out
    for (const term of root.querySelectorAll('dt')) {
      const value = term.nextElementSibling ? term.nextElementSibling.textContent : ''
      out[term.textContent.trim()] = Number((value.split('·')[0] || '').replace(/[^0-9]/g, '') || 0)
    }
    return out
  })()`)) as Record<string, number>
  return { framesIn: terms.In ?? 0, retained: terms.Retained ?? 0, dropped: terms.Dropped ?? 0, rate: terms.Rate ?? 0 }
}

const IDB_NAME = 'frameline'
const IDB_STORE = 'kv'
const IDB_RECORD_KEY = 'workspaces'

/**
 * Page-side: rewrites preferences.maxFramesPerConnection in the stored workspace record (IndexedDB
 * 'frameline' / 'kv' / 'workspaces', JSON text with a rev). Resolves with an error text or ''.
 */
const EDIT_STORED_CAP = `(maxFrames, maxBytes) => new Promise((resolve) => {
  const timer = setTimeout(() => resolve('IndexedDB did not answer within 5 s'), 5000)
  const done = (error) => { clearTimeout(timer); resolve(error) }
  const open = indexedDB.open(${JSON.stringify(IDB_NAME)})
  open.onerror = () => done('cannot open IndexedDB ' + ${JSON.stringify(IDB_NAME)})
  open.onsuccess = () => {
    const db = open.result
    try {
      const tx = db.transaction(${JSON.stringify(IDB_STORE)}, 'readwrite')
      const store = tx.objectStore(${JSON.stringify(IDB_STORE)})
      const get = store.get(${JSON.stringify(IDB_RECORD_KEY)})
      get.onsuccess = () => {
        if (typeof get.result !== 'string') return done('no stored workspace record yet')
        const record = JSON.parse(get.result)
        if (!record.state || !record.state.preferences) return done('the stored record has no state.preferences')
        record.state.preferences.maxFramesPerConnection = maxFrames
        if (maxBytes) record.state.preferences.maxBytesPerConnection = maxBytes
        record.rev = (record.rev || 0) + 1
        record.writerId = 'bench'
        record.savedAt = Date.now()
        store.put(JSON.stringify(record), ${JSON.stringify(IDB_RECORD_KEY)})
      }
      tx.oncomplete = () => { db.close(); done('') }
      tx.onerror = () => done('transaction failed: ' + tx.error)
    } catch (error) {
      done(String(error))
    }
  }
})`

/**
 * Sets the per-connection frame cap by editing the stored preferences and reloading (the app
 * validates what it reads back). The timeline's "Retention settings" panel does the same for a
 * user; going through storage keeps this setup independent of that panel's layout. Call it after
 * a UI change has made the app store its workspace. `maxBytes` (optional) sets the payload cap too.
 */
export async function setFrameCapThroughStorage(page: Page, appUrl: string, maxFrames: number, maxBytes?: number): Promise<void> {
  let error = 'not tried'
  // The app writes its record a moment after a change (debounced): wait for it, then for quiet.
  for (let attempt = 0; attempt < 20 && error !== ''; attempt++) {
    await page.waitForTimeout(500)
    error = (await page.evaluate(`(${EDIT_STORED_CAP})(${maxFrames}, ${maxBytes ?? 0})`)) as string
  }
  if (error !== '') throw new Error(`could not set the frame cap in app storage: ${error}`)
  await openApp(page, appUrl)
}

/** Is the newest frame's row on screen (the list is following)? */
export async function rowVisible(page: Page, text: string): Promise<boolean> {
  const row = page.getByRole('region', { name: 'Timeline' }).getByText(text).first()
  return (await row.count()) > 0 && (await row.isVisible())
}

/** The timeline toolbar's search box (a type=search input, so role searchbox). */
export function searchBox(page: Page) {
  return page.getByRole('searchbox', { name: /Search/ })
}
