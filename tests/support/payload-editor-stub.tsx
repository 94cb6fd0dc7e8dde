import { useEffect, useRef, type KeyboardEvent } from 'react'
import type { PayloadEditorProps } from '../../src/editor/payload-editor-props.ts'

/**
 * jsdom stand-in for src/editor/payload-editor.tsx (Monaco cannot run in jsdom). Same export and
 * props, and the same uncontrolled contract: the text is only replaced when `replacementRevision`
 * changes, Ctrl/Cmd+Enter calls onSubmit.
 */
export function PayloadEditor(props: PayloadEditorProps) {
  const { path, language, initialText, replacementRevision, replacementText, onChange, onSubmit, ariaLabel, placeholder } =
    props
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
      aria-label={ariaLabel}
      placeholder={placeholder}
      data-path={path}
      data-language={language}
      defaultValue={initialText}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={handleKeyDown}
    />
  )
}
