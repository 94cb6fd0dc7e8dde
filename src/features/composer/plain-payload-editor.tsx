import { useEffect, useRef, type KeyboardEvent } from 'react'
import type { PayloadEditorProps } from '../../editor/payload-editor-props.ts'

/**
 * A plain textarea with the payload editor's contract, used when Monaco's chunk fails to load
 * (a host that blocks workers, a broken deploy): composing and sending still work.
 */
export function PlainPayloadEditor(props: PayloadEditorProps) {
  const { initialText, replacementRevision, replacementText, onChange, onSubmit, ariaLabel, placeholder } = props
  const ref = useRef<HTMLTextAreaElement | null>(null)
  const appliedRevisionRef = useRef(replacementRevision)
  const replacementRef = useRef(replacementText)

  useEffect(() => {
    replacementRef.current = replacementText
  })

  useEffect(() => {
    if (!ref.current || appliedRevisionRef.current === replacementRevision) return
    appliedRevisionRef.current = replacementRevision
    ref.current.value = replacementRef.current
  }, [replacementRevision])

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      onSubmit()
    }
  }

  return (
    <textarea
      ref={ref}
      className="plain-payload-editor mono"
      aria-label={ariaLabel}
      placeholder={placeholder}
      spellCheck={false}
      defaultValue={initialText}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={handleKeyDown}
    />
  )
}
