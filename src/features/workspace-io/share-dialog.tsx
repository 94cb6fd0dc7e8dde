import { useEffect, useId, useState } from 'react'
import { describeError } from '../../lib/describe-error.ts'
import { plural } from '../../lib/format.ts'
import { createShareLink, type ShareLink } from '../../share/share-link.ts'
import { variablesUsedBy } from '../../store/template-expansion.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { Connection, Variable } from '../../workspace/model.ts'
import { REDACTED } from '../../workspace/redact.ts'
import { Modal } from './modal.tsx'
import './share.css'

type ShareDialogProps = {
  connection: Connection
  onClose: () => void
  /** The page the link opens; default this page. */
  pageUrl?: string
  /** Where "Copy link" writes; default the system clipboard. */
  writeClipboard?: (text: string) => Promise<void>
}

type LinkState = { kind: 'building' } | { kind: 'ready'; link: ShareLink } | { kind: 'failed'; message: string }

/**
 * Share one connection as a link. The data lives in the link's fragment (after #), which browsers
 * never send to a server. Secrets stay out unless the user ticks them in, with a warning.
 */
export function ShareDialog({ connection, onClose, pageUrl = window.location.href, writeClipboard }: ShareDialogProps) {
  const [messageIds, setMessageIds] = useState<string[]>([])
  const [includeDraft, setIncludeDraft] = useState(false)
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [includeVariables, setIncludeVariables] = useState(true)
  const variablesId = useId()
  // The variables the shared parts refer to, with the values in effect; a JSON key keeps the
  // selector's result stable between renders.
  const usedKey = useWorkspaceStore((state) => JSON.stringify(variablesUsedBy(connection, { includeDraft, savedMessageIds: messageIds }, state)))
  const [state, setState] = useState<LinkState>({ kind: 'building' })
  const [copied, setCopied] = useState<string | null>(null)
  const draftId = useId()
  const secretsId = useId()
  const linkId = useId()

  useEffect(() => {
    let current = true
    const variables = includeVariables ? (JSON.parse(usedKey) as Variable[]) : []
    createShareLink(connection, pageUrl, { savedMessageIds: messageIds, includeDraft, includeSecrets, variables }).then(
      (link) => current && setState({ kind: 'ready', link }),
      (thrown: unknown) => current && setState({ kind: 'failed', message: `The link could not be made: ${describeError(thrown)}` }),
    )
    return () => {
      current = false
    }
  }, [connection, pageUrl, messageIds, includeDraft, includeSecrets, includeVariables, usedKey])
  const usedNames = (JSON.parse(usedKey) as Variable[]).map((v) => v.name)

  const toggleMessage = (id: string, on: boolean) => {
    setCopied(null)
    // Kept in the connection's order, whatever order they were ticked in.
    setMessageIds((ids) => connection.savedMessages.map((m) => m.id).filter((mid) => (mid === id ? on : ids.includes(mid))))
  }

  const copy = async () => {
    if (state.kind !== 'ready') return
    try {
      await (writeClipboard ?? ((text: string) => navigator.clipboard.writeText(text)))(state.link.url)
      setCopied('Link copied.')
    } catch (thrown) {
      setCopied(`Could not copy (${describeError(thrown)}): select the link above and copy it yourself.`)
    }
  }

  const link = state.kind === 'ready' ? state.link : null
  const secrets = link?.redactions ?? []
  return (
    <Modal title={`Share “${connection.name}” as a link`} onClose={onClose}>
      <p className="muted">
        The connection travels inside the link itself, after the <span className="mono">#</span>: it is never sent to any
        server, not even the one serving Frameline. Anyone who has the link can read what it holds. Opening it shows a
        preview first and never connects by itself.
      </p>
      {connection.savedMessages.length > 0 && (
        <fieldset className="share-messages">
          <legend>Saved messages to include</legend>
          {connection.savedMessages.map((message) => (
            <label key={message.id} className="wio-option">
              <input type="checkbox" checked={messageIds.includes(message.id)} onChange={(e) => toggleMessage(message.id, e.target.checked)} />
              <span>{message.name === '' ? '(no name)' : message.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="wio-option">
        <input id={draftId} type="checkbox" checked={includeDraft} onChange={(e) => (setCopied(null), setIncludeDraft(e.target.checked))} />
        <label htmlFor={draftId}>Include the composer’s draft</label>
      </div>
      {usedNames.length > 0 && (
        <div className="wio-option">
          <input id={variablesId} type="checkbox" checked={includeVariables} onChange={(e) => (setCopied(null), setIncludeVariables(e.target.checked))} />
          <label htmlFor={variablesId}>
            Include the variables it uses: <span className="mono">{usedNames.map((name) => `{{${name}}}`).join(' ')}</span> (secret ones only with
            secrets)
          </label>
        </div>
      )}
      <div className="wio-option">
        <input id={secretsId} type="checkbox" checked={includeSecrets} onChange={(e) => (setCopied(null), setIncludeSecrets(e.target.checked))} />
        <label htmlFor={secretsId}>Include secrets</label>
      </div>
      {link &&
        (secrets.length === 0 ? (
          <p className="muted">No secret-looking values found (tokens in the URL, subprotocols or payloads).</p>
        ) : includeSecrets ? (
          <div className="wio-warning" role="alert">
            <p>
              The link will carry {plural(secrets.length, 'secret-looking value')} in clear text. Anyone who sees it — in a chat,
              a browser history, a screenshot — can use them:
            </p>
            <SecretList items={secrets} />
          </div>
        ) : (
          <div className="wio-note">
            <p>
              {plural(secrets.length, 'value is', 'values are')} left out (written as <span className="mono">{REDACTED}</span>); the
              receiver fills {secrets.length === 1 ? 'it' : 'them'} in:
            </p>
            <SecretList items={secrets} />
          </div>
        ))}
      <div className="wio-field">
        <label htmlFor={linkId}>Link{link ? ` (${link.url.length.toLocaleString('en-US')} characters)` : ''}</label>
        <textarea
          id={linkId}
          className="mono share-link"
          rows={4}
          readOnly
          value={link?.url ?? (state.kind === 'failed' ? '' : 'Making the link…')}
          onFocus={(e) => e.target.select()}
        />
      </div>
      {link?.warnings.map((warning, index) => (
        <p key={index} className="wio-note">
          {warning}
        </p>
      ))}
      {state.kind === 'failed' && (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      )}
      {copied && <p role="status">{copied}</p>}
      <div className="wio-actions">
        <button type="button" className="primary" onClick={() => void copy()} disabled={!link} data-autofocus>
          Copy link
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  )
}

function SecretList({ items }: { items: readonly { path: string; description: string }[] }) {
  return (
    <ul className="wio-list">
      {items.map((item, index) => (
        <li key={`${item.path}-${index}`}>{item.description}</li>
      ))}
    </ul>
  )
}
