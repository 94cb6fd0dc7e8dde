import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'
import { useComposerStore } from '../src/store/composer-store.ts'
import { useLayoutStore } from '../src/store/layout-store.ts'
import { defaultLayout } from '../src/store/pane-layout.ts'
import { useRecordingsStore } from '../src/store/recordings-store.ts'
import { unbindRuntime } from '../src/store/runtime-binding.ts'
import { resetCounters } from '../src/store/template-expansion.ts'
import { installTestRuntime } from './support/test-runtime.ts'
import { createInitialWorkspaceState, useWorkspaceStore } from '../src/store/workspace-store.ts'

// Monaco cannot run in jsdom (suren-atoyan/monaco-react#88); tests/support/payload-editor-stub.tsx
// stands in with a textarea that has the same props.
vi.mock('../src/editor/payload-editor.tsx', () => import('./support/payload-editor-stub.tsx'))

// Every test has a runtime, as the app has one from its first line (main.tsx); a test that needs
// other dependencies installs its own, which replaces this one.
beforeEach(() => {
  installTestRuntime()
})

afterEach(() => {
  cleanup()
  // Closes every connection of the test's runtime; the next test binds (or lazily gets) a fresh one.
  unbindRuntime()
  useWorkspaceStore.setState(createInitialWorkspaceState(), true)
  // Runtime composer state (load counters, library tab) must not leak from one test into the next.
  useComposerStore.setState(useComposerStore.getInitialState(), true)
  useRecordingsStore.setState(useRecordingsStore.getInitialState(), true)
  // First-run connection ids are fixed: a {{$counter}} must not carry over into the next test.
  resetCounters()
  // Pane sizes a test dragged or collapsed must not carry into the next one.
  useLayoutStore.setState(defaultLayout(), true)
  // Node-environment tests (engine against a real `ws` server) have no localStorage.
  globalThis.localStorage?.clear()
})
