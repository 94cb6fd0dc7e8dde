import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { usePopover } from './use-popover.ts'

// The panel (two paths, which side asks, Apply / Clear) loads when first opened.
const PairingPanel = lazyNamed(() => import('./pairing-panel.tsx'), 'PairingPanel')

/** Next to the Decode menu: what requests and replies are paired by, and the "Pair by…" panel. */
export function PairingControl({ connectionId, modeText }: { connectionId: string; modeText: string }) {
  const { open, setOpen, close, wrapperRef, buttonRef, panelId } = usePopover()
  return (
    <div className="tl-pairing" ref={wrapperRef}>
      <span className="tl-pairing-mode muted" role="status" title={modeText}>
        {modeText}
      </span>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title="Pair requests and replies by JSON paths of your choosing"
        onClick={() => setOpen((was) => !was)}
      >
        Pair by…
      </button>
      {/* The id is on a wrapper in the DOM at once: aria-controls must not point at a panel still loading. */}
      {open && (
        <div id={panelId}>
          <LazyPart what="the pairing settings" onClose={close}>
            <PairingPanel connectionId={connectionId} onClose={close} />
          </LazyPart>
        </div>
      )}
    </div>
  )
}
