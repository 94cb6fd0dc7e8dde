import { lazy, Suspense, useCallback } from 'react'
import { fetchDecodedTypes, hasExtras, type FilterExtras } from '../../store/timeline-filter.ts'
import { usePopover } from './use-popover.ts'

// Not needed on the first screen: its own chunk, loaded when the panel first opens.
const MoreFiltersPanel = lazy(() => import('./more-filters-panel.tsx'))

type MoreFiltersProps = {
  connectionId: string
  more: FilterExtras
  onMore: (more: FilterExtras) => void
}

/**
 * Filters beyond the search box: payload type, time range and decoded type. All run next to the
 * log, combined with the search and the event filter.
 */
export function MoreFilters({ connectionId, more, onMore }: MoreFiltersProps) {
  const { open, setOpen, wrapperRef, buttonRef, panelId } = usePopover()
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
        title="Filter by payload type, time and decoded type"
        onClick={() => setOpen((was) => !was)}
      >
        {active ? 'Filters •' : 'Filters'}
      </button>
      {open && (
        <Suspense fallback={<p className="tl-retention-panel muted">Loading…</p>}>
          <MoreFiltersPanel panelId={panelId} more={more} onMore={onMore} active={active} loadTypes={loadTypes} />
        </Suspense>
      )}
    </div>
  )
}
