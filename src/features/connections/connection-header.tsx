import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { normalizeWebSocketUrl, parseProtocols, validateProtocols } from '../../store/connection-input.ts'
import {
  capabilitiesOf,
  checkTemplatedUrl,
  expandProtocolsForCheck,
  kindUnavailableReason,
  setConnectionKind,
  transportKindOf,
  URL_PLACEHOLDERS,
} from '../../store/transport-actions.ts'
import { variablesFor } from '../../store/template-expansion.ts'
import { connect, disconnect } from '../../store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { renameConnection, setConnectionProtocols, setConnectionUrl } from '../../store/workspace-actions.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { LIMITS } from '../../workspace/limits.ts'
import type { Connection } from '../../workspace/model.ts'
import { readCloseInput } from './close-input.ts'
import { connectionHints, httpToWebSocketScheme } from './connection-hints.ts'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { takeUrlFocusRequest } from './focus-request.ts'
import { ConnectionStatusLine } from './connection-status-line.tsx'
import { ReadControl } from './read-control.tsx'
import { ReconnectNotice } from './reconnect-notice.tsx'
import { TransportKindField } from './transport-kind-field.tsx'
import { TransportFields } from './transport-fields-slot.tsx'
import './connections.css'

// Opened on demand (Options): timeouts, reconnect, close code, message schemas.
const ConnectionOptions = lazyNamed(() => import('./connection-options.tsx'), 'ConnectionOptions')

const UNTITLED = 'Untitled connection'

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i])
}

/** The selected connection: name, URL, subprotocols, Connect / Disconnect and live status. */
export function ConnectionHeader({ connectionId }: { connectionId: string }) {
  const connection = useWorkspaceStore((state) => selectConnection(state, connectionId))
  if (!connection) {
    return <p className="connection-header muted">This connection no longer exists.</p>
  }
  return <ConnectionForm connection={connection} />
}

