import { create } from 'zustand'
import { DEMO_STATUS_PATH, parseDemoStatus } from '../../demo-server/demo-status.ts'

/**
 * Whether the demo WebSocket endpoints exist where this copy of the app is served.
 *   available — `npm run dev` / `npm run preview` / a host running the demo server answered.
 *   static    — the host served dist/'s own demo/status.json: a static host, no demo server.
 *   unknown   — no usable answer (offline, timed out, an unexpected page): treated like static,
 *               so nobody is greeted by connections that cannot work, but worded differently.
 */
export type DemoAvailability = 'checking' | 'available' | 'static' | 'unknown'

/** What a finished check says. */
export type DemoProbeResult = Exclude<DemoAvailability, 'checking'>

export const DEMO_PROBE_TIMEOUT_MS = 2000

type Fetch = (input: string, init?: RequestInit) => Promise<Response>

/**
 * Asks `demo/status.json` next to the page: the same origin and path as the app, never another
 * host. Never rejects.
 */
export async function probeDemoServer(
  pageUrl: string = globalThis.location?.href ?? '',
  fetchImpl: Fetch = (input, init) => globalThis.fetch(input, init),
  timeoutMs = DEMO_PROBE_TIMEOUT_MS,
): Promise<DemoProbeResult> {
  let url: URL
  try {
    url = new URL(DEMO_STATUS_PATH, pageUrl)
  } catch {
    return 'unknown'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'unknown'
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    // no-store: the answer depends on the server, not on the file; never reuse another server's.
    const response = await fetchImpl(url.toString(), { cache: 'no-store', signal: controller.signal, credentials: 'omit' })
    if (!response.ok) return 'unknown'
    const demoServer = parseDemoStatus(await response.json())
    if (demoServer === null) return 'unknown'
    return demoServer ? 'available' : 'static'
  } catch {
    return 'unknown'
  } finally {
    clearTimeout(timer)
  }
}

export const useDemoAvailability = create<{ availability: DemoAvailability }>(() => ({ availability: 'checking' }))

export function setDemoAvailability(availability: DemoAvailability): void {
  useDemoAvailability.setState({ availability })
}
