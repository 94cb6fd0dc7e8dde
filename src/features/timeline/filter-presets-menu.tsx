import { lazy, Suspense } from 'react'
import type { SavedFilter } from '../../store/timeline-filter.ts'
import { usePopover } from './use-popover.ts'

// The manager is not needed on the first screen: its own chunk, loaded when the menu opens.
const FilterPresetsPanel = lazy(() => import('./filter-presets-panel.tsx'))

type FilterPresetsMenuProps = {
  /** The filter the timeline applies now (what "Save filter as…" keeps). */
  current: SavedFilter
  onApply: (filter: SavedFilter) => void
}

/** The toolbar's "Presets" button: named filters of the workspace, saved, applied, renamed, deleted. */
export function FilterPresetsMenu({ current, onApply }: FilterPresetsMenuProps) {
  const { open, setOpen, close, wrapperRef, buttonRef, panelId } = usePopover()
  return (
    <div className="tl-retention tl-presets" ref={wrapperRef}>
      <button ref={buttonRef} type="button" aria-expanded={open} aria-controls={open ? panelId : undefined} title="Named filters of this workspace" onClick={() => setOpen((was) => !was)}>
        Presets
      </button>
      {open && (
        <div id={panelId} className="tl-retention-panel" role="group" aria-label="Filter presets">
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <FilterPresetsPanel
              current={current}
              onApply={(filter) => {
                onApply(filter)
                close()
              }}
            />
          </Suspense>
        </div>
      )}
    </div>
  )
}
