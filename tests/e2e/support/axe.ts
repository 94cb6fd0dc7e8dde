import axe, { type AxeResults, type RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'

type AxeNode = { target: unknown[]; failureSummary?: string; html: string }
type AxeViolation = { id: string; impact?: string | null; help: string; nodes: AxeNode[] }

const BLOCKING = new Set(['serious', 'critical'])

/**
 * Runs axe-core in the page and returns its serious and critical violations, one readable line per
 * element. The script goes in through the DevTools protocol (page.evaluate), which the app's
 * Content-Security-Policy does not govern, so the page under test keeps its real policy.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window)
  if (!loaded) await page.evaluate(axe.source)
  const violations = await page.evaluate(async () => {
    const engine = (window as unknown as { axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> } }).axe
    const result = await engine.run(document, {
      resultTypes: ['violations'],
      // Off by default as "experimental"; the issue names the mismatch it finds, so it is on here.
      rules: { 'label-content-name-mismatch': { enabled: true } },
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html })),
    }))
  })
  return (violations as AxeViolation[])
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')} ${n.html.slice(0, 120)}`,
      ),
    )
}
