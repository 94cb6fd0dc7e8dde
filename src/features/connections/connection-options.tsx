import { Suspense, useId, useState } from 'react'
import { lazyNamed } from '../../components/lazy-named.ts'
import { describeReconnectPolicy } from '../../store/connection-input.ts'
import { setAutoReconnect } from '../../store/session-actions.ts'
import { setConnectionHeaders, setPreferences } from '../../store/workspace-actions.ts'
import type { KeyValue } from '../../workspace/model.ts'
import { KeyValueEditor } from './key-value-editor.tsx'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { reasonBytesLabel, readCloseInput, readTimeoutInput } from './close-input.ts'

// Loaded with the panel: the schema form and its checks are not needed for the first paint.
const MessageSchemasOption = lazyNamed(() => import('./message-schemas-option.tsx'), 'MessageSchemasOption')
const NO_HEADERS: readonly KeyValue[] = []

const RECONNECT_HELP = `After a drop you did not ask for, ${describeReconnectPolicy()}. Saved with this connection.`

type ConnectionOptionsProps = {
  id: string
  connectionId: string
  closeCode: string
  closeReason: string
  onCloseCodeChange: (text: string) => void
  onCloseReasonChange: (text: string) => void
  /** The transport takes a close code and reason (WebSocket kinds). Default true. */
  closeCodes?: boolean
  /** The runtime's automatic reconnect applies (not to transports that reconnect themselves). Default true. */
  runtimeReconnect?: boolean
}

/** Close code and reason for Disconnect, automatic reconnect, and the app-wide connect timeout. */
export function ConnectionOptions({ id, connectionId, closeCode, closeReason, onCloseCodeChange, onCloseReasonChange, closeCodes = true, runtimeReconnect = true }: ConnectionOptionsProps) {
  const fieldId = useId()
  const autoReconnect = useWorkspaceStore((state) => selectConnection(state, connectionId)?.autoReconnect === true)
  const timeoutMs = useWorkspaceStore((state) => state.preferences.connectTimeoutMs)
  const [timeoutText, setTimeoutText] = useState(() => String(timeoutMs / 1000))
  const timeoutCheck = readTimeoutInput(timeoutText)
  const closeCheck = readCloseInput(closeCode, closeReason)

  const codeError = !closeCheck.ok && closeCheck.field === 'code' ? closeCheck.error : null
  const reasonError = !closeCheck.ok && closeCheck.field === 'reason' ? closeCheck.error : null

  return (
    <div className="connection-options" id={id} role="group" aria-label="Connection options">
      {closeCodes && (
      <>
      <div className="connection-option">
        <label htmlFor={`${fieldId}-code`}>Close code</label>
        <input
          id={`${fieldId}-code`}
          className="mono close-code"
          type="text"
          inputMode="numeric"
          placeholder="1000"
          value={closeCode}
          aria-invalid={codeError ? true : undefined}
          aria-describedby={`${fieldId}-code-help`}
          onChange={(event) => onCloseCodeChange(event.target.value)}
        />
        <span id={`${fieldId}-code-help`} className={codeError ? 'field-error' : 'muted'}>
          {codeError ?? '1000 (normal), or 3000–4999 for your application.'}
        </span>
      </div>
      <div className="connection-option">
        <label htmlFor={`${fieldId}-reason`}>Close reason</label>
        <input
          id={`${fieldId}-reason`}
          type="text"
          value={closeReason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={`${fieldId}-reason-help`}
          onChange={(event) => onCloseReasonChange(event.target.value)}
        />
        <span id={`${fieldId}-reason-help`} className={reasonError ? 'field-error' : 'muted'}>
          {reasonError ?? reasonBytesLabel(closeReason)}
        </span>
      </div>
      </>
      )}
      {runtimeReconnect && (
      <div className="connection-option">
        <label className="connection-checkbox">
          <input
            type="checkbox"
            checked={autoReconnect}
            aria-describedby={`${fieldId}-reconnect-help`}
            onChange={(event) => setAutoReconnect(connectionId, event.target.checked)}
          />
          Reconnect automatically
        </label>
        <span id={`${fieldId}-reconnect-help`} className="muted">
          {RECONNECT_HELP}
        </span>
      </div>
      )}
      <div className="connection-option">
        <label htmlFor={`${fieldId}-timeout`}>Connect timeout (seconds)</label>
        <input
          id={`${fieldId}-timeout`}
          className="mono connect-timeout"
          type="text"
          inputMode="decimal"
          value={timeoutText}
          aria-invalid={timeoutCheck.ok ? undefined : true}
          aria-describedby={`${fieldId}-timeout-help`}
          onChange={(event) => {
            setTimeoutText(event.target.value)
            const check = readTimeoutInput(event.target.value)
            if (check.ok) setPreferences({ connectTimeoutMs: check.ms })
          }}
        />
        <span id={`${fieldId}-timeout-help`} className={timeoutCheck.ok ? 'muted' : 'field-error'}>
          {timeoutCheck.ok
            ? 'A handshake with no answer by then is aborted. Applies to every connection; 0 turns it off.'
            : timeoutCheck.error}
        </span>
      </div>
      <Suspense fallback={null}>
        <MessageSchemasOption connectionId={connectionId} />
      </Suspense>
      <HandshakeHeadersNote connectionId={connectionId} />
    </div>
  )
}

/**
 * Said where people look for a header field: a page's WebSocket cannot set handshake headers
 * (no Authorization, no custom X-…), so they ask for one and find nothing. What servers accept instead.
 */
function HandshakeHeadersNote({ connectionId }: { connectionId: string }) {
  const titleId = useId()
  const headers = useWorkspaceStore((state) => selectConnection(state, connectionId)?.headers) ?? NO_HEADERS
  return (
    <section className="connection-option connection-headers-note" aria-labelledby={titleId}>
      <h2 id={titleId} className="connection-note-title">
        No custom headers
      </h2>
      <p className="muted">
        A browser cannot send handshake headers such as <span className="mono">Authorization</span> on a WebSocket; no web
        page can. Servers usually take the token another way:
      </p>
      <ul className="muted connection-note-list">
        <li>
          in the URL: <span className="mono">?token=…</span>
        </li>
        <li>
          as a subprotocol: <span className="mono">bearer.…</span> in Subprotocols (sent as{' '}
          <span className="mono">Sec-WebSocket-Protocol</span>)
        </li>
        <li>in a first message after open, e.g. a saved message sent right after Connect</li>
        <li>
          Socket.IO: its <span className="mono">auth</span> payload, which travels in the first packet, not a header
        </li>
      </ul>
      <p className="muted">
        The headless runner (<span className="mono">npx frameline run</span>, for CI) is not a web page: it sends the headers below.
        The app keeps them with the connection and its exports ({'{{variables}}'} work in values) but cannot send them.
      </p>
      <KeyValueEditor
        label="Handshake headers (runner only)"
        pairs={headers}
        namePlaceholder="Authorization"
        valuePlaceholder="Bearer {{token}}"
        onChange={(next) => setConnectionHeaders(connectionId, next)}
      />
    </section>
  )
}
