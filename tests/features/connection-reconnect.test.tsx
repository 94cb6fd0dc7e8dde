import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_RECONNECT_TIMING } from '../../src/engine/reconnect-policy.ts'
import { ConnectionHeader } from '../../src/features/connections/connection-header.tsx'
import { selectRuntime, useSessionStore, type ConnectionRuntime } from '../../src/store/session-store.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import type { Connection } from '../../src/workspace/model.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startRefusingServer } from '../support/ws-server.ts'

afterEach(async () => {
  vi.useRealTimers()
  await closeAllServers()
})

/** Sets what the runtime last reported about a connection, as if it had (a snapshot, not the runtime itself). */
function patchSnapshot(id: string, patch: Partial<ConnectionRuntime>) {
  useSessionStore.setState((state) => ({
    runtimeById: { ...state.runtimeById, [id]: { ...selectRuntime(state, id), ...patch } },
  }))
}

function renderHeader(fields: Partial<Connection> = {}) {
  const connection = addConnection({ name: 'Under test', url: 'ws://127.0.0.1:9/', ...fields })
  render(<ConnectionHeader connectionId={connection.id} />)
  return connection.id
}

const notice = () => screen.queryByText(/^Reconnecting in /)

describe('connection header: automatic reconnect', () => {
  it('has an off-by-default "Reconnect automatically" checkbox in Options, saved with the connection', async () => {
    const user = userEvent.setup()
    const id = renderHeader()
    await user.click(screen.getByRole('button', { name: 'Options' }))
    const options = await screen.findByRole('group', { name: 'Connection options' })
    const checkbox = within(options).getByRole('checkbox', { name: 'Reconnect automatically' })
    expect(checkbox).not.toBeChecked()
    expect(checkbox).toHaveAccessibleDescription(
      'After a drop you did not ask for, waits 1 s, then 2 s, 4 s … up to 30 s (±30 %), at most 10 attempts in a row. Saved with this connection.',
    )

    await user.click(checkbox)
    expect(checkbox).toBeChecked()
    expect(getConnection(id)?.autoReconnect).toBe(true)

    await user.click(checkbox)
    expect(checkbox).not.toBeChecked()
    // Off is stored as no key at all, so the workspace looks as it did before the option existed.
    expect(getConnection(id)).not.toHaveProperty('autoReconnect')
  })

  it('shows nothing while no retry is waiting', () => {
    const id = renderHeader({ autoReconnect: true })
    act(() => patchSnapshot(id, { status: 'closed', reconnect: null }))
    expect(notice()).toBeNull()
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull()
  })

  it('counts down to the pending retry with its attempt number', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2026-11-22T10:00:00.000Z'))
    const id = renderHeader({ autoReconnect: true })
    act(() => patchSnapshot(id, { status: 'closed', reconnect: { attempt: 3, maxAttempts: 10, at: Date.now() + 4_000 } }))
    expect(notice()).toHaveTextContent('Reconnecting in 4 s… (attempt 3/10)')
    expect(notice()).toHaveAttribute('role', 'status')

    act(() => vi.advanceTimersByTime(1_000))
    expect(notice()).toHaveTextContent('Reconnecting in 3 s… (attempt 3/10)')
    act(() => vi.advanceTimersByTime(2_600))
    expect(notice()).toHaveTextContent('Reconnecting in 1 s… (attempt 3/10)')
    act(() => vi.advanceTimersByTime(2_000))
    expect(notice()).toHaveTextContent('Reconnecting in 0 s… (attempt 3/10)')

    // The next wait replaces it; the retry running clears it.
    act(() => patchSnapshot(id, { reconnect: { attempt: 4, maxAttempts: 10, at: Date.now() + 8_000 } }))
    expect(notice()).toHaveTextContent('Reconnecting in 8 s… (attempt 4/10)')
    act(() => patchSnapshot(id, { status: 'connecting', reconnect: null }))
    expect(notice()).toBeNull()
  })

  it('Cancel stops a real pending retry: the notice goes, the timeline says so, Connect is offered', async () => {
    const client = installTestRuntime({
      createSocket: createNodeSocket,
      reconnectTiming: { ...DEFAULT_RECONNECT_TIMING, baseDelayMs: 5_000 },
      random: () => 0.5,
    })
    const refusing = await startRefusingServer(403)
    const id = renderHeader({ url: refusing.url, autoReconnect: true })

    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    await waitFor(() => expect(notice()).toHaveTextContent('Reconnecting in 5 s… (attempt 1/10)'), { timeout: 3000 })
    expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled()

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(notice()).toBeNull())
    expect(selectRuntime(useSessionStore.getState(), id).reconnect).toBeNull()
    const last = client.runtime.log(id)?.toArray().at(-1)
    expect(last).toMatchObject({ kind: 'notice', message: 'Automatic reconnect cancelled.' })
    expect(refusing.upgrades()).toBe(1)
    expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled()
  })
})
