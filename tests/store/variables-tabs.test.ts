import { afterEach, describe, expect, it } from 'vitest'
import type { Workspace } from '../../src/workspace/model.ts'
import { connectionById, editConnection, openSeededTabs, type createProfile, type Tab } from './persistence-harness.ts'

// Variables, environments and the active environment are fields of the workspace, stored and
// synced with it: these check that two tabs end up with the same values, over IndexedDB.

let profile: ReturnType<typeof createProfile>

afterEach(() => {
  profile?.closeAll()
})

async function twoTabs(channel = true) {
  const opened = await openSeededTabs({ channel })
  profile = opened.profile
  return { a: opened.a, b: opened.b }
}

const workspaceOf = (tab: Tab): Workspace => {
  const state = tab.store.getState()
  const found = state.workspaces.find((w) => w.id === state.currentWorkspaceId)
  if (!found) throw new Error('no workspace')
  return found
}

function editWorkspace(tab: Tab, change: (w: Workspace) => Workspace): void {
  const state = tab.store.getState()
  tab.store.setState({ workspaces: state.workspaces.map((w) => (w.id === state.currentWorkspaceId ? change(w) : w)) })
}

const staging = { id: 'e_staging', name: 'Staging', variables: [{ name: 'base', value: 'ws://staging' }] }

describe('variables in two tabs', () => {
  it('shows variables, environments and the active environment set in one tab in the other', async () => {
    const { a, b } = await twoTabs()
    editWorkspace(a, (w) => ({ ...w, variables: [{ name: 'token', value: 'hunter2', secret: true }], environments: [staging], activeEnvironmentId: 'e_staging' }))
    await a.persistence.flush()
    await expect.poll(() => workspaceOf(b).activeEnvironmentId).toBe('e_staging')
    expect(workspaceOf(b).variables).toEqual([{ name: 'token', value: 'hunter2', secret: true }])
    expect(workspaceOf(b).environments).toEqual([staging])
    expect(b.status().hasUnsavedChanges).toBe(false)
  })

  it('keeps a variable edit of one tab and a connection edit of a stale tab that never heard of it', async () => {
    const { a, b } = await twoTabs(false)
    editWorkspace(a, (w) => ({ ...w, variables: [{ name: 'base', value: 'ws://a' }], environments: [staging] }))
    await a.persistence.flush()
    const firstId = workspaceOf(b).connections[0]?.id ?? ''
    editConnection(b, firstId, (c) => ({ ...c, name: 'B edit' }))
    await b.persistence.flush()
    // Both edits are in B's memory and in storage; neither is reported as a conflict.
    expect(workspaceOf(b).variables).toEqual([{ name: 'base', value: 'ws://a' }])
    expect(workspaceOf(b).environments).toEqual([staging])
    expect(connectionById(b, firstId)?.name).toBe('B edit')
    expect(b.status().conflict).toBeNull()
    const stored = JSON.stringify(await profile.readMain())
    expect(stored).toContain('ws://a')
    expect(stored).toContain('B edit')
  })
})
