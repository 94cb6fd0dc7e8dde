import { describe, expect, it, vi } from 'vitest'
import { LAYOUT_KEY, loadLayout, saveLayout } from '../../src/store/persistence/ui-preferences.ts'
import { PANE_LIMITS, defaultLayout, wantedSize } from '../../src/store/pane-layout.ts'

/** A storage whose every call throws, as localStorage does where the browser blocks it. */
const blocked = {
  getItem: () => {
    throw new DOMException('blocked', 'SecurityError')
  },
  setItem: () => {
    throw new DOMException('quota', 'QuotaExceededError')
  },
  removeItem: () => {},
}

describe('remembered pane layout', () => {
  it('starts from the defaults when nothing is stored', () => {
    expect(loadLayout()).toEqual(defaultLayout())
  })

  it('reads back what was saved', () => {
    const layout = { sidebar: { size: 300, collapsed: true }, composer: { size: 400, collapsed: false }, detail: { size: 180, collapsed: true } }
    saveLayout(layout)
    expect(JSON.parse(localStorage.getItem(LAYOUT_KEY) ?? 'null')).toEqual(layout)
    expect(loadLayout()).toEqual(layout)
  })

  it.each([
    ['not JSON', '{"sidebar": {"size": 30'],
    ['JSON null', 'null'],
    ['an array', '[1, 2, 3]'],
    ['a string', '"wide"'],
  ])('falls back to the defaults for a stored value that is %s', (_what, stored) => {
    localStorage.setItem(LAYOUT_KEY, stored)
    expect(loadLayout()).toEqual(defaultLayout())
  })

  it('keeps what is valid of each pane and replaces the rest', () => {
    localStorage.setItem(
      LAYOUT_KEY,
      JSON.stringify({ sidebar: { size: 'wide', collapsed: true }, composer: { size: 9000, collapsed: 'yes' }, detail: { size: 12 }, extra: 1 }),
    )
    expect(loadLayout()).toEqual({
      // No usable size: the pane is as if never sized, and gets the default.
      sidebar: { size: null, collapsed: true },
      composer: { size: PANE_LIMITS.composer.max, collapsed: false },
      detail: { size: PANE_LIMITS.detail.min, collapsed: false },
    })
  })

  it('treats NaN and infinite sizes (which JSON cannot hold, but a hand edit can try) as missing', () => {
    localStorage.setItem(LAYOUT_KEY, '{"sidebar": {"size": 1e999}}')
    expect(loadLayout().sidebar.size).toBeNull()
  })

  it('works without storage: defaults on load, nothing thrown on save', () => {
    expect(loadLayout(blocked)).toEqual(defaultLayout())
    expect(() => saveLayout(defaultLayout(), blocked)).not.toThrow()
    expect(loadLayout(null)).toEqual(defaultLayout())
  })

  it('a page loaded after a change starts with the changed layout (the store reads it at start)', async () => {
    const first = await import('../../src/store/layout-store.ts')
    first.setPaneSize('sidebar', 333)
    first.setPaneCollapsed('detail', true)
    vi.resetModules()
    const reloaded = await import('../../src/store/layout-store.ts')
    expect(reloaded.useLayoutStore.getState().sidebar).toEqual({ size: 333, collapsed: false })
    expect(reloaded.useLayoutStore.getState().detail.collapsed).toBe(true)
  })

  it('a corrupt stored layout at start gives the defaults, not a crash', async () => {
    localStorage.setItem(LAYOUT_KEY, '\u0000garbage')
    vi.resetModules()
    const { useLayoutStore } = await import('../../src/store/layout-store.ts')
    expect(useLayoutStore.getState()).toEqual(defaultLayout())
  })

  it('sizes asked of the store are clamped to the pane limits, and resizing a collapsed pane shows it', async () => {
    const { setPaneCollapsed, setPaneSize, useLayoutStore } = await import('../../src/store/layout-store.ts')
    setPaneSize('composer', 5)
    expect(useLayoutStore.getState().composer.size).toBe(PANE_LIMITS.composer.min)
    setPaneSize('composer', 10_000)
    expect(useLayoutStore.getState().composer.size).toBe(PANE_LIMITS.composer.max)
    setPaneCollapsed('composer', true)
    setPaneSize('composer', 400)
    expect(useLayoutStore.getState().composer).toEqual({ size: 400, collapsed: false })
  })

  it('a pane nobody sized takes its default: the composer a share of the room, where the room is known', () => {
    const unsized = { size: null, collapsed: false }
    expect(wantedSize('sidebar', unsized, 1400)).toBe(PANE_LIMITS.sidebar.initial)
    expect(wantedSize('composer', unsized, null)).toBe(PANE_LIMITS.composer.initial)
    expect(Math.round(wantedSize('composer', unsized, 779))).toBe(288) // A 1024 px window.
    expect(wantedSize('composer', { size: 500, collapsed: false }, 779)).toBe(500)
  })
})
