import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { AppErrorBoundary } from './components/app-error-boundary.tsx'
import { checkDemoBeforeStart } from './features/hosting/check-demo.ts'
import { watchShareLinks } from './features/workspace-io/incoming-share.ts'
import { startServiceWorker } from './offline/service-worker-client.ts'
import { restoreRecordings } from './store/recording-persistence.ts'
import { startWorkerRuntime } from './store/runtime-binding.ts'
import { startTimelineKeeping } from './store/timeline-keeping.ts'
import { startWorkspacePersistence } from './store/workspace-store.ts'
import './styles/base.css'

const root = document.getElementById('root')
if (root) {
  // First of all: a share link's data leaves the address bar before anything else can run.
  watchShareLinks()
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
  // Whether the demo server exists decides what a first run starts with, so it is asked first
  // (one same-origin request, at most DEMO_PROBE_TIMEOUT_MS). Neither step ever rejects; if one
  // somehow did, the app still runs in memory.
  checkDemoBeforeStart()
    .then(() => startWorkspacePersistence())
    .then(renderApp, renderApp)
    // Recordings kept by earlier visits come back once the app is on screen (read in the Worker).
    .then(() => restoreRecordings())
    .then(() => startTimelineKeeping())
    .catch(() => undefined)
    // Offline support comes after the app is on screen: precaching must not compete with the first paint.
    .then(startServiceWorker)
}
