import { useId, useState } from 'react'
import { codeSnippet, codeTargetsFor, type CodeTarget, type SnippetMessage } from '../../store/code-snippets.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import type { Connection } from '../../workspace/model.ts'
import { Modal } from './modal.tsx'

type Props = {
  connection: Connection
  onClose: () => void
  /** Where "Copy" writes; default the system clipboard. */
  writeClipboard?: (text: string) => Promise<void>
}

/**
 * The connection (and a message) as code for another client: browser or Node JavaScript, wscat,
 * websocat, socket.io-client, or curl for Server-Sent Events. The code is shown as text only.
 */
export function CopyAsCodeDialog({ connection, onClose, writeClipboard = (text) => navigator.clipboard.writeText(text) }: Props) {
  const workspace = useWorkspaceStore(selectCurrentWorkspace)
  const targets = codeTargetsFor(connection)
  const [target, setTarget] = useState<CodeTarget>(targets[0]?.id ?? 'browser')
  const [message, setMessage] = useState<SnippetMessage>(connection.draft.text.trim() === '' ? { kind: 'none' } : { kind: 'draft' })
  const [variables, setVariables] = useState<'expand' | 'env'>('expand')
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [copied, setCopied] = useState<string | null>(null)
  const ids = { target: useId(), message: useId(), code: useId(), secrets: useId() }
  const result = codeSnippet(workspace, connection, { target, message, variables, includeSecrets })
  const messageValue = message.kind === 'saved' ? `saved:${message.id}` : message.kind

  const copy = () => {
    if (!result.ok) return
    writeClipboard(result.text).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser refused the clipboard: select the code and copy it by hand.'),
    )
  }

  return (
    <Modal title={`Copy “${connection.name}” as code`} onClose={onClose}>
      <div className="wio-form">
        <label htmlFor={ids.target}>Client</label>
        <select id={ids.target} value={target} onChange={(event) => setTarget(event.target.value as CodeTarget)}>
          {targets.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.message}>Message</label>
        <select
          id={ids.message}
          value={messageValue}
          onChange={(event) => {
            const value = event.target.value
            setMessage(value === 'draft' || value === 'none' ? { kind: value } : { kind: 'saved', id: value.slice('saved:'.length) })
          }}
        >
          <option value="none">None (connect only)</option>
          <option value="draft">The composer’s draft</option>
          {connection.savedMessages.map((saved) => (
            <option key={saved.id} value={`saved:${saved.id}`}>
              Saved: {saved.name}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>Variables</legend>
          <label>
            <input type="radio" name={`${ids.code}-vars`} checked={variables === 'expand'} onChange={() => setVariables('expand')} /> Write their values in
          </label>
          <label>
            <input type="radio" name={`${ids.code}-vars`} checked={variables === 'env'} onChange={() => setVariables('env')} /> Read them from environment variables
          </label>
        </fieldset>
        <label htmlFor={ids.secrets}>
          <input id={ids.secrets} type="checkbox" checked={includeSecrets} disabled={variables === 'env'} onChange={(event) => setIncludeSecrets(event.target.checked)} /> Write secret values in too
        </label>
        {includeSecrets && variables === 'expand' && <p className="wio-warning">The code will contain your secrets in clear text: do not paste it anywhere public.</p>}
        <label htmlFor={ids.code}>Code</label>
        {result.ok ? (
          <textarea id={ids.code} className="mono wio-code" readOnly rows={Math.min(14, result.text.split('\n').length + 1)} value={result.text} spellCheck={false} />
        ) : (
          <p id={ids.code} role="alert">
            {result.error}
          </p>
        )}
        <div className="wio-actions">
          <button type="button" disabled={!result.ok} onClick={copy}>
            Copy
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        {copied && <p role="status">{copied}</p>}
      </div>
    </Modal>
  )
}
