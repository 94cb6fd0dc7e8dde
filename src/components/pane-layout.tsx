import { setPaneCollapsed, setPaneSize, togglePane, useLayoutStore, type PaneId } from '../store/layout-store.ts'
import { Splitter } from './splitter.tsx'
import type { FittedPane } from './use-fitted-pane.ts'

type PaneSplitterProps = {
  pane: PaneId
  fitted: FittedPane
  label: string
  controls: string
  orientation: 'vertical' | 'horizontal'
  grow: 1 | -1
  className?: string
}

/** A Splitter wired to the remembered layout. */
export function PaneSplitter({ pane, fitted, ...rest }: PaneSplitterProps) {
  return (
    <Splitter
      {...rest}
      size={fitted.size}
      min={fitted.min}
      max={fitted.max}
      collapsed={fitted.collapsed}
      onResize={(size) => setPaneSize(pane, size)}
      onCollapsedChange={(collapsed) => setPaneCollapsed(pane, collapsed)}
    />
  )
}

const ARROWS = {
  // Where the pane sits: the arrow points the way it goes when hidden, and comes back from.
  start: { hide: '«', show: '»' },
  bottom: { hide: '▾', show: '▴' },
} as const

type PaneToggleProps = {
  pane: PaneId
  /** Completes the accessible name: "Hide sidebar", "Show frame detail". */
  name: string
  controls: string
  side: keyof typeof ARROWS
  /** A visible word beside the arrow ("Hide", "Composer"); without one the button is the arrow alone. */
  text?: { hide: string; show: string }
  className?: string
}

/** The visible button that collapses a pane or brings it back. */
export function PaneToggle({ pane, name, controls, side, text, className }: PaneToggleProps) {
  const collapsed = useLayoutStore((layout) => layout[pane].collapsed)
  const verb = collapsed ? 'Show' : 'Hide'
  const arrow = collapsed ? ARROWS[side].show : ARROWS[side].hide
  const word = text ? (collapsed ? text.show : text.hide) : null
  return (
    <button
      type="button"
      className={`pane-toggle${className ? ` ${className}` : ''}`}
      aria-label={`${verb} ${name}`}
      aria-expanded={!collapsed}
      aria-controls={controls}
      title={`${verb} ${name}`}
      onClick={() => togglePane(pane)}
    >
      <span aria-hidden="true">{arrow}</span>
      {word && <span aria-hidden="true">{word}</span>}
    </button>
  )
}
