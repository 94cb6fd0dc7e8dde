import { installTestRuntime } from '../support/test-runtime.ts'
import { afterEach, describe, expect, it , beforeEach} from 'vitest'
import { connect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import {
  createWorkspace,
  DEFAULT_WORKSPACE_NAME,
  deleteWorkspace,
  duplicateWorkspace,
  renameWorkspace,
  switchWorkspace,
} from '../../src/store/workspace-list-actions.ts'
import { selectConnections, selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { persistedWorkspaceState, useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { LIMITS } from '../../src/workspace/limits.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

beforeEach(() => {
  installTestRuntime()
})


const state = () => useWorkspaceStore.getState()
const current = () => selectCurrentWorkspace(state())!
const names = () => state().workspaces.map((w) => w.name)

afterEach(async () => {
    await closeAllServers()
})

describe('workspace list actions', () => {
  it('creates an empty workspace with a unique name and shows it', () => {
    const first = createWorkspace()
    const second = createWorkspace()
    expect(first.ok && second.ok).toBe(true)
    expect(names()).toEqual(['My workspace', 'New workspace', 'New workspace 2'])
    expect(current().name).toBe('New workspace 2')
    expect(selectConnections(state())).toEqual([])
    expect(state().selectedConnectionId).toBeNull()
  })

  it('creates a workspace with a given name, trimmed, and refuses an empty one', () => {
    const result = createWorkspace('  Staging  ')
    expect(result.ok && result.workspace.name).toBe('Staging')
    expect(createWorkspace('   ')).toEqual({ ok: false, error: 'A workspace needs a name.' })
    expect(state().workspaces).toHaveLength(2)
  })

  it('renames a workspace and refuses a blank or overlong name without changing it', () => {
    const id = current().id
    expect(renameWorkspace(id, 'Production').ok).toBe(true)
    expect(current().name).toBe('Production')
    expect(renameWorkspace(id, '')).toEqual({ ok: false, error: 'A workspace needs a name.' })
    expect(renameWorkspace(id, 'x'.repeat(LIMITS.nameChars + 1))).toEqual({
      ok: false,
      error: `Workspace names are at most ${LIMITS.nameChars} characters (this one has ${LIMITS.nameChars + 1}).`,
    })
    expect(renameWorkspace('w_missing', 'Other')).toEqual({ ok: false, error: 'That workspace no longer exists.' })
    expect(current().name).toBe('Production')
  })

  it('switches workspace and selects its first connection', () => {
    const home = current()
    createWorkspace('Other')
    const added = addConnection({ name: 'Only one', url: 'ws://127.0.0.1:9/' })
    addConnection({ name: 'Second', url: 'ws://127.0.0.1:9/' })
    switchWorkspace(home.id)
    expect(state().currentWorkspaceId).toBe(home.id)
    expect(state().selectedConnectionId).toBe(home.connections[0]!.id)
    const other = state().workspaces[1]!
    switchWorkspace(other.id)
    expect(state().selectedConnectionId).toBe(added.id)
    switchWorkspace('w_missing')
    expect(state().currentWorkspaceId).toBe(other.id)
  })

  it('remembers the current workspace in what is persisted', () => {
    const created = createWorkspace('Remembered')
    expect(created.ok).toBe(true)
    const persisted = persistedWorkspaceState(state())
    expect(persisted.currentWorkspaceId).toBe(created.ok ? created.workspace.id : '')
  })

  it('duplicates a workspace right after the original with fresh ids throughout', () => {
    const original = current()
    const result = duplicateWorkspace(original.id)
    if (!result.ok) throw new Error(result.error)
    const copy = result.workspace
    expect(names()).toEqual(['My workspace', 'My workspace (copy)'])
    expect(state().currentWorkspaceId).toBe(copy.id)
    expect(copy.id).not.toBe(original.id)
    expect(copy.connections.map((c) => c.name)).toEqual(original.connections.map((c) => c.name))
    const originalIds = new Set([
      ...original.connections.map((c) => c.id),
      ...original.connections.flatMap((c) => c.savedMessages.map((m) => m.id)),
    ])
    const copyIds = [...copy.connections.map((c) => c.id), ...copy.connections.flatMap((c) => c.savedMessages.map((m) => m.id))]
    expect(copyIds.length).toBeGreaterThan(3)
    expect(copyIds.filter((id) => originalIds.has(id))).toEqual([])
    expect(state().selectedConnectionId).toBe(copy.connections[0]!.id)
    // A deep copy: editing the copy leaves the original alone.
    expect(copy.connections[0]!.savedMessages).not.toBe(original.connections[0]!.savedMessages)
    expect(duplicateWorkspace(original.id).ok && names()[1]).toBe('My workspace (copy) 2')
  })

  it('deletes a workspace and shows its neighbour', () => {
    const first = current()
    createWorkspace('Second')
    const third = createWorkspace('Third')
    if (!third.ok) throw new Error(third.error)
    const second = state().workspaces[1]!
    switchWorkspace(second.id)
    const deleted = deleteWorkspace(second.id)
    expect(deleted?.deleted.name).toBe('Second')
    expect(deleted?.replacement).toBeUndefined()
    expect(names()).toEqual(['My workspace', 'Third'])
    expect(state().currentWorkspaceId).toBe(third.workspace.id)
    // Deleting one that is not shown keeps the current one.
    deleteWorkspace(first.id)
    expect(names()).toEqual(['Third'])
    expect(state().currentWorkspaceId).toBe(third.workspace.id)
  })

  it('replaces the last workspace with an empty one instead of leaving none', () => {
    const only = current()
    const deleted = deleteWorkspace(only.id)
    expect(deleted?.replacement?.name).toBe(DEFAULT_WORKSPACE_NAME)
    expect(state().workspaces).toHaveLength(1)
    expect(current().id).not.toBe(only.id)
    expect(current().connections).toEqual([])
    expect(state().selectedConnectionId).toBeNull()
    expect(deleteWorkspace('w_missing')).toBeUndefined()
  })

  it('closes the sockets of a deleted workspace and leaves other workspaces connected', async () => {
    const server = await startWsServer()
    installTestRuntime({ createSocket: createNodeSocket, schedule: (run) => void setTimeout(run, 0) })
    const doomed = addConnection({ name: 'Doomed', url: server.url('/doomed') })
    const doomedWorkspace = current().id
    createWorkspace('Survivor')
    const kept = addConnection({ name: 'Kept', url: server.url('/kept') })
    connect(doomed.id)
    connect(kept.id)
    const status = (id: string) => selectRuntime(useSessionStore.getState(), id).status
    await waitFor(() => status(doomed.id) === 'open' && status(kept.id) === 'open', 'both open')

    deleteWorkspace(doomedWorkspace)

    await waitFor(() => server.closes.length === 1, 'the server to see one close')
    expect(status(doomed.id)).toBe('idle')
    expect(status(kept.id)).toBe('open')
    expect(server.clients.filter((c) => c.readyState === c.OPEN)).toHaveLength(1)
  })
})
