import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { AutomationPanel } from '../../src/features/automation/automation-panel.tsx'
import { ScheduleControl } from '../../src/features/composer/schedule-control.tsx'
import { connect, disconnect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { deleteSavedMessage, restoreSavedMessage } from '../../src/store/saved-message-actions.ts'
import { addConnection, getConnection, updateConnection } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer } from '../support/ws-server.ts'

afterEach(async () => {
  await closeAllServers()
})

async function openPanel(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: /^Automation/ }))
  // The editors are a chunk of their own, loaded on first open.
  await screen.findByRole('button', { name: 'Add rule' })
  return screen.getByRole('region', { name: 'Automation' })
}

describe('automation panel', () => {
  it('adds a rule, edits its matcher and reply, and shows its live hit count as it answers a real server', async () => {
    const user = userEvent.setup()
    const server = await startWsServer({ echo: false, onConnection: (socket) => socket.send('{"type":"tick","seq":3}') })
    installTestRuntime({ createSocket: createNodeSocket })
    const connection = addConnection({ name: 'Ticker', url: server.url() })
    render(<AutomationPanel connectionId={connection.id} />)
    expect(screen.getByRole('button', { name: /^Automation/ })).toHaveTextContent('none')
    const panel = await openPanel(user)
    await user.click(within(panel).getByRole('button', { name: 'Add rule' }))
    const rule = within(panel).getByRole('article', { name: 'Rule Rule 1' })
    await user.selectOptions(within(rule).getByLabelText('Match by'), 'json')
    const path = within(rule).getByLabelText('JSON path')
    await user.clear(path)
    await user.type(path, '$.type')
    await user.type(within(rule).getByLabelText('Value'), '"tick"')
    await user.type(within(rule).getByLabelText('Reply'), 'ack {{{{seq}}')
    await user.click(within(rule).getByRole('button', { name: 'Add capture' }))
    const variable = within(rule).getByPlaceholderText('variable')
    await user.clear(variable)
    await user.type(variable, 'seq')
    const capturePath = within(rule).getByPlaceholderText('$.id')
    await user.clear(capturePath)
    await user.type(capturePath, '$.seq')
    expect(getConnection(connection.id)?.autoResponders).toEqual([
      expect.objectContaining({ name: 'Rule 1', enabled: true, match: { json: [{ path: '$.type', op: 'equals', value: 'tick' }] }, reply: { text: 'ack {{seq}}', mode: 'text' }, captures: [{ variable: 'seq', path: '$.seq' }] }),
    ])
    expect(screen.getByRole('button', { name: /^Automation/ })).toHaveTextContent('1 of 1 rule on')

    // An invalid edit stays in the editor with the reason; the saved rule keeps its matcher.
    await user.selectOptions(within(rule).getByLabelText('Match by'), 'regex')
    await user.type(within(rule).getByLabelText('Pattern'), '(')
    expect(within(rule).getByRole('alert')).toHaveTextContent(/Not saved: rule "Rule 1": Not a regular expression/)
    expect(getConnection(connection.id)?.autoResponders?.[0]?.match).toEqual({ regex: '' })
    await user.clear(within(rule).getByLabelText('Pattern'))
    await user.type(within(rule).getByLabelText('Pattern'), '"tick"')
    expect(within(rule).queryByRole('alert')).toBeNull()

    await act(async () => {
      await connect(connection.id)
    })
    await waitFor(() => expect(server.received.map((m) => m.text)).toEqual(['ack 3']), { timeout: 3000 })
    await waitFor(() => expect(within(rule).getByRole('status', { name: 'Hits of rule Rule 1' })).toHaveTextContent('1 hit · 1 reply'))
    await act(async () => {
      await disconnect(connection.id)
    })
  })

  it('turns the heartbeat on and off and shows when it beats', async () => {
    const user = userEvent.setup()
    const server = await startWsServer({ echo: false })
    installTestRuntime({ createSocket: createNodeSocket })
    const connection = addConnection({ name: 'Beat', url: server.url() })
    render(<AutomationPanel connectionId={connection.id} />)
    const panel = await openPanel(user)
    const interval = within(panel).getByLabelText('every (ms)')
    await user.clear(interval)
    await user.type(interval, '5')
    await user.click(within(panel).getByRole('checkbox', { name: 'Send a heartbeat while connected' }))
    expect(within(panel).getByRole('alert')).toHaveTextContent(/Not saved: heartbeat\.intervalMs/)
    await user.type(interval, '0')
    expect(getConnection(connection.id)?.heartbeat).toEqual({ enabled: true, intervalMs: 50, text: '{"type":"ping"}', mode: 'json' })
    expect(within(panel).getByRole('status', { name: 'Heartbeat status' })).toHaveTextContent('Starts when connected')
    await act(async () => {
      await connect(connection.id)
    })
    await waitFor(() => expect(server.received.length).toBeGreaterThanOrEqual(2), { timeout: 3000 })
    await waitFor(() => expect(within(panel).getByRole('status', { name: 'Heartbeat status' })).toHaveTextContent(/^Beating · \d+ sent$/))
    await user.click(within(panel).getByRole('checkbox', { name: 'Send a heartbeat while connected' }))
    const stoppedAt = server.received.length
    await new Promise((done) => setTimeout(done, 150))
    expect(server.received.length).toBeLessThanOrEqual(stoppedAt + 1)
    expect(within(panel).getByRole('status', { name: 'Heartbeat status' })).toHaveTextContent('Off')
    await act(async () => {
      await disconnect(connection.id)
    })
  })

  it('builds an on-open sequence from saved messages and inline text, reorders it, and loses a step whose saved message is deleted (undo brings it back)', async () => {
    const user = userEvent.setup()
    installTestRuntime({ createSocket: createNodeSocket })
    const connection = addConnection({ name: 'Seq', url: 'ws://127.0.0.1:9/', savedMessages: [{ id: 'm1', name: 'Login', text: '{"login":1}', mode: 'json' }] })
    render(<AutomationPanel connectionId={connection.id} />)
    const panel = await openPanel(user)
    await user.click(within(panel).getByRole('button', { name: 'Add step' }))
    await user.click(within(panel).getByRole('button', { name: 'Add step' }))
    await user.selectOptions(within(panel).getByLabelText('Step 2'), 'm1')
    await user.type(within(panel).getByLabelText('Step 1 message'), 'subscribe')
    const delay = within(within(panel).getByRole('listitem', { name: 'On-open step 1' })).getByLabelText('after (ms)')
    await user.clear(delay)
    await user.type(delay, '250')
    expect(getConnection(connection.id)?.onOpen).toEqual([
      { delayMs: 250, text: 'subscribe', mode: 'text' },
      { delayMs: 0, savedMessageId: 'm1' },
    ])
    await user.click(within(panel).getByRole('button', { name: 'Move step 2 up' }))
    expect(getConnection(connection.id)?.onOpen).toEqual([
      { delayMs: 0, savedMessageId: 'm1' },
      { delayMs: 250, text: 'subscribe', mode: 'text' },
    ])
    // The delay fields follow their steps after the move.
    expect(within(within(panel).getByRole('listitem', { name: 'On-open step 2' })).getByLabelText('after (ms)')).toHaveValue('250')

    let removed: ReturnType<typeof deleteSavedMessage>
    act(() => {
      removed = deleteSavedMessage(connection.id, 'm1')
    })
    expect(getConnection(connection.id)?.onOpen).toEqual([{ delayMs: 250, text: 'subscribe', mode: 'text' }])
    act(() => {
      if (!removed) throw new Error('not deleted')
      expect(restoreSavedMessage(removed)).toEqual({ ok: true })
    })
    expect(getConnection(connection.id)?.onOpen).toHaveLength(2)
  })
})

