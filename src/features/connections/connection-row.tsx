import { memo, type KeyboardEvent } from 'react'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import type { Connection } from '../../workspace/model.ts'
import { formatCount } from '../../lib/format.ts'
import { urlHostAndPath } from './connection-hints.ts'
import { InlineNameEditor } from './inline-name-editor.tsx'
import { StatusDot } from './status-dot.tsx'
import { STATUS_LABEL, statusLabel } from './status-label.ts'
import { useCloseOutcome } from './use-close-outcome.ts'

type ConnectionRowProps = {
  connection: Connection
  selected: boolean
  renaming: boolean
  onSelect: (id: string) => void
  onStartRename: (id: string) => void
  onRename: (id: string, name: string) => string | null
  onRenameDone: (id: string) => void
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>, id: string) => void
}

/**
 * One saved connection. It subscribes to its own status only, so frames arriving on one
 * connection re-render nothing in the list.
 */
export const ConnectionRow = memo(function ConnectionRow({
  connection,
  selected,
  renaming,
  onSelect,
  onStartRename,
  onRename,
  onRenameDone,
  onKeyDown,
}: ConnectionRowProps) {
  const status = useSessionStore((state) => selectRuntime(state, connection.id).status)
  const outcome = useCloseOutcome(connection.id)
  const failed = status === 'closed' && outcome?.abnormal === true
  const host = urlHostAndPath(connection.url)
  // Which open connections are receiving: the rate of the last second, while it is not zero.
  const rate = useSessionStore((state) => {
    const runtime = selectRuntime(state, connection.id)
    return runtime.status === 'open' ? runtime.stats.ratePerSecond : 0
  })
  const detailId = `connection-detail-${connection.id}`
  const rowStatus = statusLabel(status, outcome)

  return (
    <li className="connection-row" data-selected={selected ? 'true' : undefined}>
      {renaming ? (
        <div className="connection-rename">
          <StatusDot status={status} failed={failed} outcome={outcome} />
          <InlineNameEditor
            initialName={connection.name}
            label="Rename connection"
            onCommit={(name) => onRename(connection.id, name)}
            onDone={() => onRenameDone(connection.id)}
          />
        </div>
      ) : (
        <>
          {/* The button's name is exactly its visible text, the connection's name (WCAG 2.5.3);
              the host and status sit outside it, over its lower half, and describe it. */}
          <button
            type="button"
            className="connection-select"
            data-connection-id={connection.id}
            aria-describedby={detailId}
            aria-current={selected ? 'true' : undefined}
            onClick={() => onSelect(connection.id)}
            onDoubleClick={() => onStartRename(connection.id)}
            onKeyDown={(event) => onKeyDown(event, connection.id)}
          >
            <StatusDot status={status} failed={failed} outcome={outcome} />
            <span className="connection-name">{connection.name}</span>
          </button>
          <span className="connection-host" id={detailId}>
            {host === '' ? 'No URL yet' : host}
            {rate > 0 && <span className="connection-rate">{` · ${formatCount(rate)} msg/s`}</span>}
            <span className="visually-hidden">
              {`, ${rowStatus}${failed && rowStatus === STATUS_LABEL[status] ? ' (last attempt failed)' : ''}`}
            </span>
          </span>
        </>
      )}
    </li>
  )
})
