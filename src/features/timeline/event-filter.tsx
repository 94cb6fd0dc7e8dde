import { useEffect, useState } from 'react'
import { fetchEventNames } from '../../store/session-actions.ts'
import { usePopover } from './use-popover.ts'

// While the panel is open, names that arrive meanwhile join the list this often.
const REFRESH_MS = 1000

type EventFilterProps = {
  connectionId: string
  /** The chosen names; empty shows every frame. */
  events: readonly string[]
  onEvents: (events: readonly string[]) => void
}

/**
 * The toolbar's event filter (Socket.IO events, Server-Sent Event types): a button that opens the
 * names this connection has seen, each a checkbox. The filtering itself runs next to the log.
 */
export function EventFilter({ connectionId, events, onEvents }: EventFilterProps) {
  const { open, setOpen, wrapperRef, buttonRef, panelId } = usePopover()
  const [names, setNames] = useState<string[]>([])

  useEffect(() => {
    if (!open) return
    let live = true
    const load = () =>
      void fetchEventNames(connectionId).then((next) => {
        if (live) setNames(next)
      })
    load()
    const timer = setInterval(load, REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [open, connectionId])

  // A chosen name the connection has not seen (yet, or since a reload) still shows, so it can be unticked.
  const shown = [...names, ...events.filter((name) => !names.includes(name))]
  const chosen = new Set(events)
  const toggle = (name: string) => onEvents(chosen.has(name) ? events.filter((e) => e !== name) : [...events, name])

  return (
    <div className="tl-retention tl-event-filter" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-pressed={events.length > 0}
        title="Show only the events you choose"
        onClick={() => setOpen((was) => !was)}
      >
        {events.length === 0 ? 'Events: all' : `Events: ${events.length}`}
      </button>
      {open && (
        <div id={panelId} className="tl-retention-panel" role="group" aria-label="Event filter">
          <h3>Show only these events</h3>
          {shown.length === 0 ? (
            <p className="muted">No named events yet: names appear here as they arrive.</p>
          ) : (
            <ul className="tl-event-names">
              {shown.map((name) => (
                <li key={name}>
                  <label>
                    <input type="checkbox" checked={chosen.has(name)} onChange={() => toggle(name)} />
                    <span className="mono">{name === '' ? '(empty name)' : name}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          <button type="button" disabled={events.length === 0} onClick={() => onEvents([])}>
            Show all events
          </button>
        </div>
      )}
    </div>
  )
}
