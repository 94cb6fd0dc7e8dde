import { Suspense, useRef, type CSSProperties } from 'react'
import { lazyNamed } from './components/lazy-named.ts'
import { PaneSplitter, PaneToggle } from './components/pane-layout.tsx'
import { LazyPart } from './components/lazy-part.tsx'
import { useElementSize, useFittedPane } from './components/use-fitted-pane.ts'
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
import { MergedTimelineButton } from './features/merged-timeline/merged-timeline-button.tsx'
import { RuntimeNotice } from './features/runtime/runtime-notice.tsx'
import { StorageBanner } from './features/storage/storage-banner.tsx'
import { Timeline } from './features/timeline/timeline.tsx'
import { ExportTimelineButton } from './features/traffic/export-timeline-button.tsx'
import { RecordingsPanel } from './features/traffic/recordings-panel.tsx'
import { ShareLinkImport } from './features/workspace-io/share-link-import.tsx'
import { VariablesBar } from './features/variables/variables-bar.tsx'
import { WorkspaceMenu } from './features/workspace-io/workspace-menu.tsx'
import { useRecordingsStore } from './store/recordings-store.ts'
import { PANE_LIMITS } from './store/pane-layout.ts'
import { useScenarioRunsStore } from './store/scenario-runs-store.ts'
import { useMergedTimelineStore } from './store/merged-timeline.ts'
import { selectSelectedConnection } from './store/workspace-selectors.ts'
import { useWorkspaceStore } from './store/workspace-store.ts'

/** What the timeline keeps however wide the other panes are asked to be. */
const TIMELINE_MIN_WIDTH = 360
/** As .splitter--vertical in src/components/splitter.css. */
const SPLITTER_WIDTH = 5
/** Room the composer's splitter and the timeline need beside the composer. */
const BESIDE_COMPOSER = SPLITTER_WIDTH + TIMELINE_MIN_WIDTH
/** Room beside the sidebar: its splitter, the narrowest composer, and what the timeline keeps. */
const BESIDE_SIDEBAR = SPLITTER_WIDTH + PANE_LIMITS.composer.min + BESIDE_COMPOSER

// The scenario builder is a section of its own, opened on demand: its chunk loads then, not at start
// (it kept the first load over its 150 kB budget).
// A recording (an imported traffic file) is opened on demand too: its replay, re-send and compare panes load then.
const RecordingView = lazyNamed(() => import('./features/traffic/recording-view.tsx'), 'RecordingView')
// The merged timeline (issue 10) and the detail pane it borrows from the timeline load when it is first opened.
const MergedTimelineView = lazyNamed(() => import('./features/merged-timeline/merged-timeline-view.tsx'), 'MergedTimelineView')
const SelectedFrameDetail = lazyNamed(() => import('./features/timeline/selected-frame-detail.tsx'), 'SelectedFrameDetail')
const ScenariosView = lazyNamed(() => import('./features/scenarios/scenarios-view.tsx'), 'ScenariosView')

