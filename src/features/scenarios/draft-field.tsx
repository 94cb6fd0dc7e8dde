import { useId, useState } from 'react'
import type { ActionResult } from '../../store/field-limits.ts'

/**
 * A text field whose value is stored on every change when valid. While what the user typed is
 * refused (a regex half typed, a name already taken), the text stays as typed and the reason is
 * shown beside it; the stored value stays the last valid one.
 */
export function DraftField({
  label,
  value,
  commit,
  multiline = false,
  placeholder,
  inputMode,
  className,
  hint,
}: {
  label: string
  value: string
  commit: (text: string) => ActionResult
  multiline?: boolean
  placeholder?: string
  inputMode?: 'numeric' | 'text'
  className?: string
  hint?: string
}) {
  const [text, setText] = useState(value)
  const [error, setError] = useState<string | null>(null)
  const [shown, setShown] = useState(value)
  const id = useId()
  // The stored value changed elsewhere (another tab, a type change): show it, unless the user is
  // in the middle of a refused edit (adjusting state while rendering, as React recommends).
  if (value !== shown && error === null) {
    setShown(value)
    setText(value)
  }
  const onChange = (next: string) => {
    setText(next)
    const result = commit(next)
    setError(result.ok ? null : result.error)
  }
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`scn-field ${className ?? ''}`}>
      <label className="scn-field-label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea id={id} value={text} rows={3} spellCheck={false} placeholder={placeholder} aria-invalid={error !== null} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          id={id}
          type="text"
          value={text}
          spellCheck={false}
          placeholder={placeholder}
          inputMode={inputMode}
          aria-invalid={error !== null}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint && (
        <span id={`${id}-hint`} className="scn-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="scn-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

export function SelectField<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  return (
    <label className="scn-field">
      <span className="scn-field-label">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  )
}
