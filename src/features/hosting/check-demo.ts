import { createInitialWorkspaceState, useWorkspaceStore } from '../../store/workspace-store.ts'
import { probeDemoServer, setDemoAvailability, type DemoProbeResult } from './demo-availability.ts'

/**
 * Runs once at startup, before the stored workspaces are read (main.tsx). Where the demo server
 * is missing, the in-memory first-run workspace — used only when nothing is stored — is swapped
 * for one without demo connections. Persistence writes nothing before it has read the stored
 * record, and a stored record replaces this state, so a returning user's workspaces are never
 * touched here. The merge base of a first run stays the store's initial state (with the demo
 * connections, the same in every tab), so to another tab this one simply removed them. Never
 * rejects.
 */
export async function checkDemoBeforeStart(probe: () => Promise<DemoProbeResult> = () => probeDemoServer()): Promise<void> {
  const availability = await probe().catch(() => 'unknown' as const)
  setDemoAvailability(availability)
  if (availability !== 'available') useWorkspaceStore.setState(createInitialWorkspaceState({ demo: false }))
}
