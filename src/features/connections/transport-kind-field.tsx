import { useId } from 'react'
import { setConnectionKind, TRANSPORT_KINDS, transportKindOf, type TransportKind } from '../../store/transport-actions.ts'
import type { Connection } from '../../workspace/model.ts'
import './transports.css'

type Props = { connection: Connection; active: boolean }

/** The connection's kind; it sits in the address row, beside the URL it decides the scheme of. */
export function TransportKindField({ connection, active, onError }: Props & { onError: (error: string | null) => void }) {
  const fieldId = useId()
  const kind = transportKindOf(connection)
  return (
    <div className="connection-field transport-kind">
      <label htmlFor={`${fieldId}-kind`}>Kind</label>
      <select
        id={`${fieldId}-kind`}
        value={kind}
        disabled={active}
        title={active ? 'Disconnect to change the kind' : undefined}
        onChange={(event) => {
          const result = setConnectionKind(connection.id, event.target.value as TransportKind)
          onError(result.ok ? null : (result.error ?? null))
        }}
      >
        {TRANSPORT_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
    </div>
  )
}
