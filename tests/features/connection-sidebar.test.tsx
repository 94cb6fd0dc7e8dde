import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConnectionSidebar } from '../../src/features/connections/connection-sidebar.tsx'
import { UNDO_TIMEOUT_MS } from '../../src/components/undo-bar.tsx'
import { connect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore, type ConnectionRuntime } from '../../src/store/session-store.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { createWorkspace } from '../../src/store/workspace-list-actions.ts'
import { selectConnections } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer } from '../support/ws-server.ts'

const connectionNames = () => selectConnections(useWorkspaceStore.getState()).map((c) => c.name)
const selectedId = () => useWorkspaceStore.getState().selectedConnectionId
const list = () => screen.getByRole('list', { name: 'Connections' })
const rowButtons = () => within(list()).getAllByRole('button')

/** Sets what the runtime last reported about a connection, as if it had (a snapshot, not the runtime itself). */
function patchSnapshot(id: string, patch: Partial<ConnectionRuntime>) {
  useSessionStore.setState((state) => ({
    runtimeById: { ...state.runtimeById, [id]: { ...selectRuntime(state, id), ...patch } },
  }))
}

afterEach(async () => {
  vi.useRealTimers()
  await closeAllServers()
})

describe('connection sidebar', () => {
  it('lists the workspace connections with their host and path and marks the selected one', () => {
    render(<ConnectionSidebar />)
    expect(rowButtons().map((b) => b.textContent)).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    const echo = screen.getByRole('button', { name: 'Demo echo' })
    // The name is what the row visibly says (WCAG 2.5.3); the host and status describe it.
    expect(echo).toHaveAccessibleName(echo.textContent ?? '')
    expect(echo).toHaveAttribute('aria-current', 'true')
    // Host and path tell the three demo connections (one server) apart.
    expect(echo).toHaveAccessibleDescription(/localhost:\d+\/demo\/echo, Not connected$/)
    expect(screen.getByRole('button', { name: 'Demo ticker' })).toHaveAccessibleDescription(/localhost:\d+\/demo\/ticker, /)
    expect(screen.getByRole('button', { name: 'Demo ticker' })).not.toHaveAttribute('aria-current')
  })

  it('selects a connection on click', async () => {
    const user = userEvent.setup()
    render(<ConnectionSidebar />)
    await user.click(screen.getByRole('button', { name: 'Demo chat' }))
    expect(selectedId()).toBe(selectConnections(useWorkspaceStore.getState())[2]!.id)
    expect(screen.getByRole('button', { name: 'Demo chat' })).toHaveAttribute('aria-current', 'true')
  })

  it('adds a connection with a free name and selects it', async () => {
    const user = userEvent.setup()
    render(<ConnectionSidebar />)
    await user.click(screen.getByRole('button', { name: 'Add connection' }))
    await user.click(screen.getByRole('button', { name: 'Add connection' }))
    expect(connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream', 'New connection', 'New connection 2'])
    expect(screen.getByRole('button', { name: 'New connection 2' })).toHaveAttribute('aria-current', 'true')
    expect(screen.getByRole('button', { name: 'New connection 2' })).toHaveAccessibleDescription(/^No URL yet/)
  })

  it('renames with the Rename button; Enter saves and Escape cancels', async () => {
    const user = userEvent.setup()
    render(<ConnectionSidebar />)
    await user.click(screen.getByRole('button', { name: 'Rename connection' }))
    const field = screen.getByRole('textbox', { name: 'Rename connection' })
    expect(field).toHaveFocus()
    await user.clear(field)
    await user.type(field, 'Echo server{Enter}')
    expect(connectionNames()[0]).toBe('Echo server')
    expect(screen.getByRole('button', { name: 'Echo server' })).toHaveFocus()

    await user.keyboard('{F2}')
    await user.type(screen.getByRole('textbox', { name: 'Rename connection' }), ' changed{Escape}')
    expect(connectionNames()[0]).toBe('Echo server')
    expect(screen.queryByRole('textbox', { name: 'Rename connection' })).not.toBeInTheDocument()
  })

  it('renames on double-click and refuses an empty name with a message', async () => {
    const user = userEvent.setup()
    render(<ConnectionSidebar />)
    await user.dblClick(screen.getByRole('button', { name: 'Demo ticker' }))
    const field = screen.getByRole('textbox', { name: 'Rename connection' })
    await user.clear(field)
    await user.keyboard('{Enter}')
    expect(screen.getByRole('alert')).toHaveTextContent('A connection needs a name.')
    expect(connectionNames()[1]).toBe('Demo ticker')
    await user.type(field, '  Prices  {Enter}')
    expect(connectionNames()[1]).toBe('Prices')
  })

  it('duplicates the selected connection right after it', async () => {
    const user = userEvent.setup()
    render(<ConnectionSidebar />)
    await user.click(screen.getByRole('button', { name: 'Demo ticker' }))
    await user.click(screen.getByRole('button', { name: 'Duplicate connection' }))
    expect(connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo ticker (copy)', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(screen.getByRole('button', { name: 'Demo ticker (copy)' })).toHaveAttribute('aria-current', 'true')
    expect(screen.getByRole('button', { name: 'Demo ticker (copy)' })).toHaveFocus()
  })

  it('deletes with an undo bar; Undo puts the connection back in its place', async () => {
    const user = userEvent.setup()
    render(<ConnectionSidebar />)
    const original = selectConnections(useWorkspaceStore.getState())[1]!
    await user.click(screen.getByRole('button', { name: 'Demo ticker' }))
    await user.click(screen.getByRole('button', { name: 'Delete connection' }))
    expect(connectionNames()).toEqual(['Demo echo', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(screen.getByRole('status')).toHaveTextContent('Deleted “Demo ticker”.')
    // The neighbour takes the selection and the focus.
    expect(screen.getByRole('button', { name: 'Demo chat' })).toHaveAttribute('aria-current', 'true')
    expect(screen.getByRole('button', { name: 'Demo chat' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Undo' }))
    expect(connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(selectConnections(useWorkspaceStore.getState())[1]).toEqual(original)
    expect(selectedId()).toBe(original.id)
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument()
  })

  it('deletes with the Delete key and the undo bar goes away after a few seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime })
    render(<ConnectionSidebar />)
    screen.getByRole('button', { name: 'Demo echo' }).focus()
    await user.keyboard('{Delete}')
    expect(connectionNames()).toEqual(['Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument()
    act(() => vi.advanceTimersByTime(UNDO_TIMEOUT_MS - 500))
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument()
    act(() => vi.advanceTimersByTime(1000))
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument()
    expect(connectionNames()).toEqual(['Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
  })

  it('moves the selection with the arrow keys', async () => {
    const user = userEvent.setup()
    render(<ConnectionSidebar />)
    screen.getByRole('button', { name: 'Demo echo' }).focus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('button', { name: 'Demo ticker' })).toHaveFocus()
    expect(screen.getByRole('button', { name: 'Demo ticker' })).toHaveAttribute('aria-current', 'true')
    await user.keyboard('{End}')
    expect(screen.getByRole('button', { name: 'Demo WebSocketStream' })).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('button', { name: 'Demo WebSocketStream' })).toHaveFocus()
    await user.keyboard('{ArrowUp}{Enter}')
    expect(screen.getByRole('button', { name: 'Demo SSE ticker' })).toHaveAttribute('aria-current', 'true')
  })

  it('explains what to do when the workspace has no connections', async () => {
    const user = userEvent.setup()
    createWorkspace('Empty')
    render(<ConnectionSidebar />)
    expect(screen.getByText('No connections in this workspace yet.')).toBeInTheDocument()
    expect(screen.getByText(/Add a connection/)).toBeInTheDocument()
    expect(screen.queryByRole('list', { name: 'Connections' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Add connection' }))
    expect(rowButtons()).toHaveLength(1)
  })

  it('shows each row status, with an error tint after an abnormal close', () => {
    // A socket the browser refuses to construct ends "closed" with an error frame and no close.
    // (Bound before anything is shown: binding a runtime starts the page's snapshots afresh.)
    installTestRuntime({ createSocket: () => { throw new SyntaxError('refused') }, schedule: (run) => run() })
    render(<ConnectionSidebar />)
    const [echo, ticker] = selectConnections(useWorkspaceStore.getState())
    act(() => patchSnapshot(echo!.id, { status: 'open' }))
    expect(screen.getByRole('button', { name: 'Demo echo' })).toHaveAccessibleDescription(/Connected$/)
    act(() => void connect(ticker!.id))
    // It never opened: not "Disconnected".
    expect(screen.getByRole('button', { name: 'Demo ticker' })).toHaveAccessibleDescription(/, Could not connect$/)
  })

  it('closes the socket of a deleted connection, and Undo does not reconnect it', async () => {
    const server = await startWsServer()
    installTestRuntime({ createSocket: createNodeSocket, schedule: (run) => void setTimeout(run, 0) })
    const user = userEvent.setup()
    const added = addConnection({ name: 'Live', url: server.url('/live') })
    render(<ConnectionSidebar />)
    act(() => void connect(added.id))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Live' })).toHaveAccessibleDescription(/Connected$/))
    await user.click(screen.getByRole('button', { name: 'Delete connection' }))
    await waitFor(() => expect(server.closes).toHaveLength(1))
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    expect(connectionNames()).toContain('Live')
    expect(selectRuntime(useSessionStore.getState(), added.id).status).toBe('idle')
    expect(server.clients).toHaveLength(1)
  })

  it('shows which open connections are receiving, and never a URL query (where tokens are)', async () => {
    const { playNow, installTestRuntime } = await import('../support/test-runtime.ts')
    // A fixed clock: the rate is the last completed second's count.
    let clock = 2_000_500
    const client = installTestRuntime({ schedule: () => {}, now: () => clock })
    const { id } = addConnection({ name: 'Busy', url: 'wss://api.example.com/feed?token=secret' })
    render(<ConnectionSidebar />)
    const busy = screen.getByRole('button', { name: 'Busy' })
    expect(busy).toHaveAccessibleDescription(/^api\.example\.com\/feed\?…, /)
    expect(busy.parentElement?.textContent).not.toContain('secret')
    // A second of traffic on an open (played) connection, then the runtime's next tick.
    const frame = (at: number) => ({ at, kind: 'message' as const, direction: 'in' as const, payload: 'x', size: 1 })
    act(() => playNow(client, id, Array.from({ length: 5 }, (_, i) => frame(2_000_600 + i))))
    // The next second begins: the five of the last one are its rate.
    clock = 2_001_200
    act(() => playNow(client, id, [frame(2_001_100)]))
    await waitFor(() => expect(busy.parentElement?.querySelector('.connection-rate')?.textContent).toBe(' · 5 msg/s'))
  })
})
