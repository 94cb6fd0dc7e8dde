import { act } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setHeartbeat } from '../../src/store/automation-actions.ts'
import { automationConfigOf } from '../../src/store/automation-sync.ts'
import { connect, disconnect } from '../../src/store/session-actions.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

afterEach(async () => {
  await closeAllServers()
})

function setWorkspaceVariables(fields: { variables?: { name: string; value: string }[]; environments?: { id: string; name: string; variables: { name: string; value: string }[] }[]; activeEnvironmentId?: string }) {
  useWorkspaceStore.setState((state) => ({ workspaces: state.workspaces.map((w, i) => (i === 0 ? { ...w, ...fields } : w)) }))
}

describe('automation sync (store → runtime)', () => {
  it("pushes a connection's automation and its workspace's resolved variables, and follows the active environment", async () => {
    const server = await startWsServer({ echo: false })
    const client = installTestRuntime({ createSocket: createNodeSocket })
    setWorkspaceVariables({ variables: [{ name: 'who', value: 'workspace' }], environments: [{ id: 'e1', name: 'Staging', variables: [{ name: 'who', value: 'staging' }] }] })
    const connection = addConnection({ name: 'Vars', url: server.url() })
    expect(setHeartbeat(connection.id, { enabled: true, intervalMs: 30, text: 'hi {{who}}', mode: 'text' })).toEqual({ ok: true })
    await act(async () => {
      await connect(connection.id)
    })
    await waitFor(() => server.received.length >= 1, 'a heartbeat')
    expect(server.received[0]?.text).toBe('hi workspace')

    act(() => setWorkspaceVariables({ activeEnvironmentId: 'e1' }))
    const before = server.received.length
    await waitFor(() => server.received.length > before + 1, 'more heartbeats')
    expect(server.received.at(-1)?.text).toBe('hi staging')

    // Deleting the connection's heartbeat stops it in the runtime.
    act(() => void setHeartbeat(connection.id, null))
    expect(getConnection(connection.id)).not.toHaveProperty('heartbeat')
    await waitFor(() => !('automation' in client.runtime.snapshot(connection.id)), 'no automation left')
    await act(async () => {
      await disconnect(connection.id)
    })
  })

  it('gives the runtime only the saved messages the on-open steps name, a Socket.IO emit already encoded', () => {
    const connection = {
      ...addConnection({ name: 'Seq', url: 'ws://127.0.0.1:9/' }),
      savedMessages: [
        { id: 'a', name: 'A', text: 'a', mode: 'text' as const },
        { id: 'b', name: 'B', text: '', mode: 'json' as const, emit: { event: 'join', args: [{ type: 'json' as const, text: '{"room":1}' }], ack: false } },
      ],
      onOpen: [{ delayMs: 0, savedMessageId: 'b' }],
    }
    const config = automationConfigOf(connection)
    expect(config?.savedMessages).toHaveLength(1)
    expect(JSON.parse(config?.savedMessages?.[0]?.text ?? '')).toMatchObject({ event: 'join', args: [{ type: 'json', text: '{"room":1}' }] })
    expect(automationConfigOf({ ...connection, onOpen: [] })).toBeNull()
  })
})
