import { useLayoutEffect, useState, type RefObject } from 'react'
import { useLayoutStore, type PaneId } from '../store/layout-store.ts'
import { PANE_LIMITS, clampSize, wantedSize } from '../store/pane-layout.ts'

export type FittedPane = { size: number; min: number; max: number; collapsed: boolean }

/**
 * The width or height of an element, kept current with a ResizeObserver; null until measured
 * (and where nothing can measure, as in jsdom, where panes keep their remembered sizes).
 */
export function useElementSize(ref: RefObject<HTMLElement | null>, axis: 'width' | 'height'): number | null {
  const [size, setSize] = useState<number | null>(null)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => {
      const rect = element.getBoundingClientRect()
      const value = axis === 'width' ? rect.width : rect.height
      setSize(value > 0 ? Math.round(value) : null)
    }
    measure() // Before paint, so a remembered size too large for this window never shows.
    if (typeof ResizeObserver !== 'function') return
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref, axis])
  return size
}

/**
 * A pane's remembered size fitted into `available` pixels while leaving `reserve` for its
 * neighbours (the timeline always keeps room). The remembered size itself is left alone.
 */
export function useFittedPane(pane: PaneId, available: number | null, reserve: number): FittedPane {
  const state = useLayoutStore((layout) => layout[pane])
  const { min, max } = PANE_LIMITS[pane]
  const fits = available === null ? max : Math.max(min, Math.min(max, available - reserve))
  return { size: clampSize(wantedSize(pane, state, available), min, fits), min, max: fits, collapsed: state.collapsed }
}
