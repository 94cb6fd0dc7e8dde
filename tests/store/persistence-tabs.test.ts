import { afterEach, describe, expect, it } from 'vitest'
import { parseBackupKey } from '../../src/store/persistence/stored-record.ts'
import { connectionById, createProfile, editConnection, openSeededTabs, renameFirstConnection } from './persistence-harness.ts'

let profile: ReturnType<typeof createProfile>

afterEach(() => {
  profile?.closeAll()
})

function storedText(raw: unknown): string {
  return typeof raw === 'string' ? raw : ''
}

async function twoTabs(options: { channel?: boolean; writeDelayMs?: number } = {}) {
  const opened = await openSeededTabs(options)
  profile = opened.profile
  const { a, b } = opened
  const [first, second] = a.store.getState().workspaces[0]?.connections ?? []
  if (!first || !second) throw new Error('first-run workspace has fewer than two connections')
  return { a, b, firstId: first.id, secondId: second.id }
}

describe('two tabs on the same workspaces', () => {
  it('shows an edit made in one tab in the other', async () => {
    const { a, b, firstId } = await twoTabs()
    editConnection(a, firstId, (c) => ({ ...c, name: 'Renamed in A' }))
    await a.persistence.flush()
    await expect.poll(() => connectionById(b, firstId)?.name).toBe('Renamed in A')
    // B adopted it without writing anything back.
    expect(b.status().hasUnsavedChanges).toBe(false)
  })

  it('keeps each tab’s own selection when adopting the other tab’s changes', async () => {
    const { a, b, firstId, secondId } = await twoTabs()
    b.store.setState({ selectedConnectionId: secondId })
    await b.persistence.flush()
    a.store.setState({ selectedConnectionId: firstId })
    editConnection(a, firstId, (c) => ({ ...c, url: 'ws://127.0.0.1:1/a' }))
    await a.persistence.flush()
    await expect.poll(() => connectionById(b, firstId)?.url).toBe('ws://127.0.0.1:1/a')
    expect(b.store.getState().selectedConnectionId).toBe(secondId)
  })

  it('merges by connection when a stale tab writes after another tab’s newer edit', async () => {
    // No channel: B never hears about A's write, the worst case for last-writer-wins.
    const { a, b, firstId, secondId } = await twoTabs({ channel: false })
    editConnection(a, firstId, (c) => ({ ...c, name: 'A renamed first' }))
    await a.persistence.flush()
    editConnection(b, secondId, (c) => ({ ...c, draft: { text: '{"from":"B"}', mode: 'json' } }))
    await b.persistence.flush()

    const stored = storedText(await profile.readMain())
    expect(stored).toContain('A renamed first')
    expect(stored).toContain('{\\"from\\":\\"B\\"}')
    // B's memory now has A's edit too, and nothing was reported as a conflict.
    expect(connectionById(b, firstId)?.name).toBe('A renamed first')
    expect(b.status().conflict).toBeNull()
  })

  it('keeps a connection another tab added while this tab edited a different one', async () => {
    const { a, b, secondId } = await twoTabs({ channel: false })
    const state = a.store.getState()
    const workspace = state.workspaces[0]
    if (!workspace) throw new Error('no workspace')
    const added = { ...workspace.connections[0]!, id: 'c_added_in_a', name: 'Added in A', savedMessages: [] }
    a.store.setState({ workspaces: [{ ...workspace, connections: [...workspace.connections, added] }] })
    await a.persistence.flush()
    editConnection(b, secondId, (c) => ({ ...c, name: 'B edit' }))
    await b.persistence.flush()
    const stored = storedText(await profile.readMain())
    expect(stored).toContain('Added in A')
    expect(stored).toContain('B edit')
  })

  it('on the same field changed in both, writes this tab’s value and keeps the other as a backup', async () => {
    const { a, b, firstId } = await twoTabs({ channel: false })
    editConnection(a, firstId, (c) => ({ ...c, name: 'A wins?' }))
    await a.persistence.flush()
    editConnection(b, firstId, (c) => ({ ...c, name: 'B wins?' }))
    await b.persistence.flush()

    expect(storedText(await profile.readMain())).toContain('B wins?')
    const conflict = b.status().conflict
    expect(conflict?.paths.join(' ')).toContain('name')
    const backupKey = conflict?.backupKey ?? ''
    expect(parseBackupKey(backupKey)?.kind).toBe('conflict')
    expect(await b.persistence.readBackup(backupKey)).toContain('A wins?')
  })

  it('merges another tab’s saved edit into unsaved local edits, then saves both', async () => {
    const { a, b, firstId, secondId } = await twoTabs({ writeDelayMs: 60_000 })
    editConnection(b, secondId, (c) => ({ ...c, name: 'B unsaved' }))
    editConnection(a, firstId, (c) => ({ ...c, name: 'A saved' }))
    await a.persistence.flush()
    await expect.poll(() => connectionById(b, firstId)?.name).toBe('A saved')
    expect(connectionById(b, secondId)?.name).toBe('B unsaved')
    expect(b.status().hasUnsavedChanges).toBe(true)

    await b.persistence.flush()
    const stored = storedText(await profile.readMain())
    expect(stored).toContain('A saved')
    expect(stored).toContain('B unsaved')
    await expect.poll(() => connectionById(a, secondId)?.name).toBe('B unsaved')
  })

  it('does not bring back a connection the other tab deleted', async () => {
    const { a, b, secondId } = await twoTabs()
    const workspace = a.store.getState().workspaces[0]!
    a.store.setState({
      workspaces: [{ ...workspace, connections: workspace.connections.filter((c) => c.id !== secondId) }],
    })
    await a.persistence.flush()
    await expect.poll(() => connectionById(b, secondId)).toBeUndefined()
    renameFirstConnection(b, 'B after delete')
    await b.persistence.flush()
    expect(storedText(await profile.readMain())).not.toContain(secondId)
  })

  it('goes read-only when another tab of a newer build writes', async () => {
    const { a, b } = await twoTabs()
    await profile.writeMain(JSON.stringify({ format: 'frameline.store', version: 99, rev: 50, writerId: 'new', savedAt: 1, state: {} }))
    const channel = new BroadcastChannel(profile.channelName)
    channel.postMessage({ type: 'saved', rev: 50, writerId: 'new' })
    channel.close()
    await expect.poll(() => b.status().problem?.kind).toBe('newer-version')
    renameFirstConnection(a, 'A after upgrade elsewhere')
    await a.persistence.flush()
    expect(a.status().problem?.kind).toBe('newer-version')
    expect(storedText(await profile.readMain())).toContain('"version":99')
  })
})

