import type { FrameDiffEditorProps } from '../../src/editor/frame-diff-editor.tsx'

/**
 * jsdom stand-in for src/editor/frame-diff-editor.tsx (Monaco cannot run in jsdom): the same
 * props, shown as two text blocks, so component tests see exactly what the dialog hands Monaco.
 * The e2e test (tests/e2e/frame-diff.e2e.ts) checks the real diff editor in Chromium.
 */
export default function FrameDiffEditorStub({ original, modified, language, sideBySide, originalLabel, modifiedLabel }: FrameDiffEditorProps) {
  return (
    <div data-testid="diff-editor-stub" data-language={language} data-layout={sideBySide ? 'side-by-side' : 'inline'}>
      <pre aria-label={`Base: ${originalLabel}`}>{original}</pre>
      <pre aria-label={`Compared: ${modifiedLabel}`}>{modified}</pre>
    </div>
  )
}
