import type { AutomationConfig, AutomationMessage } from '../engine/automation/automation.ts'
import type { RuntimeClient } from '../engine/host/runtime-client.ts'
import { resolveVariables } from '../engine/template/variables.ts'
import type { Connection, ConnectionId, Workspace, WorkspaceId } from '../workspace/model.ts'
import { checkEmit } from './transport-actions.ts'
import type { WorkspaceState } from './workspace-store.ts'

/**
 * Tells the runtime what each connection does by itself and what `{{name}}` means there. The
 * fields are compared by reference (the store replaces what it changes), so a keystroke in the
 * composer, which changes the connection's draft only, pushes nothing.
 */

type KnownAutomation = Pick<Connection, 'autoResponders' | 'heartbeat' | 'onOpen' | 'savedMessages' | 'transport'>
type KnownVariables = { workspace: Pick<Workspace, 'variables' | 'environments' | 'activeEnvironmentId'>; ids: string }

export type AutomationSync = {
  automation: Map<ConnectionId, KnownAutomation>
  variables: Map<WorkspaceId, KnownVariables>
}

export function createAutomationSync(): AutomationSync {
  return { automation: new Map(), variables: new Map() }
}

/** A connection's automation as the runtime takes it; null when it has none. */
export function automationConfigOf(connection: Connection): AutomationConfig | null {
  const rules = connection.autoResponders ?? []
  const steps = connection.onOpen ?? []
  if (rules.length === 0 && !connection.heartbeat && steps.length === 0) return null
  // Only the saved messages the sequence names: the rest stay on the page.
  const named = new Set(steps.flatMap((step) => ('savedMessageId' in step ? [step.savedMessageId] : [])))
  const savedMessages: AutomationMessage[] = connection.savedMessages
    .filter((message) => named.has(message.id))
    .map((message) => {
      // A Socket.IO saved message is an emit: sent as the composer would send it.
      const emit = message.emit ? checkEmit(message.emit) : null
      return { id: message.id, name: message.name, text: emit?.ok ? emit.text : message.text, mode: message.mode }
    })
  return {
    ...(rules.length > 0 ? { autoResponders: rules } : {}),
    ...(connection.heartbeat ? { heartbeat: connection.heartbeat } : {}),
    ...(steps.length > 0 ? { onOpen: steps, savedMessages } : {}),
  }
}

const same = (a: KnownAutomation, b: Connection) =>
  a.autoResponders === b.autoResponders && a.heartbeat === b.heartbeat && a.onOpen === b.onOpen && a.savedMessages === b.savedMessages && a.transport === b.transport

export function syncAutomation(target: RuntimeClient, sync: AutomationSync, state: WorkspaceState): void {
  const seen = new Set<ConnectionId>()
  for (const workspace of state.workspaces) {
    for (const connection of workspace.connections) {
      seen.add(connection.id)
      const before = sync.automation.get(connection.id)
      if (before && same(before, connection)) continue
      const config = automationConfigOf(connection)
      // Never configured and still nothing to do: no message at start-up for every plain connection.
      if (!before && config === null) {
        sync.automation.set(connection.id, pick(connection))
        continue
      }
      sync.automation.set(connection.id, pick(connection))
      target.configureAutomation(connection.id, config)
    }
  }
  for (const id of [...sync.automation.keys()]) {
    if (seen.has(id)) continue
    sync.automation.delete(id)
    target.configureAutomation(id, null)
  }

  const workspaces = new Set<WorkspaceId>()
  for (const workspace of state.workspaces) {
    workspaces.add(workspace.id)
    const ids = workspace.connections.map((c) => c.id)
    const key = ids.join('\n')
    const before = sync.variables.get(workspace.id)
    if (
      before &&
      before.ids === key &&
      before.workspace.variables === workspace.variables &&
      before.workspace.environments === workspace.environments &&
      before.workspace.activeEnvironmentId === workspace.activeEnvironmentId
    ) {
      continue
    }
    sync.variables.set(workspace.id, { workspace: { variables: workspace.variables, environments: workspace.environments, activeEnvironmentId: workspace.activeEnvironmentId }, ids: key })
    if (ids.length === 0) continue
    // Each workspace's connections expand against that workspace's variables and active environment.
    target.setVariables(resolveVariables(workspace), ids)
  }
  for (const id of [...sync.variables.keys()]) if (!workspaces.has(id)) sync.variables.delete(id)
}

function pick(connection: Connection): KnownAutomation {
  return { autoResponders: connection.autoResponders, heartbeat: connection.heartbeat, onOpen: connection.onOpen, savedMessages: connection.savedMessages, transport: connection.transport }
}
