import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// Issue 13, layout: panes that resize and collapse and are remembered, and a timeline that stays
// readable on a 1024 px window.

/** A frame long enough that no layout shows all of it in a row. */
const LONG_FRAME = JSON.stringify({ type: 'quote', symbol: 'ACME', note: 'abcdefghijklmnopqrstuvwxyz'.repeat(8) })

async function connectAndSelectFrame(app: AppPage, payload = '{"hello":"layout"}') {
  await app.waitForEditor()
  await app.connection('Demo echo').click()
  await app.urlField.fill(`${DEMO_WS}echo`)
  await app.connectButton.click()
  await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
  await app.typeInEditor(payload)
  await app.sendButton.click()
  await app.receivedRows.first().waitFor()
  await app.receivedRows.first().click()
}

async function box(locator: Locator) {
  const rect = await locator.boundingBox()
  if (!rect) throw new Error('element not laid out')
  return rect
}

/**
 * How many characters of a row's preview are visible: those whose glyph ends left of where the
 * ellipsis begins (measured on the laid-out text, not estimated from widths).
 */
function visiblePreviewChars(row: Locator): Promise<number> {
  return row.locator('.tl-row-preview').evaluate((element) => {
    const text = element.firstChild
    if (!text || text.nodeType !== Node.TEXT_NODE) return 0
    const style = getComputedStyle(element)
    const right = element.getBoundingClientRect().right - Number.parseFloat(style.paddingRight)
    const canvas = document.createElement('canvas').getContext('2d')
    if (!canvas) return 0
    canvas.font = style.font
    const ellipsis = canvas.measureText('…').width
    const range = document.createRange()
    const length = text.textContent?.length ?? 0
    let shown = 0
    for (let i = 0; i < length; i++) {
      range.setStart(text, i)
      range.setEnd(text, i + 1)
      if (range.getBoundingClientRect().right > right - ellipsis) break
      shown = i + 1
    }
    return shown
  })
}

/** Whether the children of `container` sit on one line: their vertical extents all overlap. */
async function onOneLine(container: Locator): Promise<{ lines: number; height: number }> {
  return container.evaluate((element) => {
    const boxes = [...element.children]
      .map((child) => child.getBoundingClientRect())
      .filter((rect) => rect.width > 1 && rect.height > 1)
    const tops = boxes.map((rect) => rect.top)
    const bottoms = boxes.map((rect) => rect.bottom)
    // Two children are on different lines when one starts below where the other ends.
    const lines = boxes.some((a) => boxes.some((b) => b.top >= a.bottom - 1)) ? 2 : 1
    return { lines, height: Math.max(...bottoms) - Math.min(...tops) }
  })
}

