import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { LIMITS } from '../../workspace/limits.ts'

type InlineNameEditorProps = {
  initialName: string
  label: string
  /** Returns an error message to keep editing, or null when the name was accepted. */
  onCommit: (name: string) => string | null
  onDone: () => void
}

/** A text field that renames in place: Enter or leaving the field saves, Escape cancels. */
export function InlineNameEditor({ initialName, label, onCommit, onDone }: InlineNameEditorProps) {
  const [value, setValue] = useState(initialName)
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  // Escape must not be followed by the blur's save.
  const finished = useRef(false)

  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [])

  const commit = () => {
    if (finished.current) return
    const problem = onCommit(value)
    if (problem) {
      setError(problem)
      return
    }
    finished.current = true
    onDone()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      commit()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      finished.current = true
      onDone()
    }
  }

  const onBlur = () => {
    if (finished.current) return
    finished.current = true
    // A rejected name on blur is dropped rather than trapping focus there: the old name stays.
    onCommit(value)
    onDone()
  }

  const errorId = `${label.replace(/\W+/g, '-').toLowerCase()}-error`
  return (
    <span className="inline-name-editor">
      <input
        ref={inputRef}
        aria-label={label}
        value={value}
        maxLength={LIMITS.nameChars}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setValue(event.target.value)
          setError(null)
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
