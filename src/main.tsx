import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { AppErrorBoundary } from './components/app-error-boundary.tsx'
import { startWorkerRuntime } from './store/runtime-binding.ts'
import { startWorkspacePersistence } from './store/workspace-store.ts'
import './styles/base.css'

const root = document.getElementById('root')
if (root) {
  // Before anything can connect: the runtime binding also mirrors workspace settings into it.
  startWorkerRuntime()
  const reactRoot = createRoot(root)
  // Saved workspaces load asynchronously (IndexedDB): render the app only once they are in the
  // store, so a returning user never sees the first-run workspace flash and flip.
  reactRoot.render(
    <p className="app-loading" role="status" style={{ padding: 24 }}>
      Loading workspace…
    </p>,
  )
  const renderApp = () =>
    reactRoot.render(
      <StrictMode>
        <AppErrorBoundary>
          <App />
        </AppErrorBoundary>
      </StrictMode>,
    )
  // startWorkspacePersistence never rejects; if it somehow did, the app still runs in memory.
  startWorkspacePersistence().then(renderApp, renderApp)
}
