import { useId, useState } from 'react'
import { deleteSavedMessage, saveMessage } from '../../store/saved-message-actions.ts'
import { selectRuntime, useSessionStore } from '../../store/session-store.ts'
import { checkEmitForSend, copyEmit, EMPTY_EMIT, emitSummary, sendEmit, setEmitDraft } from '../../store/transport-actions.ts'
import { useCounterRevision, variablesFor } from '../../store/template-expansion.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { LIMITS } from '../../workspace/limits.ts'
import type { ConnectionId, EmitArgDraft, EmitDraft, PayloadMode } from '../../workspace/model.ts'
import './composer.css'
import './socket-io-composer.css'

const ARG_TYPES: readonly { type: PayloadMode; label: string; placeholder: string }[] = [
  { type: 'json', label: 'JSON', placeholder: '{"text": "hi"} or 42 or [1, 2]' },
  { type: 'text', label: 'Text', placeholder: 'sent as a string' },
  { type: 'binary', label: 'Binary (hex)', placeholder: 'de ad be ef' },
]

type Notice = { kind: 'error' | 'ok'; text: string }

/** The Socket.IO composer: an event name, any number of arguments, an optional ack. */
export function SocketIoComposer({ connectionId }: { connectionId: ConnectionId }) {
  const fieldId = useId()
  const connection = useWorkspaceStore((state) => selectConnection(state, connectionId))
  const status = useSessionStore((state) => selectRuntime(state, connectionId).status)
  const [notice, setNotice] = useState<Notice | null>(null)
  const [ackText, setAckText] = useState<string | null>(null)
  // Re-rendered when the variables or the counter change, so the check and preview follow them.
  useWorkspaceStore((state) => variablesFor(connectionId, state))
  useCounterRevision((state) => state.revision)
  if (!connection) return null
  const emit: EmitDraft = connection.draft.emit ?? EMPTY_EMIT
  const update = (change: Partial<EmitDraft>) => {
    const result = setEmitDraft(connectionId, { ...emit, ...change })
    setNotice(result.ok ? null : { kind: 'error', text: result.error })
  }
  const setArg = (index: number, change: Partial<EmitArgDraft>) => update({ args: emit.args.map((a, i) => (i === index ? { ...a, ...change } : a)) })
  const check = checkEmitForSend(connectionId, emit)
  const open = status === 'open'
  const defaultAck = connection.transport?.kind === 'socket.io' ? connection.transport.ackTimeoutMs : 5000

  const send = () => {
    setNotice(null)
    void sendEmit(connectionId, emit).then((result) => {
      if (!result.ok) setNotice({ kind: 'error', text: result.error })
      else if (result.note) setNotice({ kind: 'ok', text: result.note })
    })
  }

  const save = () => {
    const saved = saveMessage(connectionId, emitSummary(emit).slice(0, LIMITS.nameChars), { text: emitSummary(emit), mode: 'json', emit: copyEmit(emit) })
    setNotice(saved.ok ? { kind: 'ok', text: `Saved as “${saved.message.name}”.` } : { kind: 'error', text: saved.error })
  }

  const savedEmits = connection.savedMessages.filter((m) => m.emit)
  const recent = connection.history.filter((h) => h.emit).slice(0, 10)

  return (
    <div className="composer socket-io-composer">
      <form
        className="emit-form"
        aria-label="Socket.IO emit"
        onSubmit={(event) => {
          event.preventDefault()
          if (open && check.ok) send()
        }}
      >
        <div className="emit-row">
          <label htmlFor={`${fieldId}-event`}>Event</label>
          <input
            id={`${fieldId}-event`}
            className="mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            maxLength={LIMITS.nameChars}
            value={emit.event}
            onChange={(e) => update({ event: e.target.value })}
          />
          <label className="connection-checkbox">
            <input type="checkbox" checked={emit.ack} onChange={(e) => update({ ack: e.target.checked })} />
            Expect an ack
          </label>
          {emit.ack && (
            <>
              <label htmlFor={`${fieldId}-ack`}>within (ms)</label>
              <input
                id={`${fieldId}-ack`}
                className="mono emit-ack-timeout"
                type="text"
                inputMode="numeric"
                placeholder={String(defaultAck)}
                value={ackText ?? (emit.ackTimeoutMs === undefined ? '' : String(emit.ackTimeoutMs))}
                onChange={(e) => {
                  setAckText(e.target.value)
                  const ms = Number(e.target.value)
                  if (e.target.value.trim() === '') {
                    const { ackTimeoutMs: _gone, ...rest } = emit
                    setEmitDraft(connectionId, rest)
                  } else if (Number.isInteger(ms) && ms >= 1 && ms <= 600_000) update({ ackTimeoutMs: ms })
                }}
              />
            </>
          )}
        </div>
        <ol className="emit-args" aria-label="Arguments">
          {emit.args.map((arg, index) => (
            <li key={index} className="emit-arg">
              <select aria-label={`Argument ${index + 1} type`} value={arg.type} onChange={(e) => setArg(index, { type: e.target.value as PayloadMode })}>
                {ARG_TYPES.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.label}
                  </option>
                ))}
              </select>
              <textarea
                aria-label={`Argument ${index + 1}`}
                className="mono"
                rows={Math.min(8, Math.max(1, arg.text.split('\n').length))}
                spellCheck={false}
                maxLength={LIMITS.payloadChars}
                placeholder={ARG_TYPES.find((t) => t.type === arg.type)?.placeholder}
                value={arg.text}
                onChange={(e) => setArg(index, { text: e.target.value })}
              />
              <button type="button" aria-label={`Remove argument ${index + 1}`} onClick={() => update({ args: emit.args.filter((_, i) => i !== index) })}>
                ×
              </button>
            </li>
          ))}
        </ol>
        <div className="emit-row">
          {emit.args.length < LIMITS.emitArgs && (
            <button type="button" onClick={() => update({ args: [...emit.args, { type: 'json', text: '' }] })}>
              + Argument
            </button>
          )}
          <button type="submit" className="primary" disabled={!open || !check.ok} title={open ? undefined : 'Connect first'}>
            Emit
          </button>
          <button type="button" onClick={save} disabled={!check.ok}>
            Save
          </button>
          {!check.ok && <span className="field-error">{check.error}</span>}
          {check.ok && !open && <span className="muted">Not connected — press Connect above to emit.</span>}
        </div>
        {check.ok && check.preview !== null && (
          <p className="composer-preview mono" aria-label="Expanded emit">
            {check.preview}
          </p>
        )}
        {notice && (
          <p className={notice.kind === 'error' ? 'field-error' : 'muted'} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
      </form>
      {(savedEmits.length > 0 || recent.length > 0) && (
        <div className="emit-library">
          {savedEmits.length > 0 && (
            <section aria-label="Saved emits">
              <h3>Saved</h3>
              <ul>
                {savedEmits.map((m) => (
                  <li key={m.id}>
                    <button type="button" className="mono" title="Load into the composer" onClick={() => m.emit && setEmitDraft(connectionId, copyEmit(m.emit))}>
                      {m.name}
                    </button>
                    <button type="button" aria-label={`Delete saved emit ${m.name}`} onClick={() => deleteSavedMessage(connectionId, m.id)}>
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {recent.length > 0 && (
            <section aria-label="Recent emits">
              <h3>Recent</h3>
              <ul>
                {recent.map((h) => (
                  <li key={`${h.at}-${h.text}`}>
                    <button type="button" className="mono" title="Load into the composer" onClick={() => h.emit && setEmitDraft(connectionId, copyEmit(h.emit))}>
                      {h.text}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </div>
  )
}
