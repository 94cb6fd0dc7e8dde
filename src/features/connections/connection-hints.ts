/**
 * Browser rules that make a valid URL fail anyway, explained before the user hits them.
 * Pure functions of the URL and the page's location, so they are testable without a browser.
 */

export type PageLocation = { protocol: string; hostname: string }

/** Where an address sits for Chrome's Local Network Access checks: a prompt when going "down". */
type AddressSpace = 'loopback' | 'local' | 'public'

const RANK: Record<AddressSpace, number> = { loopback: 0, local: 1, public: 2 }

function ipv4Octets(host: string): number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  if (!match) return null
  const octets = match.slice(1).map(Number)
  return octets.every((o) => o <= 255) ? octets : null
}

export function addressSpaceOf(hostname: string): AddressSpace {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return 'loopback'
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan')) return 'local'
  const v4 = ipv4Octets(host)
  if (v4) {
    const [a = 0, b = 0] = v4
    if (a === 127) return 'loopback'
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) {
      return 'local'
    }
    if (a === 0) return 'loopback'
    return 'public'
  }
  // IPv6 unique-local (fc00::/7) and link-local (fe80::/10).
  if (/^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host)) return 'local'
  // A bare name without dots (an intranet host) resolves locally in practice.
  if (!host.includes('.') && !host.includes(':')) return 'local'
  return 'public'
}

/**
 * Hosts the Secure Contexts spec calls potentially trustworthy by name or address: browsers let an
 * https page open ws:// to them (Chromium and Firefox do), so no mixed-content warning is due.
 * 0.0.0.0 is not one of them, although it reaches this computer: it stays blocked.
 */
function isTrustworthyLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true
  return ipv4Octets(host)?.[0] === 127
}

const MIXED_CONTENT_HINT =
  'This page is served over https: browsers block ws:// from https pages (mixed content). Use wss://, or run Frameline locally over http.'

/** Whether the browser will refuse this ws:// URL because the page is https. */
export function mixedContentBlocked(url: string, page: PageLocation | undefined): boolean {
  if (page?.protocol !== 'https:') return false
  try {
    const target = new URL(url.trim())
    return target.protocol === 'ws:' && !isTrustworthyLoopback(target.hostname)
  } catch {
    return false
  }
}

export function connectionHints(url: string, page: PageLocation | undefined): string[] {
  if (!page) return []
  let target: URL
  try {
    target = new URL(url.trim())
  } catch {
    return []
  }
  const hints: string[] = []
  if (mixedContentBlocked(url, page)) hints.push(MIXED_CONTENT_HINT)
  const pageSpace = page.protocol === 'file:' ? 'loopback' : addressSpaceOf(page.hostname)
  const targetSpace = addressSpaceOf(target.hostname)
  if (RANK[targetSpace] < RANK[pageSpace]) {
    hints.push(
      `Chrome may ask for local network access permission: this page is on a ${pageSpace === 'public' ? 'public' : 'local network'} host and the URL points to ${targetSpace === 'loopback' ? 'this computer' : 'your local network'}.`,
    )
  }
  return hints
}

/** "echo.example.com:8080", for the sidebar; the raw text when it does not parse. */
export function urlHost(url: string): string {
  try {
    const parsed = new URL(url.trim())
    return parsed.host || url
  } catch {
    return url.trim()
  }
}

/**
 * Host and path, enough to tell connections to one server apart ("127.0.0.1:5173/demo/echo"). The
 * query is left out: it is where tokens usually are, and the sidebar is always on screen.
 */
export function urlHostAndPath(url: string): string {
  try {
    const parsed = new URL(url.trim())
    if (!parsed.host) return url.trim()
    const path = parsed.pathname === '/' ? '' : parsed.pathname
    return `${parsed.host}${path}${parsed.search ? '?…' : ''}`
  } catch {
    return url.trim()
  }
}

/** Pasted server URLs are http(s); the WebSocket equivalent is the same URL on ws(s). */
export function httpToWebSocketScheme(url: string): string {
  return url.replace(/^(\s*)http(s?):\/\//i, (_m, space: string, s: string) => `${space}ws${s.toLowerCase()}://`)
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`
}
