import { lazy, Suspense, useCallback } from 'react'
import { IconLabel } from '../../components/icon-label.tsx'
import { fetchDecodedTypes, hasExtras, type FilterExtras, type SavedFilter } from '../../store/timeline-filter.ts'
import { usePopover } from './use-popover.ts'

// Not needed on the first screen: their own chunks, loaded when the panel first opens.
const MoreFiltersPanel = lazy(() => import('./more-filters-panel.tsx'))
const FilterPresetsPanel = lazy(() => import('./filter-presets-panel.tsx'))

type MoreFiltersProps = {
  connectionId: string
  more: FilterExtras
  onMore: (more: FilterExtras) => void
  /** The filter applied now (what "Save filter as…" keeps), and what applying a preset does. */
  presets: { current: SavedFilter; onApply: (filter: SavedFilter) => void }
}

/**
 * The toolbar's Filters button: filters beyond the search box (payload type, time range, decoded
 * type), all run next to the log with the search and the event filter, and the workspace's named
 * presets. One button for both: at 1024 px the toolbar has no room for two more (layout.e2e.ts).
 */
export function MoreFilters({ connectionId, more, onMore, presets }: MoreFiltersProps) {
  const { open, setOpen, close, wrapperRef, buttonRef, panelId } = usePopover()
  // Exclusion rules have chips of their own: this button speaks of the filters in its panel.
  const { exclude: _chips, ...inPanel } = more
  const active = hasExtras(inPanel)
  const loadTypes = useCallback(() => fetchDecodedTypes(connectionId), [connectionId])
  return (
    <div className="tl-retention tl-more-filters" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-pressed={active}
        title="Filters (payload type, time, decoded type) and filter presets"
        onClick={() => setOpen((was) => !was)}
      >
        <IconLabel icon="filter" label="Filters" />
        {active && <span className="tl-filters-dot" aria-hidden="true" />}
      </button>
      {open && (
        <div id={panelId} className="tl-retention-panel tl-filters-panel">
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <MoreFiltersPanel panelId={panelId} more={more} onMore={onMore} active={active} loadTypes={loadTypes} />
            <div className="tl-filters-section" role="group" aria-label="Filter presets">
              <FilterPresetsPanel
                current={presets.current}
                onApply={(filter) => {
                  presets.onApply(filter)
                  close()
                }}
              />
            </div>
          </Suspense>
        </div>
      )}
    </div>
  )
}
