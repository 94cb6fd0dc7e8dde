import { useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react'
import { Modal } from '../../components/modal.tsx'
import type { Command } from './commands.ts'

/** Keys that belong to one place, listed in the sheet beside the commands' own shortcuts. */
const PLACE_KEYS: [string, string][] = [
  ['Move between controls', 'Tab, Shift+Tab'],
  ['Connection list: previous, next, first, last', '↑ ↓ Home End'],
  ['Connection list: rename, delete', 'F2, Delete'],
  ['Close a dialog or popover', 'Escape'],
]

export function CommandPalette({ commands, onClose, onRun }: { commands: Command[]; onClose: () => void; onRun: (command: Command) => void }) {
  const id = useId()
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const inputRef = useRef<HTMLInputElement>(null)
  const shown = commands.filter((c) => c.id !== 'palette' && c.label.toLowerCase().includes(query.trim().toLowerCase()))
  const current = Math.min(active, Math.max(shown.length - 1, 0))

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((current + step + shown.length) % Math.max(shown.length, 1))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const command = shown[current]
      if (command && command.unavailable() === null) onRun(command)
    }
  }

  return (
    <Modal title="Commands" onClose={onClose}>
      <input
        ref={inputRef}
        data-autofocus
        className="command-input"
        type="text"
        role="combobox"
        aria-label="Type to filter commands"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-activedescendant={shown[current] ? `${id}-${shown[current].id}` : undefined}
        aria-autocomplete="list"
        placeholder="Type to filter commands"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value)
          setActive(0)
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${id}-list`} className="command-list" role="listbox" aria-label="Commands">
        {shown.map((command, index) => {
          const why = command.unavailable()
          return (
            <li
              key={command.id}
              id={`${id}-${command.id}`}
              role="option"
              aria-selected={index === current}
              aria-disabled={why !== null ? true : undefined}
              className="command-item"
              onMouseMove={() => setActive(index)}
              onClick={() => {
                if (why === null) onRun(command)
                else inputRef.current?.focus()
              }}
            >
              <span className="command-label">{command.label}</span>
              {why !== null && <span className="command-why">{why}</span>}
              {command.keys && <kbd className="command-keys">{command.keys}</kbd>}
            </li>
          )
        })}
        {shown.length === 0 && <li className="command-empty">No command matches.</li>}
      </ul>
    </Modal>
  )
}

export function ShortcutSheet({ commands, onClose }: { commands: Command[]; onClose: () => void }) {
  const rows: [string, string][] = [
    ...commands.filter((c) => c.keys !== undefined).map((c): [string, string] => [c.label, c.keys ?? '']),
    ...PLACE_KEYS,
  ]
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, keys]) => (
            <tr key={label}>
              <td>{label}</td>
              <td>
                <kbd>{keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="command-actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Modal>
  )
}
