import Editor, { type OnMount } from '@monaco-editor/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useResolvedTheme } from '../store/theme-store.ts'
import { setModelSchema } from './json-schemas.ts'
import { FRAMELINE_THEME, monaco } from './monaco-setup.ts'
import type { PayloadEditorProps } from './payload-editor-props.ts'

type CodeEditor = Parameters<OnMount>[0]

const TOGGLE_TAB_KEYS = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '')
  ? monaco.KeyMod.WinCtrl | monaco.KeyMod.Shift | monaco.KeyCode.KeyM
  : monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM

const EDITOR_OPTIONS = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  lineNumbersMinChars: 3,
  scrollBeyondLastLine: false,
  wordWrap: 'on',
  tabSize: 2,
  renderLineHighlight: 'line',
  // Hovers and suggestions may overflow the composer column instead of being clipped by it.
  fixedOverflowWidgets: true,
  overviewRulerBorder: false,
  hideCursorInOverviewRuler: true,
  padding: { top: 8, bottom: 8 },
} as const

/**
 * The Monaco payload editor. Uncontrolled on purpose: feeding the store back into `value` on
 * every keystroke would replace the whole model and fight the cursor (see GUIDE 2.6).
 */
export function PayloadEditor(props: PayloadEditorProps) {
  const {
    path,
    language,
    initialText,
    replacementRevision,
    replacementText,
    onChange,
    onSubmit,
    ariaLabel,
    placeholder,
    tabMovesFocus,
    onToggleTabMovesFocus,
    schema = null,
    onProblems,
  } = props
  const editorRef = useRef<CodeEditor | null>(null)
  // The model's URI once mounted: schemas bind to it (one model per connection's path, which
  // @monaco-editor/react turns into the model URI with Uri.parse, also when the path changes).
  const [mounted, setMounted] = useState(false)
  const modelUri = useMemo(() => (mounted ? monaco.Uri.parse(path).toString() : null), [mounted, path])
  const onProblemsRef = useRef(onProblems)
  // Monaco themes are global to the page; @monaco-editor/react applies a changed prop to all.
  const theme = FRAMELINE_THEME[useResolvedTheme()]
  // @monaco-editor/react keeps the first onMount it was given, and re-subscribes onChange and
  // re-applies options whenever their identity changes: refs and memos keep all three stable.
  const onSubmitRef = useRef(onSubmit)
  const onChangeRef = useRef(onChange)
  const onToggleTabRef = useRef(onToggleTabMovesFocus)
  const replacementRef = useRef(replacementText)
  const revisionRef = useRef(replacementRevision)
  const appliedRevisionRef = useRef(replacementRevision)

  useEffect(() => {
    onSubmitRef.current = onSubmit
    onChangeRef.current = onChange
    onToggleTabRef.current = onToggleTabMovesFocus
    onProblemsRef.current = onProblems
    replacementRef.current = replacementText
    revisionRef.current = replacementRevision
  })

  const handleChange = useCallback((text: string | undefined) => onChangeRef.current(text ?? ''), [])
  const options = useMemo(
    () => ({ ...EDITOR_OPTIONS, ariaLabel, placeholder, tabFocusMode: tabMovesFocus }),
    [ariaLabel, placeholder, tabMovesFocus],
  )

  useEffect(() => {
    const editor = editorRef.current
    if (!editor || appliedRevisionRef.current === replacementRevision) return
    appliedRevisionRef.current = replacementRevision
    replaceText(editor, replacementRef.current)
  }, [replacementRevision])

  useEffect(() => {
    if (modelUri === null) return
    setModelSchema(modelUri, schema)
  }, [modelUri, schema])

  // A schema stays bound only while its composer is mounted.
  useEffect(() => {
    if (modelUri === null) return
    return () => setModelSchema(modelUri, null)
  }, [modelUri])

  useEffect(() => {
    if (modelUri === null) return
    const report = () => {
      const markers = monaco.editor.getModelMarkers({ resource: monaco.Uri.parse(modelUri) })
      onProblemsRef.current?.(markers.filter((m) => m.severity >= monaco.MarkerSeverity.Warning).map((m) => m.message))
    }
    report()
    const subscription = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((uri) => uri.toString() === modelUri)) report()
    })
    return () => subscription.dispose()
  }, [modelUri])

  const handleMount: OnMount = (editor) => {
    editorRef.current = editor
    setMounted(true)
    // Inside Monaco, Ctrl+Enter would otherwise insert a line; the composer's Send wins.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => onSubmitRef.current())
    // Monaco's own Ctrl+M flips a page-wide flag that the tabFocusMode option overrides; this one
    // flips the composer's setting, which the status line shows. Same keys as Monaco and VS Code.
    editor.addCommand(TOGGLE_TAB_KEYS, () => onToggleTabRef.current())
    // A replacement that arrived while Monaco was loading is usually in the model already (it is
    // created from the latest initialText); one that landed between model creation and this
    // callback is not.
    if (appliedRevisionRef.current !== revisionRef.current) {
      appliedRevisionRef.current = revisionRef.current
      replaceText(editor, replacementRef.current)
    }
  }

  return (
    <Editor
      path={path}
      language={language}
      defaultValue={initialText}
      theme={theme}
      onChange={handleChange}
      onMount={handleMount}
      loading={<div className="payload-editor-loading">Loading editor…</div>}
      options={options}
      wrapperProps={{ className: 'payload-editor', 'data-testid': 'payload-editor' }}
    />
  )
}

/** Replaces everything as one edit, so Ctrl+Z brings back what the user had typed. */
function replaceText(editor: CodeEditor, text: string): void {
  const model = editor.getModel()
  if (!model || model.getValue() === text) return
  editor.pushUndoStop()
  editor.executeEdits('frameline-load', [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }])
  editor.pushUndoStop()
  editor.setPosition({ lineNumber: 1, column: 1 })
  editor.revealLine(1)
}
