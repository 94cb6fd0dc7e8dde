import { useId } from 'react'
import { LIMITS } from '../../workspace/limits.ts'
import type { KeyValue } from '../../workspace/model.ts'

type KeyValueEditorProps = {
  label: string
  pairs: readonly KeyValue[]
  namePlaceholder: string
  valuePlaceholder: string
  disabled?: boolean
  onChange: (pairs: KeyValue[]) => void
}

/** Name/value rows (query parameters, request headers), in the user's order. */
export function KeyValueEditor({ label, pairs, namePlaceholder, valuePlaceholder, disabled, onChange }: KeyValueEditorProps) {
  const fieldId = useId()
  const set = (index: number, change: Partial<KeyValue>) => onChange(pairs.map((p, i) => (i === index ? { ...p, ...change } : p)))
  return (
    <fieldset className="key-values" disabled={disabled}>
      <legend>{label}</legend>
      {pairs.map((pair, index) => (
        <div className="key-value-row" key={index}>
          <input
            aria-label={`${label} ${index + 1} name`}
            id={`${fieldId}-${index}-name`}
            className="mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            maxLength={LIMITS.urlChars}
            placeholder={namePlaceholder}
            value={pair.name}
            onChange={(event) => set(index, { name: event.target.value })}
          />
          <input
            aria-label={`${label} ${index + 1} value`}
            className="mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            maxLength={LIMITS.urlChars}
            placeholder={valuePlaceholder}
            value={pair.value}
            onChange={(event) => set(index, { value: event.target.value })}
          />
          <button type="button" aria-label={`Remove ${label.toLowerCase()} ${index + 1}`} onClick={() => onChange(pairs.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      {pairs.length < LIMITS.keyValuesPerList && (
        <button type="button" onClick={() => onChange([...pairs, { name: '', value: '' }])}>
          + {label.replace(/s$/, '').replace(/ie$/, 'y').toLowerCase()}
        </button>
      )}
    </fieldset>
  )
}