function ConnectionForm({ connection }: { connection: Connection }) {
  const id = connection.id
  const fieldId = useId()
  const status = useSessionStore((state) => selectRuntime(state, id).status)

  // The subprotocol text is kept as typed ("chat, " while typing) and stored as a parsed list.
  const [protocolsText, setProtocolsText] = useState(() => connection.protocols.join(', '))
  const [syncedProtocols, setSyncedProtocols] = useState(connection.protocols)
  if (syncedProtocols !== connection.protocols) {
    // Changed from outside (an import, another tab): show the stored list.
    setSyncedProtocols(connection.protocols)
    if (!sameList(parseProtocols(protocolsText), connection.protocols)) setProtocolsText(connection.protocols.join(', '))
  }

  const [closeCode, setCloseCode] = useState('1000')
  const [closeReason, setCloseReason] = useState('')
  const [optionsOpen, setOptionsOpen] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)
  // Edits the store refused (over a size limit): the field keeps its stored value and says why.
  const [nameError, setNameError] = useState<string | null>(null)
  const [urlRefusal, setUrlRefusal] = useState<string | null>(null)
  const [protocolRefusal, setProtocolRefusal] = useState<string | null>(null)
  const [kindError, setKindError] = useState<string | null>(null)

  const kind = transportKindOf(connection)
  const capabilities = capabilitiesOf(kind)
  const isWebSocketKind = kind === 'websocket' || kind === 'websocketstream'
  const unavailable = kindUnavailableReason(kind)
  // A `{{base}}/x` URL is checked as it will be opened, so it follows the variables too.
  const variables = useWorkspaceStore((state) => variablesFor(id, state))
  const urlCheck = useMemo(
    () => checkTemplatedUrl(id, connection.url, kind),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- checkTemplatedUrl reads the variables from the store
    [id, connection.url, kind, variables],
  )
  // An empty URL nobody has typed into yet is unfinished, not wrong: no error until the user types
  // (Connect stays disabled and a neutral hint says what is needed).
  const [urlTyped, setUrlTyped] = useState(false)
  const urlUntouched = connection.url === '' && !urlTyped
  const showUrlError = !urlCheck.ok && !urlUntouched
  const urlRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (takeUrlFocusRequest(id)) urlRef.current?.focus()
  }, [id])
  const protocolError = useMemo(() => {
    if (!capabilities.subprotocols) return null
    const expanded = expandProtocolsForCheck(id, parseProtocols(protocolsText))
    return (expanded.ok ? validateProtocols(expanded.protocols) : expanded.error) ?? protocolRefusal
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the expansion reads the variables from the store
  }, [id, protocolsText, protocolRefusal, capabilities.subprotocols, variables])
  const hints = useMemo(
    () => (urlCheck.ok && isWebSocketKind ? connectionHints(urlCheck.url, globalThis.location) : []),
    [urlCheck, isWebSocketKind],
  )

  const isActive = status === 'connecting' || status === 'open'
  const canConnect = urlCheck.ok && protocolError === null && unavailable === null

  const rewriteHttpScheme = () => {
    if (!isWebSocketKind) return
    const rewritten = httpToWebSocketScheme(connection.url)
    if (rewritten !== connection.url && normalizeWebSocketUrl(rewritten).ok) setConnectionUrl(id, rewritten)
  }

  const onConnect = () => {
    setActionError(null)
    rewriteHttpScheme()
    void connect(id).then((result) => {
      if (!result.ok) setActionError(result.error)
    })
  }

  const onDisconnect = () => {
    setActionError(null)
    if (!capabilities.closeCode) {
      void disconnect(id).then((result) => {
        if (!result.ok) setActionError(result.error)
      })
      return
    }
    const close = readCloseInput(closeCode, closeReason)
    if (!close.ok) {
      setOptionsOpen(true)
      setActionError(`Not disconnected: ${close.error}`)
      return
    }
    void disconnect(id, close.code, close.reason).then((result) => {
      if (!result.ok) setActionError(result.error)
    })
  }

  const urlErrorId = `${fieldId}-url-error`
  const protocolErrorId = `${fieldId}-protocols-error`
  const optionsId = `${fieldId}-options`

  return (
    <div className="connection-header">
      <div className="connection-header-row">
        <label className="visually-hidden" htmlFor={`${fieldId}-name`}>
          Connection name
        </label>
        <input
          id={`${fieldId}-name`}
          className="connection-name-input"
          value={connection.name}
          maxLength={LIMITS.nameChars}
          aria-invalid={nameError ? true : undefined}
          onChange={(event) => {
            const renamed = renameConnection(id, event.target.value)
            setNameError(renamed.ok ? null : renamed.error)
          }}
          onBlur={() => {
            const trimmed = connection.name.trim()
            if (trimmed === '' || trimmed !== connection.name) renameConnection(id, trimmed === '' ? UNTITLED : trimmed)
          }}
        />
        <ConnectionStatusLine connectionId={id} />
      </div>

      <form
        className="connection-header-row connection-address"
        onSubmit={(event) => {
          // Enter in the URL or subprotocol field connects, like a browser address bar.
          event.preventDefault()
          if (!isActive && canConnect) onConnect()
        }}
      >
        <TransportKindField connection={connection} active={isActive || status === 'closing'} onError={setKindError} />
        <div className="connection-field connection-url">
          <label htmlFor={`${fieldId}-url`}>URL</label>
          <input
            id={`${fieldId}-url`}
            className="mono"
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder={URL_PLACEHOLDERS[kind]}
            ref={urlRef}
            value={connection.url}
            aria-invalid={showUrlError ? true : undefined}
            aria-describedby={urlCheck.ok ? undefined : urlErrorId}
            onChange={(event) => {
              setUrlTyped(true)
              const changed = setConnectionUrl(id, event.target.value)
              setUrlRefusal(changed.ok ? null : changed.error)
              setActionError(null)
            }}
            onBlur={rewriteHttpScheme}
          />
        </div>
        {capabilities.subprotocols && (
        <div className="connection-field connection-protocols">
          <label htmlFor={`${fieldId}-protocols`}>Subprotocols</label>
          <input
            id={`${fieldId}-protocols`}
            className="mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="optional, e.g. graphql-transport-ws"
            value={protocolsText}
            aria-invalid={protocolError ? true : undefined}
            aria-describedby={protocolError ? protocolErrorId : undefined}
            onChange={(event) => {
              setProtocolsText(event.target.value)
              // Refused when over a size limit: the text stays in the field, Connect stays disabled.
              const changed = setConnectionProtocols(id, parseProtocols(event.target.value))
              setProtocolRefusal(changed.ok ? null : changed.error)
              setActionError(null)
            }}
          />
        </div>
        )}
        <div className="connection-buttons">
          {isActive || status === 'closing' ? (
            <button type="button" className="danger" disabled={status === 'closing'} onClick={onDisconnect}>
              Disconnect
            </button>
          ) : (
            <button type="submit" className="primary" disabled={!canConnect}>
              Connect
            </button>
          )}
          <button
            type="button"
            aria-expanded={optionsOpen}
            aria-controls={optionsOpen ? optionsId : undefined}
            onClick={() => setOptionsOpen((open) => !open)}
          >
            Options
          </button>
        </div>
      </form>

      <TransportFields connection={connection} active={isActive || status === 'closing'} />

      {capabilities.readControl && <ReadControl connectionId={id} />}

      <ReconnectNotice connectionId={id} />

      <div className="connection-messages">
        {nameError && (
          <p className="field-error" role="alert">
            {nameError}
          </p>
        )}
        {kindError && (
          <p className="field-error" role="alert">
            {kindError}
          </p>
        )}
        {urlRefusal && (
          <p className="field-error" role="alert">
            {urlRefusal}
          </p>
        )}
        {showUrlError && (
          <p id={urlErrorId} className="field-error">
            {urlCheck.error}
          </p>
        )}
        {urlCheck.ok && urlCheck.shown !== null && (
          <p className="muted connection-url-hint" aria-label="Expanded URL">
            Connects to <span className="mono">{urlCheck.shown}</span>
          </p>
        )}
        {urlUntouched && (
          <p id={urlErrorId} className="muted connection-url-hint">
            Type a ws:// or wss:// URL, then press Connect.
          </p>
        )}
        {protocolError && (
          <p id={protocolErrorId} className="field-error">
            {protocolError}
          </p>
        )}
        {actionError && (
          <p className="field-error" role="alert">
            {actionError}
          </p>
        )}
        {unavailable && (
          <div className="connection-unavailable">
            <p className="field-error" role="status">
              {unavailable}
            </p>
            {kind === 'websocketstream' && (
              <button type="button" onClick={() => setConnectionKind(id, 'websocket')}>
                Use WebSocket instead
              </button>
            )}
          </div>
        )}
        {hints.map((hint) => (
          <p key={hint} className="connection-hint">
            {hint}
          </p>
        ))}
      </div>

      {optionsOpen && (
        <LazyPart what="the connection options" id={optionsId}>
        <ConnectionOptions
          id={optionsId}
          connectionId={id}
          closeCode={closeCode}
          closeReason={closeReason}
          onCloseCodeChange={setCloseCode}
          onCloseReasonChange={setCloseReason}
          closeCodes={capabilities.closeCode}
          runtimeReconnect={!capabilities.reconnectsItself}
        />
        </LazyPart>
      )}
    </div>
  )
}
