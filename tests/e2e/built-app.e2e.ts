import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DIST } from './support/preview-server.ts'

// Static checks of dist/: complements the runtime guard, which only sees what a test happens to load.
const html = () => readFileSync(join(DIST, 'index.html'), 'utf8')
const assets = (ext: string) =>
  readdirSync(join(DIST, 'assets'))
    .filter((name) => name.endsWith(ext))
    .map((name) => ({ name, text: readFileSync(join(DIST, 'assets', name), 'utf8') }))

describe('built app (dist/)', () => {
  it('loads scripts, styles and icons from its own origin through relative URLs', () => {
    const page = html()
    const refs = [...page.matchAll(/<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) {
      expect(ref, `${ref} in index.html`).not.toMatch(/^(?:[a-z]+:)?\/\//i)
      // Relative, so dist/ works under any sub-path.
      expect(ref, `${ref} in index.html`).toMatch(/^\.\//)
    }
  })

  it('has no third-party imports, workers or stylesheet URLs in its assets', () => {
    const js = assets('.js')
    expect(js.length).toBeGreaterThan(0)
    for (const { name, text } of js) {
      expect(text, name).not.toMatch(/\bimport\s*\(\s*["'`](?:https?:)?\/\//)
      expect(text, name).not.toMatch(/\bfrom\s*["'`](?:https?:)?\/\//)
      expect(text, name).not.toMatch(/\bimportScripts\s*\(\s*["'`](?:https?:)?\/\//)
      expect(text, name).not.toMatch(/new\s+(?:Shared)?Worker\s*\(\s*["'`](?:https?:)?\/\//)
    }
    for (const { name, text } of assets('.css')) {
      expect(text, name).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//)
      expect(text, name).not.toMatch(/@import\s+(?:url\()?\s*["']?(?:https?:)?\/\//)
    }
  })

  it('ships a Content-Security-Policy meta tag before any script or stylesheet', () => {
    const page = html()
    const meta = page.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)
    expect(meta, 'CSP meta tag').not.toBeNull()
    const policy = meta![1]!.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&')
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain("script-src 'self'")
    expect(policy).not.toContain('unsafe-eval')
    // http(s) for Server-Sent Events and Socket.IO polling (README); no other directive widens.
    expect(policy).toMatch(/connect-src 'self' ws: wss: http: https:(;|$)/)
    for (const directive of ['img-src', 'font-src', 'style-src', 'worker-src', 'manifest-src']) {
      expect(policy.match(new RegExp(`${directive} [^;]*`))?.[0], directive).not.toMatch(/\b(https?|wss?):(?!\/)|\*/)
    }
    // A meta CSP only governs what comes after it.
    const metaAt = page.indexOf('Content-Security-Policy')
    const firstResource = page.search(/<script|<link\b[^>]*rel="(?:stylesheet|modulepreload)"/)
    expect(metaAt).toBeLessThan(firstResource)
  })
})
