import { useEffect, useId, useRef, useState } from 'react'
import { kindUnavailableReason, TRANSPORT_KINDS, type TransportKind } from '../../store/transport-actions.ts'
import './transports.css'

/** "▾" beside "+ Add": adds a connection of a chosen kind (plain "+ Add" adds a WebSocket). */
export function AddKindMenu({ onAdd }: { onAdd: (kind: TransportKind) => void }) {
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const rootRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const close = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    return () => document.removeEventListener('mousedown', close)
  }, [open])

  return (
    <div className="add-kind" ref={rootRef}>
      <button
        type="button"
        className="connection-add"
        aria-label="Add connection of a kind"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        ▾
      </button>
      {open && (
        <ul className="add-kind-menu" id={menuId} role="menu" aria-label="Kind of connection" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {TRANSPORT_KINDS.map((k) => {
            const unavailable = kindUnavailableReason(k.kind)
            return (
              <li key={k.kind} role="none">
                <button
                  type="button"
                  role="menuitem"
                  title={unavailable ?? k.hint}
                  onClick={() => {
                    setOpen(false)
                    onAdd(k.kind)
                  }}
                >
                  {k.label}
                  <span className="muted"> — {unavailable ? 'unavailable here' : k.hint}</span>
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
