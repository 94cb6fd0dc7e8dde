/**
 * How the app learns whether the demo WebSocket endpoints exist where it is served. Shared by the
 * demo server (Node) and the app (browser), so it imports nothing.
 *
 * The app fetches `demo/status.json` next to its own index.html (same origin, never another).
 * dist/ ships a static copy that says `"demoServer": false` (public/demo/status.json), so a plain
 * static host answers 200 with "no demo" instead of a 404; `npm run dev`, `npm run preview` and
 * `npm run demo-server` answer that path themselves with `"demoServer": true`.
 */
export const DEMO_STATUS_PATH = 'demo/status.json'
export const DEMO_STATUS_FORMAT = 'frameline.demo-status'

/** The demo endpoints, in the order the README and the app list them. */
export const DEMO_ENDPOINTS = [
  { name: 'echo', about: 'sends every frame back' },
  { name: 'ticker', about: 'a JSON price tick every 500 ms' },
  { name: 'chat', about: 'broadcasts each message to every client' },
  { name: 'flood', about: 'sends many JSON frames as fast as it can' },
  { name: 'close', about: 'closes right after the handshake with a chosen code' },
] as const

export type DemoStatus = { format: typeof DEMO_STATUS_FORMAT; version: 1; demoServer: boolean; endpoints?: string[] }

export function demoStatusBody(demoServer: boolean): string {
  const status: DemoStatus = demoServer
    ? { format: DEMO_STATUS_FORMAT, version: 1, demoServer: true, endpoints: DEMO_ENDPOINTS.map((e) => e.name) }
    : { format: DEMO_STATUS_FORMAT, version: 1, demoServer: false }
  return `${JSON.stringify(status, null, 2)}\n`
}

/** True when `pathname` ends with /demo/status.json (the app may be served under any sub-path). */
export function isDemoStatusPath(pathname: string): boolean {
  return pathname === `/${DEMO_STATUS_PATH}` || pathname.endsWith(`/${DEMO_STATUS_PATH}`)
}

/** Reads a status answer; anything that is not exactly ours (an SPA fallback page, a proxy error) is null. */
export function parseDemoStatus(value: unknown): boolean | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  if (record.format !== DEMO_STATUS_FORMAT || record.version !== 1 || typeof record.demoServer !== 'boolean') return null
  return record.demoServer
}
