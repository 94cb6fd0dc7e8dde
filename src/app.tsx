import { AutomationPanel } from './features/automation/automation-panel.tsx'
import { ComposerForKind } from './features/composer/composer-for-kind.tsx'
import { ThemeToggle } from './components/theme-toggle.tsx'
import { CommandCenter } from './features/commands/command-center.tsx'
import { ConnectionHeader } from './features/connections/connection-header.tsx'
import { ConnectionSidebar } from './features/connections/connection-sidebar.tsx'
import { WorkspaceSwitcher } from './features/connections/workspace-switcher.tsx'
import { DemoUnavailableBanner, HostedWelcome } from './features/hosting/demo-notice.tsx'
import { UpdatePrompt } from './features/offline/update-prompt.tsx'
import { ScenariosButton } from './features/scenarios/scenarios-button.tsx'
import { ScenariosView } from './features/scenarios/scenarios-view.tsx'
import { RuntimeNotice } from './features/runtime/runtime-notice.tsx'
import { StorageBanner } from './features/storage/storage-banner.tsx'
import { Timeline } from './features/timeline/timeline.tsx'
import { ExportTimelineButton } from './features/traffic/export-timeline-button.tsx'
import { RecordingView } from './features/traffic/recording-view.tsx'
import { RecordingsPanel } from './features/traffic/recordings-panel.tsx'
import { ShareLinkImport } from './features/workspace-io/share-link-import.tsx'
import { WorkspaceMenu } from './features/workspace-io/workspace-menu.tsx'
import { useRecordingsStore } from './store/recordings-store.ts'
import { useScenarioRunsStore } from './store/scenario-runs-store.ts'
import { selectSelectedConnection } from './store/workspace-selectors.ts'
import { useWorkspaceStore } from './store/workspace-store.ts'

/** Layout only: features select their own data and call store actions. */
export function App() {
  const selectedId = useWorkspaceStore((state) => selectSelectedConnection(state)?.id ?? null)
  const recordingId = useRecordingsStore((state) => state.selectedId)
  const scenariosOpen = useScenarioRunsStore((state) => state.panelOpen)

  return (
    <div className="app">
      <div className="app-banner">
        <StorageBanner />
        <RuntimeNotice />
        <DemoUnavailableBanner />
        <UpdatePrompt />
        <ShareLinkImport />
      </div>
      <div className="app-sidebar">
        <header className="app-title">
          <h1>Frameline</h1>
          <ThemeToggle />
        </header>
        <aside className="app-sidebar-content" aria-label="Saved connections">
          <WorkspaceSwitcher />
          <ConnectionSidebar />
          <RecordingsPanel />
          <ScenariosButton />
          <WorkspaceMenu />
          <CommandCenter />
        </aside>
      </div>
      {scenariosOpen ? (
        <ScenariosView />
      ) : recordingId ? (
        <RecordingView
          key={recordingId}
          recordingId={recordingId}
          timeline={
            <Timeline
              connectionId={recordingId}
              toolbarActions={(view) => <ExportTimelineButton connectionId={recordingId} filter={view.filter} retained={view.retained} />}
            />
          }
        />
      ) : selectedId ? (
        <main className="app-main">
          <section className="app-header" aria-label="Connection">
            <ConnectionHeader key={selectedId} connectionId={selectedId} />
          </section>
          <section className="app-composer" aria-label="Composer">
            <ComposerForKind key={selectedId} connectionId={selectedId} />
            <AutomationPanel key={`${selectedId}-automation`} connectionId={selectedId} />
          </section>
          <section className="app-timeline" aria-label="Timeline">
            <Timeline
              key={selectedId}
              connectionId={selectedId}
              toolbarActions={(view) => <ExportTimelineButton connectionId={selectedId} filter={view.filter} retained={view.retained} />}
            />
          </section>
        </main>
      ) : (
        <main className="app-main">
          <div className="empty-state">
            <h2>No connection selected</h2>
            <p>Add a connection in the sidebar: give it a ws:// or wss:// URL, then press Connect.</p>
            <HostedWelcome />
          </div>
        </main>
      )}
    </div>
  )
}
