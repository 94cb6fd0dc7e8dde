import { act, cleanup, render, screen, waitFor as waitForDom, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Composer } from '../../src/features/composer/composer.tsx'
import { saveMessage } from '../../src/store/saved-message-actions.ts'
import { connect } from '../../src/store/session-actions.ts'
import { addConnection, getConnection, recordSent } from '../../src/store/workspace-actions.ts'
import type { Draft } from '../../src/workspace/model.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

beforeEach(() => void installTestRuntime({ createSocket: createNodeSocket }))

afterEach(async () => {
  cleanup()
  await closeAllServers()
})

const editor = () => screen.findByRole('textbox', { name: /^Payload/ })
const savedList = () => screen.getByRole('list', { name: 'Saved messages' })
const savedNames = () =>
  within(savedList())
    .getAllByRole('listitem')
    .map((item) => item.querySelector('.composer-saved-title')?.textContent)

async function renderWith(
  messages: { name: string; draft: Draft }[] = [],
  draft: Draft = { text: '{"draft": true}', mode: 'json' },
  url = 'ws://127.0.0.1:9/unused',
) {
  const { id } = addConnection({ name: 'Library', url, draft })
  for (const m of messages) saveMessage(id, m.name, m.draft)
  render(<Composer key={id} connectionId={id} />)
  await editor()
  return id
}

const three = [
  { name: 'Ping', draft: { text: '{"type": "ping"}', mode: 'json' } },
  { name: 'Hello', draft: { text: 'hello there', mode: 'text' } },
  { name: 'Bytes', draft: { text: 'de ad', mode: 'binary' } },
] satisfies { name: string; draft: Draft }[]

