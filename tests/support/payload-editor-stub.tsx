import type { PayloadEditorProps } from '../../src/editor/payload-editor-props.ts'
import { PlainPayloadEditor } from '../../src/features/composer/plain-payload-editor.tsx'

/**
 * jsdom stand-in for src/editor/payload-editor.tsx (Monaco cannot run in jsdom). Same export and
 * props; it is the composer's own plain-text fallback, which keeps the same uncontrolled contract
 * (the text is only replaced when `replacementRevision` changes, Ctrl/Cmd+Enter calls onSubmit),
 * so component tests exercise that fallback instead of a second copy of it.
 */
export function PayloadEditor(props: PayloadEditorProps) {
  return <PlainPayloadEditor {...props} />
}
