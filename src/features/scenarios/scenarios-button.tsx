import { useScenarioRunsStore } from '../../store/scenario-runs-store.ts'
import { openScenarios } from '../../store/scenario-section.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { selectCurrentWorkspace } from '../../store/workspace-selectors.ts'
import './scenarios.css'

/** The sidebar's way into the Scenarios section (also "Open scenarios" in the command palette). */
export function ScenariosButton() {
  const open = useScenarioRunsStore((state) => state.panelOpen)
  const count = useWorkspaceStore((state) => selectCurrentWorkspace(state)?.scenarios?.length ?? 0)
  return (
    <section className="scn-sidebar" aria-label="Scenarios">
      <button type="button" className="scn-sidebar-button" aria-current={open ? 'page' : undefined} onClick={() => openScenarios()}>
        Scenarios
        <span className="scn-dim"> ({count})</span>
      </button>
    </section>
  )
}
