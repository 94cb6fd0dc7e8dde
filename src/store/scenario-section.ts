/** Opening and closing the Scenarios section: small, and needed by the sidebar from the start (the builder and runs load with the section). */
import { useRecordingsStore } from './recordings-store.ts'
import { useScenarioRunsStore } from './scenario-runs-store.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

let connectionBeforeScenarios: string | null = null

/**
 * Shows the Scenarios section in the main area. The selection is set aside (as a recording does),
 * so that choosing any connection in the sidebar, the previous one included, shows it again.
 */
export function openScenarios(scenarioId?: string): void {
  const selected = useWorkspaceStore.getState().selectedConnectionId
  if (selected !== null) connectionBeforeScenarios = selected
  if (useRecordingsStore.getState().selectedId !== null) useRecordingsStore.setState({ selectedId: null })
  useScenarioRunsStore.setState((state) => ({
    panelOpen: true,
    selectedScenarioId: scenarioId ?? state.selectedScenarioId ?? (selectCurrentWorkspace(useWorkspaceStore.getState())?.scenarios ?? [])[0]?.id ?? null,
  }))
  if (selected !== null) useWorkspaceStore.setState({ selectedConnectionId: null })
}

/** Back to the connection that was shown before. */
export function closeScenarios(): void {
  useScenarioRunsStore.setState({ panelOpen: false })
  const back = connectionBeforeScenarios
  connectionBeforeScenarios = null
  const exists = back !== null && selectCurrentWorkspace(useWorkspaceStore.getState())?.connections.some((c) => c.id === back)
  if (exists) useWorkspaceStore.setState({ selectedConnectionId: back })
}

