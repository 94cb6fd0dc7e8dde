import { DiffEditor } from '@monaco-editor/react'
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
  return (
    <DiffEditor
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
