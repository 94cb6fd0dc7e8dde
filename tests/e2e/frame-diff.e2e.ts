import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'

/** A Monaco editor's rendered lines, top to bottom, spaces as spaces. */
async function viewLines(editor: Locator): Promise<string[]> {
  const lines = await editor.locator('.view-lines .view-line').evaluateAll((nodes) =>
    nodes
      .map((node) => ({ top: Number.parseFloat((node as HTMLElement).style.top || '0'), text: node.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text),
  )
  return lines.map((line) => line.replaceAll('\u00a0', ' '))
}

// Issue 10, reading frames: two echoed JSON frames compared in Monaco's diff editor, which loads
// only when the diff opens (under the built app's CSP; the harness fails on any violation).
describe('frame diff in Chromium', () => {
  const e2e = setupE2E()

  it('marks one echoed frame as the base, compares another in the diff editor, and shows both sides\u2019 differing lines', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').click()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    for (const [index, json] of ['{"type":"order","qty":1,"note":"first"}', '{"type":"order","qty":7,"note":"second"}'].entries()) {
      await app.typeInEditor(json)
      await eventually(async () => expect(await app.editorLine()).toBe(json))
      await page.keyboard.press('Control+Enter')
      await eventually(async () => expect(await app.receivedRows.count()).toBe(index + 1))
    }

    // The first echo is the base.
    await app.receivedRows.filter({ hasText: '"first"' }).click()
    await app.detail.filter({ hasText: '"note": "first"' }).waitFor()
    await app.detail.getByRole('button', { name: 'Set as diff base' }).click()
    await app.detail.getByRole('button', { name: 'Diff base' }).waitFor()

    // The second one is read as a tree (its chunk loads under the CSP too), then compared.
    await app.receivedRows.filter({ hasText: '"second"' }).click()
    await app.detail.filter({ hasText: '"note": "second"' }).waitFor()
    await app.detail.getByRole('button', { name: 'Tree' }).click()
    const tree = app.detail.getByRole('list', { name: 'Payload as a tree' })
    await tree.getByRole('button', { name: '$.qty', exact: true }).click()
    await app.detail.getByRole('button', { name: 'Copy path' }).waitFor()
    expect(await app.detail.getByTestId('json-tree-selected').textContent()).toBe('$.qty')
    expect(await axeViolations(page)).toEqual([])

    await app.detail.getByRole('button', { name: 'Compare with base' }).click()
    const dialog = page.getByRole('dialog', { name: 'Compare frames' })
    await dialog.waitFor()
    expect(await dialog.getByTestId('diff-base-title').textContent()).toMatch(/^Received · .* · 39 B text · Demo echo$/)
    expect(await dialog.getByTestId('diff-compared-title').textContent()).toMatch(/^Received · .* · 40 B text · Demo echo$/)

    const original = dialog.locator('.monaco-diff-editor .editor.original')
    const modified = dialog.locator('.monaco-diff-editor .editor.modified')
    await original.locator('.view-lines').waitFor({ state: 'visible', timeout: 30_000 })
    await eventually(async () => {
      const left = await viewLines(original)
      const right = await viewLines(modified)
      expect(left).toContain('  "qty": 1,')
      expect(left).toContain('  "note": "first"')
      expect(right).toContain('  "qty": 7,')
      expect(right).toContain('  "note": "second"')
      // Pretty-printed on both sides: the unchanged first line is there too.
      expect(left[1]).toBe('  "type": "order",')
      expect(right[1]).toBe('  "type": "order",')
    })
    // Monaco marked the changed lines on each side.
    await eventually(async () => {
      expect(await original.locator('.line-delete, .char-delete').count()).toBeGreaterThan(0)
      expect(await modified.locator('.line-insert, .char-insert').count()).toBeGreaterThan(0)
    })

    expect(await axeViolations(page)).toEqual([])

    await dialog.getByRole('button', { name: 'Inline' }).click()
    await eventually(async () => expect(await dialog.locator('.monaco-diff-editor.side-by-side').count()).toBe(0))
    expect(await viewLines(modified)).toContain('  "qty": 7,')
    // Still named after the layout change (Monaco drops the names on an options change; the component puts them back).
    await eventually(async () => expect(await modified.locator('.native-edit-context').getAttribute('aria-label')).toMatch(/^Compared: Received/))
    expect(await axeViolations(page)).toEqual([])

    // Escape closes from inside the diff editor too (Monaco lets it through to the dialog).
    await modified.locator('.view-lines[role="presentation"]').click()
    await eventually(async () => expect(await modified.evaluate((node) => node.contains(document.activeElement))).toBe(true))
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await app.detail.getByRole('button', { name: 'Compare with base' }).evaluate((button) => button === document.activeElement)).toBe(true)
  })
})
