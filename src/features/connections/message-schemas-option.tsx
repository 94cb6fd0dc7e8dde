import { useId, useState } from 'react'
import { attachSchema } from '../../store/schema-attach.ts'
import { removeSchema, useConnectionSchemas } from '../../store/schema-actions.ts'

/**
 * The connection's message schemas: listed, removable, and a JSON Schema pasted by hand. The
 * timeline checks every frame against them and the composer checks its draft against the one
 * picked beside Send. An AsyncAPI import fills this list from the document's payload schemas.
 */
export function MessageSchemasOption({ connectionId }: { connectionId: string }) {
  const schemas = useConnectionSchemas(connectionId)
  const fieldId = useId()
  const [name, setName] = useState('')
  const [text, setText] = useState('')
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)

  const attach = () => {
    const outcome = attachSchema(connectionId, name, text)
    if (!outcome.ok) {
      setResult({ ok: false, text: outcome.error })
      return
    }
    setResult({ ok: true, text: outcome.note ?? `Attached “${name.trim()}”.` })
    setName('')
    setText('')
  }

  return (
    // Folded: most connections have none, and an open form would double the panel's height.
    <details className="connection-option connection-schemas">
      <summary className="connection-note-title">Message schemas ({schemas.length === 0 ? 'none' : schemas.length})</summary>
      <p className="muted">
        Frames that match none of these JSON Schemas are flagged on the timeline; the composer checks its draft against the one
        you pick.
      </p>
      {schemas.length > 0 && (
        <ul className="connection-schema-list" aria-label="Message schemas">
          {schemas.map((schema) => (
            <li key={schema.name}>
              <span className="mono">{schema.name}</span>{' '}
              <button type="button" className="link-button" onClick={() => removeSchema(connectionId, schema.name)} aria-label={`Remove the schema ${schema.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={`${fieldId}-name`}>Schema name</label>
      <input id={`${fieldId}-name`} type="text" value={name} placeholder="e.g. chat.message" onChange={(event) => setName(event.target.value)} />
      <label htmlFor={`${fieldId}-schema`}>JSON Schema</label>
      <textarea
        id={`${fieldId}-schema`}
        className="mono"
        rows={5}
        spellCheck={false}
        value={text}
        placeholder='{"type": "object", "required": ["type"]}'
        onChange={(event) => setText(event.target.value)}
      />
      <div>
        <button type="button" onClick={attach} disabled={text.trim() === ''}>
          Attach schema
        </button>
      </div>
      {result && (
        <p className={result.ok ? 'muted' : 'field-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </details>
  )
}
