import { create } from 'zustand'
import type { ScenarioReport } from '../engine/scenario/report.ts'
import { useRecordingsStore } from './recordings-store.ts'
import { useWorkspaceStore } from './workspace-store.ts'

/** A scenario's latest run in this page: live while `running`, then its final report. */
export type ScenarioRun = { report: ScenarioReport; running: boolean }

/**
 * The Scenarios section: whether it is shown in the main area, which scenario is open, and the
 * runs of this page by scenario id. Session only: reports are not saved with the workspace.
 */
export type ScenarioRunsState = {
  panelOpen: boolean
  selectedScenarioId: string | null
  runs: Record<string, ScenarioRun>
}

export const useScenarioRunsStore = create<ScenarioRunsState>()(() => ({ panelOpen: false, selectedScenarioId: null, runs: {} }))

// Choosing a connection or a recording shows it: the Scenarios section steps aside.
useWorkspaceStore.subscribe((state, previous) => {
  if (state.selectedConnectionId !== previous.selectedConnectionId && state.selectedConnectionId !== null && useScenarioRunsStore.getState().panelOpen) {
    useScenarioRunsStore.setState({ panelOpen: false })
  }
})
useRecordingsStore.subscribe((state, previous) => {
  if (state.selectedId !== previous.selectedId && state.selectedId !== null && useScenarioRunsStore.getState().panelOpen) {
    useScenarioRunsStore.setState({ panelOpen: false })
  }
})