describe('two brand-new tabs (nothing stored yet)', () => {
  type StoredWorkspaces = { workspaces: { name: string; connections: { name: string }[] }[] }
  const storedWorkspaces = async () => (JSON.parse(storedText(await profile.readMain())) as { state: StoredWorkspaces }).state.workspaces
  const connectionNames = (tab: ReturnType<typeof profile.openTab>) =>
    tab.store.getState().workspaces.map((w) => w.connections.map((c) => c.name))

  async function twoNewTabs() {
    profile = createProfile()
    const a = profile.openTab()
    const b = profile.openTab()
    await a.persistence.start()
    await b.persistence.start()
    return { a, b }
  }

  /** Renames connection `index` of the tab's current workspace, whatever its id. */
  function renameConnectionAt(tab: ReturnType<typeof profile.openTab>, index: number, name: string) {
    const workspace = tab.store.getState().workspaces[0]!
    editConnection(tab, workspace.connections[index]!.id, (c) => ({ ...c, name }))
  }

  it('converge on one first-run workspace that holds both tabs’ edits', async () => {
    const { a, b } = await twoNewTabs()
    // Both edit within the write delay, before either has stored anything.
    renameConnectionAt(a, 0, 'Edited in A')
    renameConnectionAt(b, 2, 'Edited in B')
    await a.persistence.flush()
    await b.persistence.flush()

    const stored = await storedWorkspaces()
    expect(stored.map((w) => w.name)).toEqual(['My workspace'])
    expect(stored[0]?.connections.map((c) => c.name)).toEqual(['Edited in A', 'Demo ticker', 'Edited in B', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    const converged = [['Edited in A', 'Demo ticker', 'Edited in B', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream']]
    await expect.poll(() => connectionNames(a)).toEqual(converged)
    expect(connectionNames(b)).toEqual(converged)
    expect(a.status().conflict).toBeNull()
    expect(b.status().conflict).toBeNull()

    const reloaded = profile.openTab()
    await reloaded.persistence.start()
    expect(connectionNames(reloaded)).toEqual(converged)
  })

  it('converge when neither hears the other, the later writer merging in the transaction', async () => {
    profile = createProfile()
    const a = profile.openTab({ channelName: null })
    const b = profile.openTab({ channelName: null })
    await a.persistence.start()
    await b.persistence.start()
    renameConnectionAt(a, 0, 'Edited in A')
    renameConnectionAt(b, 1, 'Edited in B')
    await Promise.all([a.persistence.flush(), b.persistence.flush()])

    const stored = await storedWorkspaces()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.connections.map((c) => c.name)).toEqual(['Edited in A', 'Edited in B', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
  })

  it('on the same field edited in both, keeps one workspace and the other tab’s value as a backup', async () => {
    const { a, b } = await twoNewTabs()
    renameConnectionAt(a, 0, 'A named it')
    renameConnectionAt(b, 0, 'B named it')
    await a.persistence.flush()
    await b.persistence.flush()

    const stored = await storedWorkspaces()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.connections[0]?.name).toBe('B named it')
    const conflict = b.status().conflict
    expect(conflict?.paths.join(' ')).toContain('name')
    expect(await b.persistence.readBackup(conflict?.backupKey ?? '')).toContain('A named it')
  })
})