describe('pane layout in Chromium', () => {
  const e2e = setupE2E()

  it('dragging the sidebar splitter resizes the sidebar, and a reload keeps the width', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.waitForEditor()
    const splitter = page.getByRole('separator', { name: 'Resize sidebar' })
    const sidebarColumn = page.locator('.app-sidebar')
    const before = (await box(sidebarColumn)).width
    const handle = await box(splitter)
    await page.mouse.move(handle.x + handle.width / 2, handle.y + 200)
    await page.mouse.down()
    await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + 200, { steps: 4 })
    await page.mouse.move(handle.x + handle.width / 2 + 100, handle.y + 200, { steps: 4 })
    await page.mouse.up()
    const dragged = (await box(sidebarColumn)).width
    expect(dragged).toBeCloseTo(before + 100, 0)
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(Math.round(dragged))

    await page.reload()
    await app.waitForEditor()
    expect((await box(sidebarColumn)).width).toBeCloseTo(dragged, 0)
    // The main area starts where the wider sidebar (and its splitter) ends, the timeline still in view.
    expect((await box(app.header)).x).toBeCloseTo(dragged + 5, 0)
    const timeline = await box(app.timeline)
    expect(timeline.x + timeline.width).toBeLessThanOrEqual(1400)
  })

  it('a collapsed frame detail stays collapsed after a reload and comes back with the keyboard', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await connectAndSelectFrame(app)
    await app.detail.waitFor()
    await app.timeline.getByRole('button', { name: 'Hide frame detail' }).click()
    await app.detail.waitFor({ state: 'detached' })
    expect(await app.timeline.getByRole('button', { name: 'Show frame detail' }).getAttribute('aria-expanded')).toBe('false')

    await page.reload()
    await connectAndSelectFrame(app)
    const show = app.timeline.getByRole('button', { name: 'Show frame detail' })
    await show.waitFor()
    expect(await app.detail.count()).toBe(0)

    const splitter = app.timeline.getByRole('separator', { name: 'Resize frame detail' })
    expect(await splitter.getAttribute('aria-valuetext')).toBe('collapsed')
    // Tab from the frame list reaches the splitter; Enter restores the pane at its size.
    await app.timeline.getByRole('listbox', { name: 'Frames' }).focus()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Resize frame detail')
    await page.keyboard.press('Enter')
    await app.detail.waitFor()
    const height = (await box(page.locator('.tl-detail-pane'))).height
    expect(Math.round(height)).toBe(Number(await splitter.getAttribute('aria-valuenow')))
    await page.keyboard.press('ArrowUp')
    await eventually(async () => expect(Math.round((await box(page.locator('.tl-detail-pane'))).height)).toBe(Math.round(height) + 10))
    expect(await axeViolations(page)).toEqual([])
  })

  it('collapsing the sidebar and the composer leaves strips that bring them back; axe finds nothing on either screen', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await connectAndSelectFrame(app)
    await app.detail.waitFor()
    expect(await axeViolations(page), 'every pane open').toEqual([])
    const timelineWidth = (await box(app.timeline)).width

    await page.getByRole('button', { name: 'Hide sidebar' }).click()
    await app.composer.getByRole('button', { name: 'Hide composer' }).click()
    await app.timeline.getByRole('button', { name: 'Hide frame detail' }).click()
    expect(await app.sidebar.count()).toBe(0)
    expect(await app.sendButton.isVisible()).toBe(false)
    expect((await box(app.timeline)).width).toBeGreaterThan(timelineWidth + 400)
    expect(await axeViolations(page), 'every pane collapsed').toEqual([])

    await page.getByRole('button', { name: 'Show sidebar' }).click()
    await app.composer.getByRole('button', { name: 'Show composer' }).click()
    await app.sidebar.waitFor()
    expect(await app.sendButton.isVisible()).toBe(true)
    // The editor laid itself out again in its restored pane.
    expect((await box(app.editor)).width).toBeGreaterThan(200)
  })

  it('at 1024 × 768 the toolbar and the connection header keep to one line and a row shows its preview', async () => {
    const { page } = await e2e.openApp()
    await page.setViewportSize({ width: 1024, height: 768 })
    const app = appPage(page)
    await connectAndSelectFrame(app, LONG_FRAME)
    await app.detail.waitFor()
    await eventually(async () => expect(await page.locator('.connection-buffered').count()).toBe(0))

    const toolbar = app.timeline.locator('.tl-toolbar')
    const toolbarLine = await onOneLine(toolbar)
    const clear = await box(app.timeline.getByRole('button', { name: 'Clear' }))
    const address = app.header.locator('.connection-address')
    const addressLine = await onOneLine(address)
    const nameRow = await onOneLine(app.header.locator('.connection-header-row').first())
    const preview = await visiblePreviewChars(app.receivedRows.first())
    console.log(
      `1024 × 768: toolbar ${toolbarLine.height.toFixed(1)} px high (${toolbarLine.lines} line), address row ${addressLine.height.toFixed(1)} px ` +
        `(${addressLine.lines} line), name row ${nameRow.lines} line, ${preview} preview characters visible`,
    )
    expect(toolbarLine.lines).toBe(1)
    // One line of controls: no taller than its tallest button and the toolbar's own padding.
    expect(toolbarLine.height).toBeLessThanOrEqual(clear.height + 1)
    expect(addressLine.lines).toBe(1)
    expect(nameRow.lines).toBe(1)
    // Every toolbar control is inside the timeline, none pushed out of view.
    const timeline = await box(app.timeline)
    const last = await box(toolbar.locator(':scope > *').last())
    expect(last.x + last.width).toBeLessThanOrEqual(timeline.x + timeline.width)
    // Before this layout a 1024 px window showed 32 characters of a preview.
    expect(preview).toBeGreaterThanOrEqual(40)

    // With the sidebar collapsed the preview gets most of the window.
    await page.getByRole('button', { name: 'Hide sidebar' }).click()
    // The panes fit themselves to the new room on the next frames (ResizeObserver): let them settle.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    const wider = await visiblePreviewChars(app.receivedRows.first())
    console.log(`1024 × 768, sidebar collapsed: ${wider} preview characters visible`)
    expect(wider).toBeGreaterThanOrEqual(preview + 15)
  })

  it('a remembered sidebar too wide for the window is narrowed so the timeline keeps its room', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.waitForEditor()
    const splitter = page.getByRole('separator', { name: 'Resize sidebar' })
    await splitter.focus()
    await page.keyboard.press('End') // As wide as the 1400 px window allows: the sidebar's maximum.
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(480)
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.reload()
    await app.waitForEditor()
    await app.connection('Demo echo').click()
    const sidebar = await box(page.locator('.app-sidebar'))
    // 1024 − (two 5 px splitters, the narrowest composer (260 px), the timeline's 360 px).
    expect(sidebar.width).toBeCloseTo(1024 - 630, 0)
    const timeline = await box(app.timeline)
    expect(timeline.width).toBeGreaterThanOrEqual(360)
    expect(timeline.x + timeline.width).toBeLessThanOrEqual(1024)
  })
})
