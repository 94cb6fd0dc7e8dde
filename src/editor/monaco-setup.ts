import { loader } from '@monaco-editor/react'
import * as monaco from 'monaco-editor/editor/editor.api'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker'
import { jsonDefaults } from 'monaco-editor/languages/features/json/register'
// The editor's own features (find, folding, hover, suggest, ...) without the 80 other languages:
// the full 'monaco-editor' entry would also emit the TypeScript, CSS and HTML workers (~9 MB).
import 'monaco-editor/features/register.all'

/**
 * Bundles Monaco instead of letting @monaco-editor/react inject it from a CDN: Frameline must work
 * offline and fetch nothing from another origin. Worker paths are the monaco-editor >= 0.56 ones
 * (its `exports` map turns the old `esm/vs/...` paths into broken doubled paths).
 * Only JSON and plain text are needed.
 * Only payload-editor.tsx imports this module, so all of Monaco stays in the lazily loaded chunk.
 */
self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
}

/** The JSON checks every composer gets; schemas are added per model (json-schemas.ts). */
export const BASE_JSON_DIAGNOSTICS = {
  validate: true,
  // JSON.parse decides what can be sent, so the editor marks exactly what it would reject.
  allowComments: false,
  comments: 'error',
  trailingCommas: 'error',
  // Never fetch a $schema a payload happens to mention, nor a $ref of a message schema.
  enableSchemaRequest: false,
  schemaValidation: 'error',
} as const

jsonDefaults.setDiagnosticsOptions({ ...BASE_JSON_DIAGNOSTICS, schemas: [] })

/** Match the tokens in src/styles/base.css so the editor does not look pasted in. */
export const FRAMELINE_THEME = { dark: 'frameline-dark', light: 'frameline-light' } as const

monaco.editor.defineTheme(FRAMELINE_THEME.dark, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'string.key.json', foreground: '7dd3fc' },
    { token: 'string.value.json', foreground: 'a7f3d0' },
    { token: 'number.json', foreground: 'fbbf24' },
    { token: 'keyword.json', foreground: 'c4b5fd' },
  ],
  colors: {
    'editor.background': '#0f172a',
    'editor.foreground': '#e2e8f0',
    'editor.lineHighlightBackground': '#16213b',
    'editor.lineHighlightBorder': '#16213b',
    // Line numbers are text too: 4.5:1 on the editor background, like the rest of the app.
    'editorLineNumber.foreground': '#8291a7',
    'editorLineNumber.activeForeground': '#cbd5e1',
    'editor.selectionBackground': '#1d3557',
    'editorCursor.foreground': '#38bdf8',
    'editorWidget.background': '#111c33',
    'editorWidget.border': '#26324d',
    'editorGutter.background': '#0f172a',
    'scrollbarSlider.background': '#26324d88',
    'scrollbarSlider.hoverBackground': '#334155aa',
    // The frame diff: opaque, so a changed word over a changed line is not a darker mix, and every
    // token colour above keeps 4.5:1 on them (Monaco's translucent defaults gave 4.0:1, axe flagged it).
    'diffEditor.removedLineBackground': '#3f1d24',
    'diffEditor.removedTextBackground': '#5c1f29',
    'diffEditor.insertedLineBackground': '#14332a',
    'diffEditor.insertedTextBackground': '#1a3d2e',
  },
})

monaco.editor.defineTheme(FRAMELINE_THEME.light, {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'string.key.json', foreground: '075985' },
    { token: 'string.value.json', foreground: '065f46' },
    { token: 'number.json', foreground: '92400e' },
    { token: 'keyword.json', foreground: '6d28d9' },
  ],
  colors: {
    'editor.background': '#ffffff',
    'editor.foreground': '#0f172a',
    'editor.lineHighlightBackground': '#f1f5f9',
    'editor.lineHighlightBorder': '#f1f5f9',
    'editorLineNumber.foreground': '#5b6b82',
    'editorLineNumber.activeForeground': '#0f172a',
    'editor.selectionBackground': '#bfdbfe',
    'editorCursor.foreground': '#0369a1',
    'editorWidget.background': '#f8fafc',
    'editorWidget.border': '#cbd5e1',
    'editorGutter.background': '#ffffff',
    'scrollbarSlider.background': '#cbd5e188',
    'scrollbarSlider.hoverBackground': '#94a3b8aa',
    'diffEditor.removedLineBackground': '#fee2e2',
    'diffEditor.removedTextBackground': '#fecaca',
    'diffEditor.insertedLineBackground': '#dcfce7',
    'diffEditor.insertedTextBackground': '#bbf7d0',
  },
})

loader.config({ monaco })

export { jsonDefaults, monaco }
