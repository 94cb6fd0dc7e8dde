import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../src/app.tsx'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { useRecordingsStore } from '../../src/store/recordings-store.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

const fixture = (name: string) => readFileSync(`tests/engine/traffic/fixtures/${name}`, 'utf8')

let restoreSize: () => void = () => {}
beforeEach(() => {
  installTestRuntime()
  restoreSize = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
  return () => restoreSize()
})

async function upload(name: string, content: string | Uint8Array<ArrayBuffer>) {
  const user = userEvent.setup()
  render(<App />)
  await user.upload(screen.getByTestId('traffic-file-input'), new File([content], name))
  return user
}

function rows() {
  return within(screen.getByRole('listbox', { name: 'Frames' })).queryAllByRole('option')
}

describe('Import traffic', () => {
  it('opens a HAR as a read-only recording: its timeline, search and detail, no composer, and notes on the import', async () => {
    const user = await upload('capture.har', fixture('devtools-seconds.har'))
    const dialog = await screen.findByRole('dialog', { name: 'Imported capture.har' })
    expect(within(dialog).getByText(/Opened 1 recording \(HAR\)/)).toBeInTheDocument()
    expect(within(dialog).getByText(/seconds since 1970, as Chrome DevTools writes them/)).toBeInTheDocument()
    expect(within(dialog).getByText('1 entry that is not WebSocket (HTTP requests and the like) skipped.')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Close' }))

    // The recording view loads on first use.
    const recording = await screen.findByRole('region', { name: 'Recording' })
    expect(within(recording).getByRole('heading', { name: 'localhost:4173/demo/echo' })).toBeInTheDocument()
    expect(within(recording).getByText('Recording · read-only')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Composer' })).not.toBeInTheDocument()
    await screen.findByText(/Connecting to ws:\/\/localhost:4173\/demo\/echo/)
    expect(rows()).toHaveLength(6)

    await user.type(screen.getByRole('searchbox', { name: /Search frames/ }), 'subscribe')
    await screen.findByText(/2 of 6/)
    expect(rows()).toHaveLength(2)
    await user.click(rows()[0] as HTMLElement)
    expect(await screen.findByRole('region', { name: 'Frame detail' })).toBeInTheDocument()

    // The sidebar lists it; choosing a connection shows that connection instead.
    const panel = screen.getByRole('region', { name: 'Recordings' })
    expect(within(panel).getByRole('button', { name: /localhost:4173\/demo\/echo/ })).toHaveAttribute('aria-current', 'true')
    const other = useWorkspaceStore.getState().workspaces[0]?.connections[1]?.id ?? null
    useWorkspaceStore.setState({ selectedConnectionId: other })
    expect(await screen.findByRole('region', { name: 'Composer' })).toBeInTheDocument()
    await user.click(within(panel).getByRole('button', { name: /localhost:4173\/demo\/echo/ }))
    await user.click(screen.getByRole('button', { name: 'Close recording' }))
    expect(within(panel).queryByRole('button', { name: /localhost:4173/ })).not.toBeInTheDocument()
  })

  it('renders markup in imported payloads as text, never as HTML', async () => {
    const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    const ndjson = `${JSON.stringify({ format: 'frameline.timeline', version: 1, connection: { name: '<i>evil</i>', url: 'wss://e.example/', transport: 'websocket' }, firstFrameAt: null })}\n${JSON.stringify({ time: 1, direction: 'in', kind: 'message', text: markup })}\n`
    const user = await upload('evil.timeline.ndjson', ndjson)
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Close' }))
    expect(screen.getByRole('heading', { name: '<i>evil</i>' })).toBeInTheDocument()
    expect(await screen.findByText(markup)).toBeInTheDocument()
    expect(document.querySelector('img, i, b')).toBeNull()
  })

  it('refuses a malformed file with a clear message and changes nothing', async () => {
    const user = await upload('broken.har', '{"log":{"entries":[{"_resourceType":"websocket",')
    const dialog = await screen.findByRole('dialog', { name: 'broken.har was not imported' })
    expect(within(dialog).getByRole('alert')).toHaveTextContent('the text ends too early')
    expect(useRecordingsStore.getState().recordings).toEqual([])
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Recording' })).not.toBeInTheDocument()
  })
})

describe('Replay', () => {
  it('replays a recording into a new timeline as fast as possible, showing progress', async () => {
    const user = await upload('pw.har', fixture('playwright-milliseconds.har'))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Close' }))
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Replay at' }), 'As fast as possible')
    await user.click(screen.getByRole('button', { name: 'Replay into a new timeline' }))
    const header = screen.getByRole('region', { name: 'Recording' })
    expect(within(header).getByRole('heading', { name: '127.0.0.1:4173/demo/echo · replay (as fast as possible)' })).toBeInTheDocument()
    expect(await within(header).findByText('Replay finished (as fast as possible): 6 of 6 frames')).toBeInTheDocument()
    await screen.findByText(/Connecting to ws:\/\/127\.0\.0\.1:4173\/demo\/echo/)
    expect(rows()).toHaveLength(6)
    // Both timelines are listed; the original is still there to replay again.
    expect(within(screen.getByRole('region', { name: 'Recordings' })).getAllByRole('button', { name: /127\.0\.0\.1:4173\/demo\/echo/ })).toHaveLength(2)
  })

  it('pauses and stops a replay at the original timing', async () => {
    const user = await upload('pw.har', fixture('playwright-milliseconds.har'))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Close' }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Replay at' }), 'Original timing')
    await user.click(screen.getByRole('button', { name: 'Replay into a new timeline' }))
    // The first frames play at once; the messages follow over about half a second.
    await user.click(await screen.findByRole('button', { name: 'Pause' }))
    expect(await screen.findByText(/^Paused \(original timing\)/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Resume' }))
    await user.click(await screen.findByRole('button', { name: 'Stop' }))
    expect(await screen.findByText(/^Replay (stopped|finished)/)).toBeInTheDocument()
  })
})

it('offers "Decode as" for recordings too, kept on the recording and given to its timeline', async () => {
  const client = installTestRuntime()
  const user = await upload('capture.har', fixture('devtools-seconds.har'))
  await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Close' }))
  await screen.findByRole('region', { name: 'Recording' })
  const menu = await screen.findByRole('combobox', { name: 'Decode as' })
  expect(menu).toHaveValue('auto')
  await user.selectOptions(menu, 'JSON-RPC 2.0')
  const recording = useRecordingsStore.getState().recordings[0]
  expect(recording?.decoder).toBe('json-rpc')
  expect(client.runtime.config(recording?.id ?? '')?.decoder).toBe('json-rpc')
  // A frame that is not JSON-RPC now says so in its row, and still shows its text.
  expect(await screen.findAllByText(/not JSON-RPC|rpc/i)).not.toHaveLength(0)
  await user.selectOptions(menu, 'auto')
  expect(useRecordingsStore.getState().recordings[0]?.decoder).toBeUndefined()
})
