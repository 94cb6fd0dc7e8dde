import { useId, useLayoutEffect, useRef, useState, type FormEvent, type Ref } from 'react'
import { PAIR_REQUEST_CHOICES, pairingPathProblem, setConnectionPairing, type PairRequests } from '../../store/pairing-actions.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'

type PairingPanelProps = { connectionId: string; onClose: () => void }

/**
 * The "Pair by…" panel: a request path and a reply path (JSONPath subset), checked as typed.
 * Mounted on open, so the fields start from the connection's setting each time; a refused Apply
 * keeps what was typed.
 */
export function PairingPanel({ connectionId, onClose }: PairingPanelProps) {
  const fieldId = useId()
  const pairing = useWorkspaceStore((state) => selectConnection(state, connectionId)?.pairing)
  const [request, setRequest] = useState(pairing?.request ?? '')
  const [reply, setReply] = useState(pairing?.reply ?? '')
  const [requests, setRequests] = useState<PairRequests>(pairing?.requests ?? 'sent')
  // Empty fields say nothing until Apply: a message before anything was typed is only noise.
  const [tried, setTried] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const requestField = useRef<HTMLInputElement>(null)
  const replyField = useRef<HTMLInputElement>(null)
  const requestProblem = request === '' && !tried ? null : pairingPathProblem(request)
  const replyProblem = reply === '' && !tried ? null : pairingPathProblem(reply)

  // In the commit that shows the panel (it loads on first use): focus never lags its first paint.
  useLayoutEffect(() => {
    requestField.current?.focus()
  }, [])

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (pairingPathProblem(request) !== null) return requestField.current?.focus()
    if (pairingPathProblem(reply) !== null) return replyField.current?.focus()
    const result = setConnectionPairing(connectionId, { request, reply, requests })
    if (!result.ok) return setError(result.error)
    onClose()
  }

  const onClear = () => {
    setConnectionPairing(connectionId, null)
    onClose()
  }

  return (
    <form className="tl-pairing-panel" aria-labelledby={`${fieldId}-title`} onSubmit={onSubmit} noValidate>
      <h3 id={`${fieldId}-title`}>Pair requests and replies</h3>
      <p className="muted">
        A request and its reply carry the same key, each at its own JSON path. Keys compare as JSON values: the number 17 and the string
        &quot;17&quot; are different. Only JSON text frames are read; other frames are skipped.
      </p>
      <PathField
        id={`${fieldId}-request`}
        label="Request path"
        placeholder="$.id"
        value={request}
        onChange={(text) => {
          setRequest(text)
          setError(null)
        }}
        problem={requestProblem}
        inputRef={requestField}
      />
      <PathField
        id={`${fieldId}-reply`}
        label="Reply path"
        placeholder="$.replyTo"
        value={reply}
        onChange={(text) => {
          setReply(text)
          setError(null)
        }}
        problem={replyProblem}
        inputRef={replyField}
      />
      <div className="tl-pairing-field">
        <label htmlFor={`${fieldId}-requests`}>Requests are</label>
        <select id={`${fieldId}-requests`} value={requests} onChange={(event) => setRequests(event.target.value as PairRequests)}>
          {PAIR_REQUEST_CHOICES.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="tl-pairing-actions">
        <button type="submit" className="primary">
          Apply
        </button>
        {pairing && (
          <button type="button" onClick={onClear} title="Pair by the decoder's ids again">
            Clear
          </button>
        )}
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  )
}

type PathFieldProps = {
  id: string
  label: string
  placeholder: string
  value: string
  onChange: (text: string) => void
  problem: string | null
  inputRef: Ref<HTMLInputElement>
}

function PathField({ id, label, placeholder, value, onChange, problem, inputRef }: PathFieldProps) {
  return (
    <div className="tl-pairing-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        className="mono"
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-help`}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={`${id}-help`} className={problem ? 'field-error' : 'muted'}>
        {problem ?? 'e.g. $.id, $.meta.replyTo, $[0] or $[\'request id\']'}
      </span>
    </div>
  )
}