describe('send every N ms', () => {
  it('starts a periodic send of the composer text, lists it with its count, and stops it', async () => {
    const user = userEvent.setup()
    const server = await startWsServer({ echo: false })
    installTestRuntime({ createSocket: createNodeSocket })
    const connection = addConnection({ name: 'Periodic', url: server.url() })
    updateConnection(connection.id, (c) => ({ ...c, draft: { text: 'tick {{$counter}}', mode: 'text' } }))
    render(<ScheduleControl connectionId={connection.id} canSend />)
    await user.click(screen.getByRole('button', { name: 'Send every' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Not started: connect first.')
    await act(async () => {
      await connect(connection.id)
    })
    await waitFor(() => expect(selectRuntime(useSessionStore.getState(), connection.id).status).toBe('open'))
    const every = screen.getByLabelText('Interval in milliseconds')
    await user.clear(every)
    await user.type(every, '40')
    await user.type(screen.getByLabelText('Number of sends (empty: until stopped)'), '100')
    await user.click(screen.getByRole('button', { name: 'Send every' }))
    const list = await screen.findByRole('list', { name: 'Running periodic sends' })
    await waitFor(() => expect(server.received.length).toBeGreaterThanOrEqual(3), { timeout: 3000 })
    expect(server.received.slice(0, 3).map((m) => m.text)).toEqual(['tick 1', 'tick 2', 'tick 3'])
    await waitFor(() => expect(within(list).getByRole('status')).toHaveTextContent(/every 40 ms · \d+ sent · \d+ left/))
    await user.click(within(list).getByRole('button', { name: /^Stop periodic send/ }))
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Running periodic sends' })).toBeNull())
    const stopped = server.received.length
    await new Promise((done) => setTimeout(done, 120))
    expect(server.received.length).toBe(stopped)
    expect(useWorkspaceStore.getState().workspaces.length).toBeGreaterThan(0)
    await act(async () => {
      await disconnect(connection.id)
    })
  })
})
