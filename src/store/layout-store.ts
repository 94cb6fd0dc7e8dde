import { create } from 'zustand'
import { PANE_LIMITS, clampSize, type PaneId, type PaneLayout } from './pane-layout.ts'
import { loadLayout, saveLayout } from './persistence/ui-preferences.ts'

export type { PaneId, PaneLayout }

/**
 * Pane sizes and collapsed panes, remembered in this browser. The stored size is what the user
 * chose; the screen may show less where the window is too small for it (see useFittedSize), so a
 * wide sidebar chosen on a large monitor comes back there, without hiding the timeline on a laptop.
 */
export const useLayoutStore = create<PaneLayout>(() => loadLayout())

function update(pane: PaneId, change: Partial<PaneLayout[PaneId]>): void {
  const current = useLayoutStore.getState()
  const next = { ...current[pane], ...change }
  if (next.size === current[pane].size && next.collapsed === current[pane].collapsed) return
  useLayoutStore.setState({ [pane]: next })
  // Synchronous and small (a few dozen bytes): a reload right after a drag keeps the size.
  saveLayout(useLayoutStore.getState())
}

export function setPaneSize(pane: PaneId, size: number): void {
  const { min, max } = PANE_LIMITS[pane]
  update(pane, { size: clampSize(size, min, max), collapsed: false })
}

export function setPaneCollapsed(pane: PaneId, collapsed: boolean): void {
  update(pane, { collapsed })
}

export function togglePane(pane: PaneId): void {
  setPaneCollapsed(pane, !useLayoutStore.getState()[pane].collapsed)
}
