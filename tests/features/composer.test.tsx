import { act, cleanup, render, screen, waitFor as waitForDom } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Composer } from '../../src/features/composer/composer.tsx'
import { loadIntoComposer } from '../../src/store/composer-store.ts'
import { connect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import type { Draft } from '../../src/workspace/model.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, delay, startWsServer, waitFor, type TestWsServer } from '../support/ws-server.ts'

// vitest's jsdom environment exposes Node's own (undici) WebSocket, whose events jsdom cannot
// dispatch; the `ws` client has the same browser API and talks to the same real server.
let runtime: ReturnType<typeof installTestRuntime>['runtime']
beforeEach(() => {
  runtime = installTestRuntime({ createSocket: createNodeSocket }).runtime
})

afterEach(async () => {
  // Unmount before resetting the store, or the reset re-renders a mounted composer outside act().
  cleanup()
  await closeAllServers()
})

const editor = () => screen.findByRole('textbox', { name: /^Payload/ })
const sendButton = () => screen.getByRole('button', { name: 'Send' })

function renderComposer(draft: Draft = { text: '', mode: 'json' }, url = 'ws://127.0.0.1:9/unused') {
  const connection = addConnection({ name: 'Under test', url, draft })
  const view = render(<Composer key={connection.id} connectionId={connection.id} />)
  return { id: connection.id, ...view }
}

/** Connects through the real engine, so frames cross a real loopback socket to a `ws` echo server. */
async function renderConnected(draft?: Draft): Promise<{ id: string; server: TestWsServer }> {
  const server = await startWsServer()
  const { id } = renderComposer(draft, server.url('/echo'))
  await editor()
  act(() => void connect(id))
  await waitForDom(() => expect(sendButton()).toBeEnabled(), { timeout: 5000 })
  return { id, server }
}

const echoed = (id: string) =>
  (runtime.log(id)?.toArray() ?? []).filter((f) => f.kind === 'message' && f.direction === 'in')

describe('composer send path against a real echo server', () => {
  it('sends the typed JSON exactly as written on Ctrl+Enter and gets the echo back', async () => {
    const user = userEvent.setup()
    const { id, server } = await renderConnected()
    // user-event reads "{" as the start of a key name; "{{" types one brace.
    await user.type(await editor(), '{{"type": "ping", "n": 1}')
    await user.keyboard('{Control>}{Enter}{/Control}')

    const got = await waitFor(() => server.received[0], 'the server to receive the message')
    expect(got).toMatchObject({ isBinary: false, text: '{"type": "ping", "n": 1}' })
    expect(await screen.findByText('Sent 24 bytes.')).toBeInTheDocument()
    await waitFor(() => echoed(id).length === 1, 'the echo')
    expect(getConnection(id)?.history[0]).toMatchObject({ text: '{"type": "ping", "n": 1}', mode: 'json' })
    // The draft stays for the next tweak.
    expect(await editor()).toHaveValue('{"type": "ping", "n": 1}')
  })

  it('refuses invalid JSON with the parse error next to Send and sends nothing', async () => {
    const user = userEvent.setup()
    const { id, server } = await renderConnected()
    await user.type(await editor(), '{{"type": }')
    await user.click(sendButton())

    expect(await screen.findByRole('alert')).toHaveTextContent(/^Not sent: invalid JSON — .+/)
    await delay(100)
    expect(server.received).toHaveLength(0)
    expect(getConnection(id)?.history).toHaveLength(0)
    // Editing again clears the stale message.
    await user.type(await editor(), '1')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('sends anything in Text mode, including text that is not JSON', async () => {
    const user = userEvent.setup()
    const { server } = await renderConnected()
    await user.click(screen.getByRole('radio', { name: 'Text' }))
    await user.type(await editor(), 'not json {{ at all')
    await user.keyboard('{Control>}{Enter}{/Control}')

    const got = await waitFor(() => server.received[0], 'the text message')
    expect(got).toMatchObject({ isBinary: false, text: 'not json { at all' })
  })

  it('sends hex in Binary mode as a binary frame and refuses bad hex', async () => {
    const user = userEvent.setup()
    const { server } = await renderConnected()
    await user.click(screen.getByRole('radio', { name: 'Binary' }))
    await user.type(await editor(), 'de ad be ef')
    expect(screen.getByLabelText('Payload size')).toHaveTextContent('4 bytes')
    await user.click(sendButton())

    const got = await waitFor(() => server.received[0], 'the binary message')
    expect(got.isBinary).toBe(true)
    expect([...got.data]).toEqual([0xde, 0xad, 0xbe, 0xef])

    await user.type(await editor(), ' zz')
    await user.click(sendButton())
    expect(await screen.findByRole('alert')).toHaveTextContent('"z" is not a hex digit')
    await delay(100)
    expect(server.received).toHaveLength(1)
  })
})

describe('composer without a connection', () => {
  it('disables Send, says why, and explains a Ctrl+Enter', async () => {
    const user = userEvent.setup()
    renderComposer({ text: '{"a": 1}', mode: 'json' })
    const box = await editor()
    expect(sendButton()).toBeDisabled()
    // What Send visibly says is its whole name (WCAG 2.5.3); the shortcut is announced, not named.
    expect(sendButton()).toHaveTextContent(/^Send$/)
    expect(sendButton()).toHaveAttribute('aria-keyshortcuts', 'Control+Enter')
    expect(screen.getByText('Not connected — press Connect above to send.')).toBeInTheDocument()

    await user.click(box)
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Not sent: not connected — press Connect above to send.')
  })

  it('shows the size of the draft in UTF-8 bytes', async () => {
    const user = userEvent.setup()
    renderComposer({ text: '', mode: 'text' })
    await user.type(await editor(), 'é€')
    expect(screen.getByLabelText('Payload size')).toHaveTextContent('5 bytes')
  })

  it('marks a draft that is not valid JSON while typing', async () => {
    const user = userEvent.setup()
    renderComposer({ text: '', mode: 'json' })
    await user.type(await editor(), '[[1,')
    expect(await screen.findByText(/^Invalid JSON: /)).toBeInTheDocument()
    await user.type(await editor(), '2]')
    expect(await screen.findByText('Valid JSON')).toBeInTheDocument()
  })

  it('formats JSON without touching big numbers or escapes, and refuses to format invalid JSON', async () => {
    const user = userEvent.setup()
    const { id } = renderComposer({ text: '{"id":12345678901234567890,"s":"\\u00e9","a":[1,{}]}', mode: 'json' })
    await editor()
    await user.click(screen.getByRole('button', { name: 'Format' }))
    const expected = '{\n  "id": 12345678901234567890,\n  "s": "\\u00e9",\n  "a": [\n    1,\n    {}\n  ]\n}'
    expect(await editor()).toHaveValue(expected)
    expect(getConnection(id)?.draft.text).toBe(expected)

    await user.type(await editor(), ',')
    await user.click(screen.getByRole('button', { name: 'Format' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Cannot format: invalid JSON/)
    expect(getConnection(id)?.draft.text).toBe(`${expected},`)
  })

  it('keeps each connection’s draft and mode when switching connections and remounting', async () => {
    const user = userEvent.setup()
    const first = addConnection({ name: 'First', draft: { text: '', mode: 'json' } })
    const second = addConnection({ name: 'Second', draft: { text: 'second draft', mode: 'text' } })
    const view = render(<Composer key={first.id} connectionId={first.id} />)
    await user.click(screen.getByRole('radio', { name: 'Text' }))
    await user.type(await editor(), 'typed in first')

    view.rerender(<Composer key={second.id} connectionId={second.id} />)
    expect(await editor()).toHaveValue('second draft')

    view.unmount()
    render(<Composer key={first.id} connectionId={first.id} />)
    expect(await editor()).toHaveValue('typed in first')
    expect(screen.getByRole('radio', { name: 'Text' })).toBeChecked()
    expect(getConnection(first.id)?.draft).toEqual({ text: 'typed in first', mode: 'text' })
  })

  it('shows a draft loaded from outside ("edit and resend") in the open editor', async () => {
    const { id } = renderComposer({ text: 'old', mode: 'json' })
    await editor()
    act(() => loadIntoComposer(id, { text: 'resend me', mode: 'text' }))
    expect(await editor()).toHaveValue('resend me')
    expect(screen.getByRole('radio', { name: 'Text' })).toBeChecked()
  })
})

describe('composer status', () => {
  it('disables Send again when the server goes away', async () => {
    const { id, server } = await renderConnected({ text: '{}', mode: 'json' })
    await server.close()
    await waitForDom(() => expect(sendButton()).toBeDisabled(), { timeout: 5000 })
    expect(selectRuntime(useSessionStore.getState(), id).status).toBe('closed')
    expect(screen.getByText('Not connected — press Connect above to send.')).toBeInTheDocument()
  })
})