/** Layout only: features select their own data and call store actions. */
export function App() {
  const selectedId = useWorkspaceStore((state) => selectSelectedConnection(state)?.id ?? null)
  const recordingId = useRecordingsStore((state) => state.selectedId)
  const appRef = useRef<HTMLDivElement>(null)
  const sidebar = useFittedPane('sidebar', useElementSize(appRef, 'width'), BESIDE_SIDEBAR)
  const scenariosOpen = useScenarioRunsStore((state) => state.panelOpen)
  const mergedOpen = useMergedTimelineStore((state) => state.open)

  return (
    <div
      className="app"
      ref={appRef}
      data-sidebar={sidebar.collapsed ? 'collapsed' : undefined}
      style={{ '--sidebar-size': `${sidebar.size}px` } as CSSProperties}
    >
      <div className="app-banner">
        <StorageBanner />
        <RuntimeNotice />
        <DemoUnavailableBanner />
        <UpdatePrompt />
        <ShareLinkImport />
      </div>
      <div className="app-sidebar" data-collapsed={sidebar.collapsed ? 'true' : undefined}>
        <header className="app-title">
          <h1>Frameline</h1>
          {/* Stays mounted while the sidebar is collapsed: it applies the theme. */}
          <ThemeToggle />
          <PaneToggle pane="sidebar" name="sidebar" controls="app-sidebar-content" side="start" />
        </header>
        {/* Hidden, not unmounted: the command center's shortcuts and dialogs keep working. */}
        <aside id="app-sidebar-content" className="app-sidebar-content" aria-label="Saved connections" hidden={sidebar.collapsed}>
          <WorkspaceSwitcher />
          <VariablesBar />
          <ConnectionSidebar />
          <RecordingsPanel />
          <ScenariosButton />
          <MergedTimelineButton />
          <WorkspaceMenu />
          <CommandCenter />
        </aside>
      </div>
      <PaneSplitter
        pane="sidebar"
        fitted={sidebar}
        label="Resize sidebar"
        controls="app-sidebar-content"
        orientation="vertical"
        grow={1}
        className="app-sidebar-splitter"
      />
      {mergedOpen ? (
        <Suspense
          fallback={
            <main className="app-main">
              <p role="status">Loading the merged timeline…</p>
            </main>
          }
        >
          <MergedTimelineView
            detail={(selection, onClose) => (
              <LazyPart what="the frame detail" onClose={onClose}>
                <SelectedFrameDetail connectionId={selection.connectionId} seq={selection.seq} onClose={onClose} />
              </LazyPart>
            )}
          />
        </Suspense>
      ) : scenariosOpen ? (
        <Suspense
          fallback={
            <main className="app-main">
              <p role="status">Loading scenarios…</p>
            </main>
          }
        >
          <ScenariosView />
        </Suspense>
      ) : recordingId ? (
        <Suspense
          fallback={
            <main className="app-main">
              <p role="status">Loading the recording…</p>
            </main>
          }
        >
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
        </Suspense>
      ) : selectedId ? (
        <ConnectionView connectionId={selectedId} />
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

/** One connection: its header over the composer and the timeline, side by side. */
function ConnectionView({ connectionId }: { connectionId: string }) {
  const mainRef = useRef<HTMLElement>(null)
  const composer = useFittedPane('composer', useElementSize(mainRef, 'width'), BESIDE_COMPOSER)
  return (
    <main
      className="app-main"
      ref={mainRef}
      data-composer={composer.collapsed ? 'collapsed' : undefined}
      style={{ '--composer-size': `${composer.size}px` } as CSSProperties}
    >
      <section className="app-header" aria-label="Connection">
        <ConnectionHeader key={connectionId} connectionId={connectionId} />
      </section>
      <section className="app-composer" aria-label="Composer" data-collapsed={composer.collapsed ? 'true' : undefined}>
        <div className="pane-bar">
          <h2 className="pane-title">Composer</h2>
          <PaneToggle pane="composer" name="composer" controls="app-composer-body" side="start" text={{ hide: 'Hide', show: 'Composer' }} />
        </div>
        {/* Hidden, not unmounted: the editor keeps its undo history and Ctrl/Cmd+Enter still sends. */}
        <div id="app-composer-body" className="app-composer-body" hidden={composer.collapsed}>
          <ComposerForKind key={connectionId} connectionId={connectionId} />
          <AutomationPanel key={`${connectionId}-automation`} connectionId={connectionId} />
        </div>
      </section>
      <PaneSplitter
        pane="composer"
        fitted={composer}
        label="Resize composer"
        controls="app-composer-body"
        orientation="vertical"
        grow={1}
        className="app-composer-splitter"
      />
      <section className="app-timeline" aria-label="Timeline">
        <Timeline
          key={connectionId}
          connectionId={connectionId}
          toolbarActions={(view) => <ExportTimelineButton connectionId={connectionId} filter={view.filter} retained={view.retained} />}
        />
      </section>
    </main>
  )
}
