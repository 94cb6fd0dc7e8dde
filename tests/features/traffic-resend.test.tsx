import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it } from 'vitest'
import { App } from '../../src/app.tsx'
import { connect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { useRecordingsStore } from '../../src/store/recordings-store.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer } from '../support/ws-server.ts'

afterEach(async () => {
  await closeAllServers()
})

it('re-sends a recording to a live echo server and compares the runs, ignoring the fields the user names', async () => {
  const server = await startWsServer()
  installTestRuntime({ createSocket: createNodeSocket })
  const live = addConnection({ name: 'Live echo', url: server.url() }).id
  const ndjson = [
    { format: 'frameline.timeline', version: 1, connection: { name: 'Captured', url: 'wss://prod.example/', transport: 'websocket' }, firstFrameAt: null },
    { time: 1_000, direction: 'out', kind: 'message', text: '{"op":"ping","id":1}' },
    { time: 1_002, direction: 'in', kind: 'message', text: '{"op":"ping","id":1}' },
    { time: 1_010, direction: 'out', kind: 'message', text: 'hello' },
    { time: 1_012, direction: 'in', kind: 'message', text: 'HELLO' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n')
  const user = userEvent.setup()
  render(<App />)
  await user.upload(screen.getByTestId('traffic-file-input'), new File([ndjson], 'captured.timeline.ndjson'))
  await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Close' }))

  await user.click(screen.getByText('Re-send to a live server'))
  await user.selectOptions(screen.getByRole('combobox', { name: 'Send the sent messages to' }), 'Live echo')
  expect(screen.getByRole('button', { name: 'Re-send' })).toBeDisabled()
  expect(screen.getByText('Connect “Live echo” first.')).toBeInTheDocument()
  await connect(live)
  await waitFor(() => expect(selectRuntime(useSessionStore.getState(), live).status).toBe('open'))

  await user.click(screen.getByRole('button', { name: 'Re-send' }))
  expect(await screen.findByText('Re-sent 2 of 2 sent messages to “Live echo”')).toBeInTheDocument()
  await waitFor(() => expect(selectRuntime(useSessionStore.getState(), live).stats.framesIn).toBe(2))
  expect(server.received.map((m) => m.text)).toEqual(['{"op":"ping","id":1}', 'hello'])

  await user.type(screen.getByRole('textbox', { name: 'Ignore fields' }), 'id')
  await user.click(screen.getByRole('button', { name: 'Compare runs' }))
  const comparison = await screen.findByRole('region', { name: 'Comparison' })
  expect(within(comparison).getByRole('status')).toHaveTextContent(
    'Sent: 2 the same (recording 2, new run 2). Received: 1 the same (recording 2, new run 2). Ignoring id.',
  )
  const cells = within(comparison).getAllByRole('cell').map((c) => c.textContent)
  expect(cells).toEqual(['Received #2 (different)', 'HELLO', 'hello'])
  // The recording itself is untouched by the run.
  expect(useRecordingsStore.getState().recordings).toHaveLength(1)
})
