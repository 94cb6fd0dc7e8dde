import { DiffEditor, type DiffOnMount } from '@monaco-editor/react'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
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
  const [mounted, setMounted] = useState(false)
  const labels = useMemo(() => ({ original: `Base: ${originalLabel}`, modified: `Compared: ${modifiedLabel}` }), [originalLabel, modifiedLabel])
  // One options object per layout: @monaco-editor/react re-applies options whenever their identity changes.
  const options = useMemo(
    () => ({
      readOnly: true,
      originalEditable: false,
      renderSideBySide: sideBySide,
      // Monaco turns side by side into inline below 900 px by itself; the toggle must mean what it says.
      useInlineViewWhenSpaceIsLimited: false,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      wordWrap: 'on' as const,
      // Read-only: Tab leaves the editor, so the dialog stays keyboard-operable.
      tabFocusMode: true,
      originalAriaLabel: labels.original,
      modifiedAriaLabel: labels.modified,
      renderOverviewRuler: false,
    }),
    [sideBySide, labels],
  )
  // Monaco 0.57's diff editor re-derives each side's ariaLabel from the *changed* options only, so
  // any later option change (the layout toggle) leaves both inputs unnamed (axe: aria-input-field-name).
  // The labels go on the two inner editors directly, after every options change (a child's effects,
  // where @monaco-editor/react applies the options, run before this one).
  useEffect(() => {
    const editor = editorRef.current
    if (!mounted || !editor) return
    editor.getOriginalEditor().updateOptions({ ariaLabel: labels.original })
    editor.getModifiedEditor().updateOptions({ ariaLabel: labels.modified })
  }, [mounted, options, labels])
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
        setMounted(true)
      }}
      original={original}
      modified={modified}
      language={language}
      theme={theme}
      height="100%"
      loading={<div role="status">Loading the diff editor…</div>}
      options={options}
    />
  )
}
