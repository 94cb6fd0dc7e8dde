import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { createFrameLog } from '../../src/engine/frame-log.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { describe, expect, it , beforeEach} from 'vitest'
import { applyImport, planImport, undoImport } from '../../src/store/import-actions.ts'
import { useSessionStore } from '../../src/store/session-store.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { LIMITS } from '../../src/workspace/limits.ts'
import { parseWorkspaceFile, serializeWorkspaceFile, type ParsedWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { connection, goldenWorkspace } from '../workspace/sample-workspaces.ts'

let client!: InProcessClient
beforeEach(() => {
  client = installTestRuntime()
})
const logOf = (id: string) => client.runtime.log(id) ?? createFrameLog()


function parsedGolden(): ParsedWorkspaceFile {
  const result = parseWorkspaceFile(serializeWorkspaceFile(goldenWorkspace(), { redact: false }))
  if (!result.ok) throw new Error(result.message)
  return result.value
}

const current = () => {
  const workspace = selectCurrentWorkspace(useWorkspaceStore.getState())
  if (!workspace) throw new Error('no workspace')
  return workspace
}

describe('applyImport', () => {
  it('merges: appends the imported connections and overwrites nothing', () => {
    const before = current()
    const outcome = applyImport(parsedGolden(), 'merge')
    expect(outcome.ok).toBe(true)
    const after = current()
    expect(after.id).toBe(before.id)
    expect(after.name).toBe(before.name)
    expect(after.connections.slice(0, before.connections.length)).toEqual(before.connections)
    expect(after.connections.slice(before.connections.length).map((c) => c.name)).toEqual(['Local echo', 'Prices — ünïcødé 价格 🚀'])
    expect(useWorkspaceStore.getState().selectedConnectionId).toBe(after.connections[before.connections.length]?.id)
  })

  it('gives conflicting connection and message ids new ids on merge, keeping the content', () => {
    applyImport(parsedGolden(), 'merge')
    const firstImport = current().connections.slice(-2)
    const outcome = applyImport(parsedGolden(), 'merge')
    expect(outcome.ok && outcome.plan.renamedIds).toBe(5) // 2 connections + 3 saved messages
    const all = current().connections
    const ids = all.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    const messageIds = all.flatMap((c) => c.savedMessages.map((m) => m.id))
    expect(new Set(messageIds).size).toBe(messageIds.length)
    // The first import is untouched; the second is the same content under new ids (and, its names
    // being taken, numbered names: see below).
    expect(all.slice(-4, -2)).toEqual(firstImport)
    const second = all.slice(-2)
    const content = (c: (typeof all)[number]) => ({ ...c, id: '', name: '', savedMessages: c.savedMessages.map((m) => ({ ...m, id: '' })) })
    expect(second.map(content)).toEqual(firstImport.map(content))
  })

  it('replaces the current workspace’s connections, and Undo brings them back exactly', () => {
    const before = structuredClone(useWorkspaceStore.getState())
    const outcome = applyImport(parsedGolden(), 'replace')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(current().connections.map((c) => c.name)).toEqual(['Local echo', 'Prices — ünïcødé 价格 🚀'])
    expect(outcome.plan.removed.map((c) => c.name)).toEqual(before.workspaces[0]?.connections.map((c) => c.name))
    expect(undoImport(outcome.undo)).toBe(true)
    expect(useWorkspaceStore.getState().workspaces).toEqual(before.workspaces)
    expect(useWorkspaceStore.getState().selectedConnectionId).toBe(before.selectedConnectionId)
  })

  it('undoes a merge too', () => {
    const before = structuredClone(useWorkspaceStore.getState().workspaces)
    const outcome = applyImport(parsedGolden(), 'merge')
    if (!outcome.ok) throw new Error(outcome.error)
    undoImport(outcome.undo)
    expect(useWorkspaceStore.getState().workspaces).toEqual(before)
  })

  it('forgets the runtime of connections an undo removes: no timeline kept for a connection that is gone', () => {
    const outcome = applyImport(parsedGolden(), 'merge')
    if (!outcome.ok) throw new Error(outcome.error)
    const importedId = outcome.undo.importedIds[0]
    if (!importedId) throw new Error('nothing imported')
    playNow(client, importedId, [{ id: -9001, at: 1, kind: 'message', direction: 'in', payload: 'hello', size: 5 }])
    client.runtime.flush()
    expect(useSessionStore.getState().runtimeById[importedId]?.retained).toBe(1)
    undoImport(outcome.undo)
    expect(useSessionStore.getState().runtimeById[importedId]).toBeUndefined()
    expect(logOf(importedId).length()).toBe(0)
  })

  it('gives new ids to ids named like Object.prototype members, which keyed lookups would misread', () => {
    const workspace = goldenWorkspace()
    workspace.connections = workspace.connections.map((c, i) => ({
      ...c,
      id: i === 0 ? 'constructor' : '__proto__',
      savedMessages: c.savedMessages.map((m, j) => ({ ...m, id: j === 0 ? 'toString' : m.id })),
    }))
    const parsed = parseWorkspaceFile(serializeWorkspaceFile(workspace, { redact: false }))
    if (!parsed.ok) throw new Error(parsed.message)
    const outcome = applyImport(parsed.value, 'merge')
    if (!outcome.ok) throw new Error(outcome.error)
    const imported = current().connections.slice(-2)
    expect(imported.map((c) => c.name)).toEqual(workspace.connections.map((c) => c.name))
    for (const c of imported) {
      expect(c.id in Object.prototype).toBe(false)
      for (const m of c.savedMessages) expect(m.id in Object.prototype).toBe(false)
    }
    expect(outcome.plan.renamedIds).toBe(3) // 2 connections + the saved message "toString"
  })

  it('leaves other workspaces alone', () => {
    const other = { id: 'w_other', name: 'Other', connections: [connection({ id: 'c_echo', name: 'Taken', url: '', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [] })] }
    useWorkspaceStore.setState((s) => ({ workspaces: [...s.workspaces, other] }))
    const outcome = applyImport(parsedGolden(), 'replace')
    expect(outcome.ok).toBe(true)
    expect(useWorkspaceStore.getState().workspaces.find((w) => w.id === 'w_other')).toEqual(other)
    // c_echo is taken by the other workspace, so the imported one got a new id.
    expect(current().connections[0]?.id).not.toBe('c_echo')
  })

  it('refuses a merge past the connection cap and changes nothing', () => {
    const many = Array.from({ length: LIMITS.connections }, (_, i) =>
      connection({ id: `c${i}`, name: '', url: '', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [] }),
    )
    useWorkspaceStore.setState((s) => ({ workspaces: s.workspaces.map((w, i) => (i === 0 ? { ...w, connections: many } : w)) }))
    const before = useWorkspaceStore.getState()
    const outcome = applyImport(parsedGolden(), 'merge')
    expect(outcome.ok).toBe(false)
    expect(!outcome.ok && outcome.error).toContain(`would hold ${LIMITS.connections + 2} connections`)
    expect(useWorkspaceStore.getState()).toBe(before)
  })

  it('plans without touching the store', () => {
    const before = useWorkspaceStore.getState()
    const plan = planImport(before, parsedGolden(), 'merge')
    expect(plan?.connections).toHaveLength(2)
    expect(plan?.savedMessages).toBe(3)
    expect(useWorkspaceStore.getState()).toBe(before)
  })
})

describe('importing as a new workspace', () => {
  it('creates a workspace named after the file, switches to it, leaves the current one alone, and Undo removes it', () => {
    const before = structuredClone(useWorkspaceStore.getState())
    const outcome = applyImport(parsedGolden(), 'new')
    if (!outcome.ok) throw new Error(outcome.error)
    const state = useWorkspaceStore.getState()
    expect(state.workspaces).toHaveLength(before.workspaces.length + 1)
    expect(state.workspaces.slice(0, -1)).toEqual(before.workspaces)
    expect(current().name).toBe('Team sockets')
    expect(current().connections.map((c) => c.name)).toEqual(['Local echo', 'Prices — ünïcødé 价格 🚀'])
    expect(state.selectedConnectionId).toBe(current().connections[0]?.id)
    expect(outcome.plan.workspaceName).toBe('Team sockets')

    expect(undoImport(outcome.undo)).toBe(true)
    const undone = useWorkspaceStore.getState()
    expect(undone.workspaces).toEqual(before.workspaces)
    expect(undone.currentWorkspaceId).toBe(before.currentWorkspaceId)
    expect(undone.selectedConnectionId).toBe(before.selectedConnectionId)
  })

  it('gives the new workspace a numbered name when one with that name exists', () => {
    applyImport(parsedGolden(), 'new')
    const outcome = applyImport(parsedGolden(), 'new')
    expect(outcome.ok && outcome.plan.workspaceName).toBe('Team sockets 2')
    expect(current().name).toBe('Team sockets 2')
  })
})

describe('merging connections whose names are taken', () => {
  it('gives an imported connection a visible numbered suffix, and says which were renamed', () => {
    applyImport(parsedGolden(), 'merge')
    const outcome = applyImport(parsedGolden(), 'merge')
    if (!outcome.ok) throw new Error(outcome.error)
    expect(outcome.plan.renamedConnections).toEqual([
      { from: 'Local echo', to: 'Local echo 2' },
      { from: 'Prices — ünïcødé 价格 🚀', to: 'Prices — ünïcødé 价格 🚀 2' },
    ])
    expect(current().connections.slice(-2).map((c) => c.name)).toEqual(['Local echo 2', 'Prices — ünïcødé 价格 🚀 2'])
    // A third time: the next free number, not a second "2".
    const third = applyImport(parsedGolden(), 'merge')
    expect(third.ok && third.plan.renamedConnections.map((r) => r.to)).toEqual(['Local echo 3', 'Prices — ünïcødé 价格 🚀 3'])
  })

  it('keeps the file’s names on replace and into a new workspace, where nothing collides', () => {
    applyImport(parsedGolden(), 'merge')
    for (const mode of ['replace', 'new'] as const) {
      const outcome = applyImport(parsedGolden(), mode)
      expect(outcome.ok && outcome.plan.renamedConnections).toEqual([])
      expect(current().connections.map((c) => c.name)).toEqual(['Local echo', 'Prices — ünïcødé 价格 🚀'])
    }
  })
})
