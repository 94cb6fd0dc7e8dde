import { useEffect, useRef, type KeyboardEvent } from 'react'
import type { PayloadEditorProps } from '../../editor/payload-editor-props.ts'

/**
 * A plain textarea with the payload editor's contract, used when Monaco's chunk fails to load
 * (a host that blocks workers, a broken deploy): composing and sending still work.
 */
export function PlainPayloadEditor(props: PayloadEditorProps) {
  const { initialText, replacementRevision, replacementText, onChange, onSubmit, ariaLabel, placeholder, tabMovesFocus, onToggleTabMovesFocus } =
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
      return
    }
    // The same keys as the Monaco editor: Ctrl+M, or Ctrl+Shift+M on macOS (Cmd+M minimises).
    if ((event.key === 'm' || event.key === 'M') && event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault()
      onToggleTabMovesFocus()
      return
    }
    if (event.key === 'Tab' && !tabMovesFocus && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey) {
      // Indent as Monaco does (two spaces); otherwise a textarea lets Tab move focus by itself.
      event.preventDefault()
      const box = event.currentTarget
      box.setRangeText('  ', box.selectionStart, box.selectionEnd, 'end')
      onChange(box.value)
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
