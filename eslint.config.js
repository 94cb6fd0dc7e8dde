import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import reactRefresh from 'eslint-plugin-react-refresh'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const MONACO_ONLY_IN_EDITOR = {
  paths: [
    { name: 'monaco-editor', message: 'Only src/editor/ may import Monaco.' },
    { name: '@monaco-editor/react', message: 'Only src/editor/ may import Monaco.' },
  ],
  patterns: [{ group: ['monaco-editor/*'], message: 'Only src/editor/ may import Monaco.' }],
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'bench/results', 'coverage'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2023, globals: { ...globals.browser, ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Everything received or imported is untrusted: it must only ever reach the DOM as text.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render untrusted data as text.' },
        { property: 'outerHTML', message: 'Render untrusted data as text.' },
        { property: 'insertAdjacentHTML', message: 'Render untrusted data as text.' },
        { object: 'document', property: 'write', message: 'Render untrusted data as text.' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      'no-restricted-imports': ['error', MONACO_ONLY_IN_EDITOR],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render untrusted data as text.',
        },
      ],
    },
  },
  {
    // The engine and the file format are framework-free: no React, zustand or Monaco.
    files: ['src/engine/**/*.ts', 'src/workspace/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...MONACO_ONLY_IN_EDITOR.paths,
            { name: 'react', message: 'The engine and workspace format are framework-free.' },
            { name: 'zustand', message: 'The engine and workspace format are framework-free.' },
          ],
          patterns: [...MONACO_ONLY_IN_EDITOR.patterns, { group: ['zustand/*', '../store/*', '../features/*'] }],
        },
      ],
    },
  },
  {
    // Only the engine opens sockets; the rest of the app goes through store actions.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/engine/**', 'src/demo-server/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'WebSocket', message: 'Only src/engine/ opens sockets.' }],
    },
  },
  {
    files: ['src/editor/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
