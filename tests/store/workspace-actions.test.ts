import { describe, expect, it } from 'vitest'
import {
  addConnection,
  deleteConnection,
  duplicateConnection,
  renameConnection,
  restoreConnection,
  setDraft,
} from '../../src/store/workspace-actions.ts'
import { selectConnections } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'

const connections = () => selectConnections(useWorkspaceStore.getState())

describe('workspace actions', () => {
  it('starts with demo connections a newcomer can connect to', () => {
    expect(connections().map((c) => c.name)).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(connections()[0]?.url).toMatch(/^ws:\/\/.+\/demo\/echo$/)
  })

  it('adds, renames and selects a connection', () => {
    const added = addConnection({ name: 'Mine', url: 'ws://127.0.0.1:9/x' })
    renameConnection(added.id, 'Renamed')
    expect(connections().at(-1)?.name).toBe('Renamed')
    expect(useWorkspaceStore.getState().selectedConnectionId).toBe(added.id)
  })

  it('duplicates a connection right after the original with fresh ids', () => {
    const [first] = connections()
    const result = duplicateConnection(first!.id)
    if (!result.ok) throw new Error(result.error)
    const copy = result.connection
    expect(connections()[1]?.id).toBe(copy.id)
    expect(copy.name).toBe('Demo echo (copy)')
    expect(copy.savedMessages.map((m) => m.id)).not.toEqual(first!.savedMessages.map((m) => m.id))
  })

  it('deletes and restores a connection in its old place', () => {
    const before = connections().map((c) => c.id)
    const removed = deleteConnection(before[1]!)!
    expect(connections().map((c) => c.id)).toEqual([before[0], ...before.slice(2)])
    restoreConnection(removed)
    expect(connections().map((c) => c.id)).toEqual(before)
  })

  it('keeps the draft per connection', () => {
    const [a, b] = connections()
    setDraft(a!.id, { text: '{"a":1}', mode: 'json' })
    setDraft(b!.id, { text: 'plain', mode: 'text' })
    expect(connections()[0]?.draft).toEqual({ text: '{"a":1}', mode: 'json' })
    expect(connections()[1]?.draft).toEqual({ text: 'plain', mode: 'text' })
  })
})
