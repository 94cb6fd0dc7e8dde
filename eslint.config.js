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

const FRAMEWORKS = [
  { name: 'react', message: 'The engine and workspace format are framework-free.' },
  { name: 'react-dom', message: 'The engine and workspace format are framework-free.' },
  { name: 'zustand', message: 'The engine and workspace format are framework-free.' },
]

const OUTSIDE_ENGINE = ['**/store/**', '**/features/**', '**/components/**', '**/editor/**', '**/lib/**', '**/workspace/**', 'zustand/*', 'react/*']

const ONLY_ENGINE_OPENS_SOCKETS = { name: 'WebSocket', message: 'Only src/engine/ opens sockets.' }

const STORAGE_ONLY_IN_PERSISTENCE = ['indexedDB', 'localStorage', 'sessionStorage', 'BroadcastChannel'].map((name) => ({
  name,
  message: 'Browser storage is used only in src/store/persistence/.',
}))

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
    // The engine runs in a Worker, in Node and in tests: it imports nothing outside src/engine/
    // (src/engine/tsconfig.json proves it DOM-free as well).
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...MONACO_ONLY_IN_EDITOR.paths, ...FRAMEWORKS],
          patterns: [
            ...MONACO_ONLY_IN_EDITOR.patterns,
            { group: OUTSIDE_ENGINE, message: 'src/engine/ imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    // The file format is framework-free, and below the store; the headless runner is the engine and
    // the file format on Node: neither reaches the store or any view.
    files: ['src/workspace/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...MONACO_ONLY_IN_EDITOR.paths, ...FRAMEWORKS],
          patterns: [...MONACO_ONLY_IN_EDITOR.patterns, { group: ['**/store/**', '**/features/**', '**/components/**', '**/editor/**'] }],
        },
      ],
    },
  },
  {
    // The store is below every view: it never imports features, the editor or components.
    files: ['src/store/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...MONACO_ONLY_IN_EDITOR,
          patterns: [
            ...MONACO_ONLY_IN_EDITOR.patterns,
            { group: ['**/features/**', '**/editor/**', '**/components/**'], message: 'The store never imports views.' },
          ],
        },
      ],
    },
  },
  {
    // Features take engine types only (values come through the store binding) and never reach
    // into another feature.
    files: ['src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...MONACO_ONLY_IN_EDITOR,
          patterns: [
            ...MONACO_ONLY_IN_EDITOR.patterns,
            { group: ['**/engine/**'], allowTypeImports: true, message: 'Features import engine types only; values come through src/store/.' },
            { regex: '^\\.\\./[^./]', message: 'A feature never imports another feature; move what both need to src/store, src/lib or src/components.' },
          ],
        },
      ],
    },
  },
  {
    // Only the engine opens sockets, and only persistence touches browser storage.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/engine/**', 'src/demo-server/**', 'src/store/persistence/**'],
    rules: { 'no-restricted-globals': ['error', ONLY_ENGINE_OPENS_SOCKETS, ...STORAGE_ONLY_IN_PERSISTENCE] },
  },
  {
    files: ['src/store/persistence/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ONLY_ENGINE_OPENS_SOCKETS] },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...STORAGE_ONLY_IN_PERSISTENCE] },
  },
  {
    files: ['src/editor/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
