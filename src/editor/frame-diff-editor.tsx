import { DiffEditor, type DiffOnMount } from '@monaco-editor/react'
import { useLayoutEffect, useRef } from 'react'
import { useResolvedTheme } from '../store/theme-store.ts'
import { FRAMELINE_THEME } from './monaco-setup.ts'

export type FrameDiffEditorProps = {
  original: string
  modified: string
  language: 'json' | 'plaintext'
  sideBySide: boolean
  originalLabel: string
  modifiedLabel: string
}

/**
 * Monaco's diff editor over two frames, read-only. Only the diff dialog imports this module, and
 * only lazily: it and monaco-setup.ts land in the chunk the composer's editor already loads, never
 * on the first screen.
 */
export default function FrameDiffEditor({ original, modified, language, sideBySide, originalLabel, modifiedLabel }: FrameDiffEditorProps) {
  const theme = FRAMELINE_THEME[useResolvedTheme()]
  const editorRef = useRef<Parameters<DiffOnMount>[0] | null>(null)
  // @monaco-editor/react 4.7 disposes a DiffEditor's two models before the widget, and Monaco
  // >= 0.52 reports that as an uncaught "TextModel got disposed before DiffEditorWidget model got
  // reset" (suren-atoyan/monaco-react#647, microsoft/monaco-editor#4779). So the library keeps the
  // models, and this cleanup detaches them from the widget, then disposes them: a layout-effect
  // cleanup runs before every passive cleanup of the removed tree, so the widget is still alive.
  useLayoutEffect(
    () => () => {
      const editor = editorRef.current
      editorRef.current = null
      const models = editor?.getModel()
      try {
        editor?.setModel(null)
      } finally {
        models?.original.dispose()
        models?.modified.dispose()
      }
    },
    [],
  )
  return (
    <DiffEditor
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={(editor) => {
        editorRef.current = editor
      }}
      original={original}
      modified={modified}
      language={language}
      theme={theme}
      height="100%"
      loading={<div role="status">Loading the diff editor…</div>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: sideBySide,
        // Monaco turns side by side into inline below 900 px by itself; the toggle must mean what it says.
        useInlineViewWhenSpaceIsLimited: false,
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 12,
        wordWrap: 'on',
        // Read-only: Tab leaves the editor, so the dialog stays keyboard-operable.
        tabFocusMode: true,
        originalAriaLabel: `Base: ${originalLabel}`,
        modifiedAriaLabel: `Compared: ${modifiedLabel}`,
        renderOverviewRuler: false,
      }}
    />
  )
}
