import type * as Monaco from 'monaco-editor/editor/editor.api'

/**
 * Completes `{{ }}` placeholders: variable names and built-ins, offered once `{{` is typed. The
 * names come through a getter given at registration (the store's completionNames), read on every
 * request, so the list follows the variables and the active environment without re-registering.
 */
export type CompletionName = { name: string; detail: string }

// `{{`, optional spaces, then what is typed of the name so far, up to the cursor.
const OPEN_PLACEHOLDER = /\{\{\s*([$A-Za-z_][\w.$-]*)?$/

let registered = false

export function registerTemplateCompletion(monaco: typeof Monaco, names: () => readonly CompletionName[]): void {
  // One provider for the page: every payload editor model shares it (Monaco providers are global).
  if (registered) return
  registered = true
  for (const language of ['json', 'plaintext']) {
    monaco.languages.registerCompletionItemProvider(language, {
      triggerCharacters: ['{', '$'],
      provideCompletionItems(model, position) {
        const before = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column })
        const open = OPEN_PLACEHOLDER.exec(before)
        if (!open) return { suggestions: [] }
        const typed = open[1] ?? ''
        const after = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: position.column, endLineNumber: position.lineNumber, endColumn: position.column + 2 })
        // Closing braces are added unless they are already there (typed, or auto-closed).
        const close = after === '}}' ? '' : '}}'
        const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: position.column - typed.length, endColumn: position.column }
        return {
          suggestions: names().map((entry, index) => ({
            label: entry.name,
            kind: entry.name.startsWith('$') ? monaco.languages.CompletionItemKind.Function : monaco.languages.CompletionItemKind.Variable,
            detail: entry.detail,
            insertText: `${entry.name}${close}`,
            // Variables first, built-ins after, in the order given.
            sortText: String(index).padStart(5, '0'),
            // Inside a JSON string Monaco's word would stop at `$` or `.`; filter on what was typed.
            filterText: entry.name,
            range,
          })),
        }
      },
    })
  }
}
