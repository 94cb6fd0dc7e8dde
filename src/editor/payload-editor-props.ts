/**
 * Props of the payload editor, kept apart from payload-editor.tsx so that the composer and the
 * jsdom stand-in (tests/support/payload-editor-stub.tsx) can use them without pulling in Monaco.
 */
import type { JsonSchema } from '../workspace/model.ts'

export type PayloadEditorLanguage = 'json' | 'plaintext'

export type PayloadEditorProps = {
  /** One editor model per path, e.g. `draft/<connectionId>.json`. */
  path: string
  language: PayloadEditorLanguage
  /** Text at mount. The editor is uncontrolled afterwards: every edit goes out through onChange. */
  initialText: string
  /**
   * Bumped when the text was replaced from outside (a saved message, a history item, Format, "edit
   * and resend"); the editor then shows `replacementText` as one undoable edit.
   */
  replacementRevision: number
  replacementText: string
  onChange: (text: string) => void
  /** Ctrl+Enter (Cmd+Enter on macOS) inside the editor. */
  onSubmit: () => void
  ariaLabel: string
  placeholder?: string
  /** Tab moves focus out of the editor (true) or indents (false). */
  tabMovesFocus: boolean
  /** Ctrl+M (Ctrl+Shift+M on macOS, where Cmd+M minimises) inside the editor: switch what Tab does. */
  onToggleTabMovesFocus: () => void
  /**
   * A JSON Schema to check the JSON against and complete from (property names, enum values);
   * `uri` names it (unique per connection and message). Null or absent: JSON syntax only.
   */
  schema?: { uri: string; schema: JsonSchema } | null
  /** The editor's problems (syntax and schema) whenever they change, for the status line. */
  onProblems?: (messages: string[]) => void
}
