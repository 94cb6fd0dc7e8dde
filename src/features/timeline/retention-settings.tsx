import { IconLabel } from '../../components/icon-label.tsx'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { usePopover } from './use-popover.ts'

// The panel (limits, what they would drop, keeping timelines) loads when first opened.
const RetentionPanel = lazyNamed(() => import('./retention-panel.tsx'), 'RetentionPanel')

/** The toolbar's Retention button and the small panel it opens. */
export function RetentionSettings({ connectionId }: { connectionId: string }) {
  const { open, setOpen, close, wrapperRef, buttonRef, panelId } = usePopover()

  return (
    <div className="tl-retention" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        aria-label="Retention settings"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title="How many frames each timeline keeps"
        onClick={() => setOpen((was) => !was)}
      >
        <IconLabel icon="settings" label="Retention" />
      </button>
      {open && (
        <LazyPart what="the retention settings" onClose={close} id={panelId}>
          <RetentionPanel id={panelId} connectionId={connectionId} onClose={close} />
        </LazyPart>
      )}
    </div>
  )
}
