import { openMergedTimeline, useMergedTimelineStore } from '../../store/merged-timeline.ts'
import './merged-timeline-button.css'

/** The sidebar's way into the merged timeline (also "Open the merged timeline" in the command palette). */
export function MergedTimelineButton() {
  const open = useMergedTimelineStore((state) => state.open)
  return (
    <div className="mt-sidebar">
      <button type="button" className="mt-sidebar-button" aria-current={open ? 'page' : undefined} onClick={openMergedTimeline}>
        Merged view
      </button>
    </div>
  )
}