describe('saved messages panel', () => {
  it('tells a newcomer how to save a first message', async () => {
    await renderWith()
    expect(screen.getByText('No saved messages yet.')).toBeInTheDocument()
    expect(screen.getByText(/give it a name above and press Save current/)).toBeInTheDocument()
  })

  it('saves the editor payload under a name, with its mode', async () => {
    const user = userEvent.setup()
    const id = await renderWith([], { text: '', mode: 'json' })
    await user.click(screen.getByRole('radio', { name: 'Text' }))
    await user.type(await editor(), 'plain words')
    await user.type(screen.getByRole('textbox', { name: 'Name for the saved message' }), 'Words{Enter}')

    expect(savedNames()).toEqual(['Words'])
    expect(within(savedList()).getByText('Text')).toBeInTheDocument()
    expect(getConnection(id)?.savedMessages[0]).toMatchObject({ name: 'Words', text: 'plain words', mode: 'text' })
    expect(screen.getByRole('textbox', { name: 'Name for the saved message' })).toHaveValue('')
    expect(screen.getByRole('tab', { name: /Saved messages/ })).toHaveTextContent('Saved messages 1')
  })

  it('loads a saved message into the editor with its mode', async () => {
    const user = userEvent.setup()
    const id = await renderWith(three)
    await user.click(screen.getByRole('button', { name: 'Load Bytes' }))
    expect(await editor()).toHaveValue('de ad')
    expect(screen.getByRole('radio', { name: 'Binary' })).toBeChecked()
    expect(getConnection(id)?.draft).toEqual({ text: 'de ad', mode: 'binary' })
  })

  it('renames inline; Escape cancels and a blank name is refused', async () => {
    const user = userEvent.setup()
    const id = await renderWith(three)
    await user.click(screen.getByRole('button', { name: 'Rename Hello' }))
    const input = screen.getByRole('textbox', { name: 'New name for Hello' })
    await user.clear(input)
    await user.click(screen.getByRole('button', { name: 'Save name' }))
    expect(screen.getByText('A name cannot be blank.')).toBeInTheDocument()
    await user.type(input, 'Greeting{Enter}')
    expect(savedNames()).toEqual(['Ping', 'Greeting', 'Bytes'])

    await user.click(screen.getByRole('button', { name: 'Rename Ping' }))
    await user.type(screen.getByRole('textbox', { name: 'New name for Ping' }), ' changed{Escape}')
    expect(savedNames()).toEqual(['Ping', 'Greeting', 'Bytes'])
    expect(getConnection(id)?.savedMessages.map((m) => m.name)).toEqual(['Ping', 'Greeting', 'Bytes'])
  })

  it('reorders with the up and down buttons', async () => {
    const user = userEvent.setup()
    const id = await renderWith(three)
    expect(screen.getByRole('button', { name: 'Move Ping up' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Move Bytes down' })).toBeDisabled()
    await user.click(screen.getByRole('button', { name: 'Move Bytes up' }))
    expect(savedNames()).toEqual(['Ping', 'Bytes', 'Hello'])
    await user.click(screen.getByRole('button', { name: 'Move Ping down' }))
    expect(savedNames()).toEqual(['Bytes', 'Ping', 'Hello'])
    expect(getConnection(id)?.savedMessages.map((m) => m.name)).toEqual(['Bytes', 'Ping', 'Hello'])
  })

  it('deletes with an undo that puts the message back in place', async () => {
    const user = userEvent.setup()
    await renderWith(three)
    await user.click(screen.getByRole('button', { name: 'Delete Hello' }))
    expect(savedNames()).toEqual(['Ping', 'Bytes'])
    expect(screen.getByText(/Deleted “Hello”/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    expect(savedNames()).toEqual(['Ping', 'Hello', 'Bytes'])
    expect(screen.queryByText(/Deleted “Hello”/)).not.toBeInTheDocument()
  })

  it('searches by name and content, and locks reordering while filtered', async () => {
    const user = userEvent.setup()
    await renderWith(three)
    const search = screen.getByRole('searchbox', { name: 'Search saved messages' })
    await user.type(search, 'THERE')
    expect(savedNames()).toEqual(['Hello'])
    expect(screen.getByRole('button', { name: 'Move Hello up' })).toBeDisabled()
    await user.clear(search)
    await user.type(search, 'ping')
    expect(savedNames()).toEqual(['Ping'])
    await user.type(search, 'zzz')
    expect(screen.getByText('No saved message matches “pingzzz”.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Clear search' }))
    expect(savedNames()).toEqual(['Ping', 'Hello', 'Bytes'])
  })

  it('sends a saved message with one click, without touching the editor', async () => {
    const user = userEvent.setup()
    const server = await startWsServer()
    const id = await renderWith(three, { text: 'my draft', mode: 'text' }, server.url('/echo'))
    expect(screen.getByRole('button', { name: 'Send Hello' })).toBeDisabled()

    act(() => void connect(id))
    await waitForDom(() => expect(screen.getByRole('button', { name: 'Send Hello' })).toBeEnabled(), { timeout: 5000 })
    await user.click(screen.getByRole('button', { name: 'Send Hello' }))

    const got = await waitFor(() => server.received[0], 'the saved message')
    expect(got).toMatchObject({ isBinary: false, text: 'hello there' })
    expect(screen.getByText('Sent “Hello”.')).toBeInTheDocument()
    expect(await editor()).toHaveValue('my draft')
    expect(getConnection(id)?.draft).toEqual({ text: 'my draft', mode: 'text' })
  })
})

describe('history panel', () => {
  it('says what will appear before anything was sent', async () => {
    const user = userEvent.setup()
    await renderWith()
    await user.click(screen.getByRole('tab', { name: /History/ }))
    expect(screen.getByText('Nothing sent yet.')).toBeInTheDocument()
  })

  it('recalls a sent payload into the editor, newest first', async () => {
    const user = userEvent.setup()
    const { id } = addConnection({ name: 'H', draft: { text: 'current', mode: 'json' } })
    recordSent(id, { text: 'first sent', mode: 'text', at: Date.now() - 2000 })
    recordSent(id, { text: '{"second": 2}', mode: 'json', at: Date.now() })
    render(<Composer key={id} connectionId={id} />)
    await editor()
    await user.click(screen.getByRole('tab', { name: /History/ }))

    const items = within(screen.getByRole('list', { name: 'Sent history' })).getAllByRole('button')
    expect(items.map((b) => b.querySelector('.composer-preview')?.textContent)).toEqual(['{"second": 2}', 'first sent'])
    await user.click(items[1]!)
    expect(await editor()).toHaveValue('first sent')
    expect(screen.getByRole('radio', { name: 'Text' })).toBeChecked()
  })

  it('records what the composer sends and clears after confirmation', async () => {
    const user = userEvent.setup()
    const server = await startWsServer()
    const id = await renderWith([], { text: '{"n": 1}', mode: 'json' }, server.url('/echo'))
    act(() => void connect(id))
    await waitForDom(() => expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled(), {
      timeout: 5000,
    })
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await user.click(screen.getByRole('tab', { name: /History/ }))
    expect(within(screen.getByRole('list', { name: 'Sent history' })).getByText('{"n": 1}')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Clear history' }))
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(getConnection(id)?.history).toHaveLength(1)
    await user.click(screen.getByRole('button', { name: 'Clear history' }))
    await user.click(screen.getByRole('button', { name: 'Clear' }))
    expect(getConnection(id)?.history).toEqual([])
    expect(screen.getByText('Nothing sent yet.')).toBeInTheDocument()
  })

  it('collapses and reopens the panel', async () => {
    const user = userEvent.setup()
    await renderWith(three)
    await user.click(screen.getByRole('button', { name: 'Hide' }))
    expect(screen.queryByRole('list', { name: 'Saved messages' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('tab', { name: /Saved messages/ }))
    expect(savedNames()).toEqual(['Ping', 'Hello', 'Bytes'])
  })
})
