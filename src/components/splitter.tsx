import { useRef, type KeyboardEvent, type PointerEvent } from 'react'
import './splitter.css'

type SplitterProps = {
  /** The accessible name, e.g. "Resize sidebar". */
  label: string
  /** The id of the pane this splitter sizes. */
  controls: string
  /** As ARIA means it: "vertical" is a vertical line between two columns (sizes a width). */
  orientation: 'vertical' | 'horizontal'
  /** The pane's size as shown now, in pixels (already fitted to the window). */
  size: number
  min: number
  /** The largest size that fits now, which may be less than the pane's own maximum. */
  max: number
  collapsed: boolean
  /**
   * 1 when moving the splitter right (or down) makes the pane larger: a pane left of (or above)
   * it. -1 for a pane right of (or below) it.
   */
  grow: 1 | -1
  onResize: (size: number) => void
  onCollapsedChange: (collapsed: boolean) => void
  className?: string
}

/** Pixels per arrow key press; with Shift, a larger step. */
export const SPLITTER_STEP = 10
export const SPLITTER_BIG_STEP = 50

/**
 * A window splitter (WAI-ARIA APG): drag it, or focus it and use the arrow keys (Shift for bigger
 * steps); Home collapses the pane, End makes it as large as fits, Enter collapses or restores.
 * Dragging below half the minimum collapses, as dragging a collapsed pane back out restores it.
 * Values are pixels; while collapsed the value is 0.
 */
export function Splitter(props: SplitterProps) {
  const { label, controls, orientation, size, min, max, collapsed, grow, onResize, onCollapsedChange, className } = props
  const drag = useRef<{ pointerId: number; start: number; startSize: number } | null>(null)
  const coordinate = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY)
  const fit = (value: number) => Math.round(Math.max(min, Math.min(value, Math.max(min, max))))

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const [less, more] = orientation === 'vertical' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown']
    const step = event.shiftKey ? SPLITTER_BIG_STEP : SPLITTER_STEP
    let handled = true
    if (event.key === less || event.key === more) {
      const delta = (event.key === more ? step : -step) * grow
      // A collapsed pane comes back at its size on the first key that grows it.
      if (collapsed) {
        if (delta > 0) onCollapsedChange(false)
      } else onResize(fit(size + delta))
    } else if (event.key === 'Home') {
      if (!collapsed) onCollapsedChange(true)
    } else if (event.key === 'End') {
      onResize(fit(max))
    } else if (event.key === 'Enter') {
      onCollapsedChange(!collapsed)
    } else {
      handled = false
    }
    if (handled) event.preventDefault()
  }

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return
    event.preventDefault() // No text selection while dragging; focus moves to the splitter below.
    event.currentTarget.focus()
    event.currentTarget.setPointerCapture?.(event.pointerId)
    drag.current = { pointerId: event.pointerId, start: coordinate(event), startSize: collapsed ? 0 : size }
  }

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current
    if (!current || current.pointerId !== event.pointerId) return
    const wanted = current.startSize + (coordinate(event) - current.start) * grow
    if (wanted < min / 2) {
      if (!collapsed) onCollapsedChange(true)
    } else onResize(fit(wanted))
  }

  const endDrag = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointerId !== event.pointerId) return
    drag.current = null
    event.currentTarget.releasePointerCapture?.(event.pointerId)
  }

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-controls={controls}
      aria-orientation={orientation}
      aria-valuemin={0}
      aria-valuemax={Math.max(min, max)}
      aria-valuenow={collapsed ? 0 : size}
      aria-valuetext={collapsed ? 'collapsed' : `${size} pixels`}
      className={`splitter splitter--${orientation}${className ? ` ${className}` : ''}`}
      data-collapsed={collapsed ? 'true' : undefined}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onDoubleClick={() => onCollapsedChange(!collapsed)}
    />
  )
}
