import { useId, useState } from 'react'
import { kindLabel, patchTransport, transportKindOf } from '../../store/transport-actions.ts'
import { LIMITS } from '../../workspace/limits.ts'
import type { Connection, SocketIoOptions, SseOptions } from '../../workspace/model.ts'
import { KeyValueEditor } from './key-value-editor.tsx'
import './transports.css'

type Props = { connection: Connection; active: boolean }

type FieldProps<T> = { id: string; options: T; disabled: boolean; onResult: (result: { ok: boolean; error?: string }) => void }

function authError(text: string): string | null {
  if (text.trim() === '') return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : 'The auth payload must be a JSON object, e.g. {"token": "…"}.'
  } catch (thrown) {
    return `The auth payload is not valid JSON (${thrown instanceof Error ? thrown.message : String(thrown)}).`
  }
}

function SocketIoFields({ id, options, disabled, onResult }: FieldProps<SocketIoOptions>) {
  const fieldId = useId()
  const patch = (change: Partial<SocketIoOptions>) => onResult(patchTransport(id, 'socket.io', change))
  const [ackText, setAckText] = useState(String(options.ackTimeoutMs))
  const auth = authError(options.auth)
  return (
    <div className="transport-options">
      <div className="connection-field">
        <label htmlFor={`${fieldId}-ns`}>Namespace</label>
        <input id={`${fieldId}-ns`} className="mono" type="text" spellCheck={false} disabled={disabled} value={options.namespace} maxLength={LIMITS.nameChars} onChange={(e) => patch({ namespace: e.target.value })} />
      </div>
      <div className="connection-field">
        <label htmlFor={`${fieldId}-path`}>Path</label>
        <input id={`${fieldId}-path`} className="mono" type="text" spellCheck={false} disabled={disabled} value={options.path} maxLength={LIMITS.nameChars} onChange={(e) => patch({ path: e.target.value })} />
      </div>
      <div className="connection-field">
        <label htmlFor={`${fieldId}-transports`}>Transports</label>
        <select id={`${fieldId}-transports`} disabled={disabled} value={options.transports} onChange={(e) => patch({ transports: e.target.value === 'polling' ? 'polling' : 'websocket' })}>
          <option value="websocket">WebSocket only</option>
          <option value="polling">Polling, then upgrade</option>
        </select>
      </div>
      <div className="connection-field">
        <label htmlFor={`${fieldId}-ack`}>Ack timeout (ms)</label>
        <input
          id={`${fieldId}-ack`}
          className="mono"
          type="text"
          inputMode="numeric"
          disabled={disabled}
          value={ackText}
          onChange={(e) => {
            setAckText(e.target.value)
            const ms = Number(e.target.value)
            if (Number.isInteger(ms) && ms >= 1) patch({ ackTimeoutMs: ms })
          }}
        />
      </div>
      <label className="connection-checkbox">
        <input type="checkbox" disabled={disabled} checked={options.reconnection} onChange={(e) => patch({ reconnection: e.target.checked })} />
        Client reconnection (at most 10 attempts)
      </label>
      <div className="connection-field transport-wide">
        <label htmlFor={`${fieldId}-auth`}>Auth (JSON, sent at connect)</label>
        <textarea
          id={`${fieldId}-auth`}
          className="mono"
          rows={2}
          spellCheck={false}
          disabled={disabled}
          placeholder='{"token": "…"}'
          value={options.auth}
          aria-invalid={auth ? true : undefined}
          onChange={(e) => patch({ auth: e.target.value })}
        />
        {auth && <span className="field-error">{auth}</span>}
      </div>
      <KeyValueEditor label="Query parameters" pairs={options.query} namePlaceholder="name" valuePlaceholder="value" disabled={disabled} onChange={(query) => patch({ query })} />
    </div>
  )
}

function SseFields({ id, options, disabled, onResult }: FieldProps<SseOptions>) {
  const fieldId = useId()
  const patch = (change: Partial<SseOptions>) => onResult(patchTransport(id, 'sse', change))
  return (
    <div className="transport-options">
      <div className="connection-field">
        <label htmlFor={`${fieldId}-method`}>Method</label>
        <select id={`${fieldId}-method`} disabled={disabled} value={options.method} onChange={(e) => patch({ method: e.target.value === 'POST' ? 'POST' : 'GET' })}>
          <option value="GET">GET</option>
          <option value="POST">POST</option>
        </select>
      </div>
      <label className="connection-checkbox">
        <input type="checkbox" disabled={disabled} checked={options.reconnect} onChange={(e) => patch({ reconnect: e.target.checked })} />
        Reconnect with Last-Event-ID when the stream ends
      </label>
      <KeyValueEditor label="Headers" pairs={options.headers} namePlaceholder="Authorization" valuePlaceholder="Bearer …" disabled={disabled} onChange={(headers) => patch({ headers })} />
      <KeyValueEditor label="Query parameters" pairs={options.query} namePlaceholder="name" valuePlaceholder="value" disabled={disabled} onChange={(query) => patch({ query })} />
      {options.method === 'POST' && (
        <div className="connection-field transport-wide">
          <label htmlFor={`${fieldId}-body`}>Request body</label>
          <textarea
            id={`${fieldId}-body`}
            className="mono"
            rows={4}
            spellCheck={false}
            disabled={disabled}
            maxLength={LIMITS.payloadChars}
            placeholder='{"prompt": "hello"} — add a Content-Type header to match'
            value={options.body}
            onChange={(e) => patch({ body: e.target.value })}
          />
        </div>
      )}
    </div>
  )
}

/** The Socket.IO or Server-Sent Events options of a connection of that kind (transport-fields-slot.tsx loads it). */
export function TransportFieldsFor({ connection, active }: Props) {
  const kind = transportKindOf(connection)
  const [error, setError] = useState<string | null>(null)
  const report = (result: { ok: boolean; error?: string }) => setError(result.ok ? null : (result.error ?? null))
  const transport = connection.transport
  if (transport?.kind !== 'socket.io' && transport?.kind !== 'sse') return null

  return (
    <div className="transport-fields" role="group" aria-label={`${kindLabel(kind)} options`}>
      {transport.kind === 'socket.io' && <SocketIoFields id={connection.id} options={transport} disabled={active} onResult={report} />}
      {transport.kind === 'sse' && <SseFields id={connection.id} options={transport} disabled={active} onResult={report} />}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

