import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { ConnectionHeader } from '../../src/features/connections/connection-header.tsx'
import { selectRuntime, useSessionStore, type ConnectionRuntime } from '../../src/store/session-store.ts'
import { addConnection, getConnection, setConnectionProtocols } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import type { Connection } from '../../src/workspace/model.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { createNodeSocket } from '../support/ws-server.ts'

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const close of cleanups.splice(0)) await close()
})

/** Sets what the runtime last reported about a connection, as if it had (a snapshot, not the runtime itself). */
function patchSnapshot(id: string, patch: Partial<ConnectionRuntime>) {
  useSessionStore.setState((state) => ({
    runtimeById: { ...state.runtimeById, [id]: { ...selectRuntime(state, id), ...patch } },
  }))
}

function renderHeader(fields: Partial<Connection> = {}) {
  const connection = addConnection({ name: 'Under test', ...fields })
  const user = userEvent.setup()
  render(<ConnectionHeader connectionId={connection.id} />)
  return { user, id: connection.id }
}

const urlField = () => screen.getByRole('textbox', { name: 'URL' })
const connectButton = () => screen.getByRole('button', { name: 'Connect' })

/** A `ws` server that negotiates chat.v2 and permessage-deflate, on 127.0.0.1 port 0. */
async function startNegotiatingServer() {
  const http: Server = createServer()
  const wss = new WebSocketServer({
    server: http,
    perMessageDeflate: true,
    handleProtocols: (protocols) => (protocols.has('chat.v2') ? 'chat.v2' : false),
  })
  const closes: { code: number; reason: string }[] = []
  wss.on('connection', (socket) => {
    socket.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }))
  })
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done))
  const port = (http.address() as AddressInfo).port
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        http.closeAllConnections()
        http.close(() => done())
      }),
  )
  return { url: `ws://127.0.0.1:${port}/chat`, closes, wss }
}

describe('connection header: URL field', () => {
  it('asks for a URL when it is empty, without calling it an error before anything was typed, and keeps Connect disabled', () => {
    renderHeader({ url: '' })
    expect(urlField()).not.toHaveAttribute('aria-invalid')
    expect(urlField()).toHaveAccessibleDescription('Type a ws:// or wss:// URL, then press Connect.')
    expect(screen.queryByText('Enter a URL starting with ws:// or wss://.')).not.toBeInTheDocument()
    expect(connectButton()).toBeDisabled()
  })

  it('refuses other schemes with an inline message', async () => {
    const { user, id } = renderHeader({ url: '' })
    await user.type(urlField(), 'ftp://example.com/feed')
    expect(screen.getByText('URL must start with ws:// or wss:// (got ftp://).')).toBeInTheDocument()
    expect(connectButton()).toBeDisabled()
    // Bad input is kept as typed, not thrown away.
    expect(getConnection(id)?.url).toBe('ftp://example.com/feed')
  })

  it('refuses a #fragment', async () => {
    const { user } = renderHeader({ url: '' })
    await user.type(urlField(), 'ws://example.com/socket#top')
    expect(screen.getByText('WebSocket URLs cannot contain a #fragment; remove it.')).toBeInTheDocument()
    expect(connectButton()).toBeDisabled()
  })

  it('enables Connect for ws:// and wss:// URLs', async () => {
    const { user } = renderHeader({ url: '' })
    await user.type(urlField(), 'wss://example.com/socket')
    expect(urlField()).not.toHaveAttribute('aria-invalid')
    expect(connectButton()).toBeEnabled()
    expect(screen.queryByText(/must start with/)).not.toBeInTheDocument()
  })

  it('turns http:// into ws:// when the field is left', async () => {
    const { user, id } = renderHeader({ url: '' })
    await user.type(urlField(), 'http://127.0.0.1:8080/live?x=1')
    expect(connectButton()).toBeEnabled()
    await user.tab()
    expect(urlField()).toHaveValue('ws://127.0.0.1:8080/live?x=1')
    expect(getConnection(id)?.url).toBe('ws://127.0.0.1:8080/live?x=1')
  })

  it('turns https:// into wss:// on Connect and connects to that', async () => {
    const requested: string[] = []
    installTestRuntime({
      createSocket: (url) => {
        requested.push(url)
        throw new SyntaxError('not in this test')
      },
      schedule: (run) => run(),
    })
    const { user, id } = renderHeader({ url: 'HTTPS://example.com/socket' })
    await user.click(connectButton())
    expect(getConnection(id)?.url).toBe('wss://example.com/socket')
    expect(requested).toEqual(['wss://example.com/socket'])
  })
})

describe('connection header: name and subprotocols', () => {
  it('renames the connection as the name is typed and never leaves it blank', async () => {
    const { user, id } = renderHeader({ url: 'ws://127.0.0.1:9/' })
    const name = screen.getByRole('textbox', { name: 'Connection name' })
    await user.clear(name)
    await user.type(name, 'Orders feed')
    expect(getConnection(id)?.name).toBe('Orders feed')
    await user.clear(name)
    await user.tab()
    expect(getConnection(id)?.name).toBe('Untitled connection')
  })

  it('stores comma or space separated subprotocols as a list', async () => {
    const { user, id } = renderHeader({ url: 'ws://127.0.0.1:9/' })
    await user.type(screen.getByRole('textbox', { name: 'Subprotocols' }), 'graphql-transport-ws,  chat.v2 json')
    expect(getConnection(id)?.protocols).toEqual(['graphql-transport-ws', 'chat.v2', 'json'])
    expect(connectButton()).toBeEnabled()
  })

  it('refuses invalid or repeated subprotocols with a message and disables Connect', async () => {
    const { user, id } = renderHeader({ url: 'ws://127.0.0.1:9/' })
    const field = screen.getByRole('textbox', { name: 'Subprotocols' })
    await user.type(field, 'chat chat')
    expect(screen.getByText('Subprotocol "chat" is listed twice.')).toBeInTheDocument()
    expect(connectButton()).toBeDisabled()
    await user.clear(field)
    await user.type(field, 'a;b')
    expect(field).toHaveAccessibleDescription('Subprotocol "a;b" has characters a subprotocol cannot contain.')
    expect(connectButton()).toBeDisabled()
    // Kept as typed so nothing is lost on reload.
    expect(getConnection(id)?.protocols).toEqual(['a;b'])
  })

  it('shows subprotocols changed from outside the field', () => {
    const { id } = renderHeader({ url: 'ws://127.0.0.1:9/', protocols: ['one'] })
    expect(screen.getByRole('textbox', { name: 'Subprotocols' })).toHaveValue('one')
    act(() => setConnectionProtocols(id, ['two', 'three']))
    expect(screen.getByRole('textbox', { name: 'Subprotocols' })).toHaveValue('two, three')
  })
})

describe('connection header: options', () => {
  it('explains invalid close codes and reasons', async () => {
    const { user } = renderHeader({ url: 'ws://127.0.0.1:9/' })
    await user.click(screen.getByRole('button', { name: 'Options' }))
    const code = await screen.findByRole('textbox', { name: 'Close code' })
    await user.clear(code)
    await user.type(code, '1001')
    expect(code).toHaveAccessibleDescription('Close code must be 1000 or between 3000 and 4999 (got 1001).')
    await user.clear(code)
    await user.type(code, 'abc')
    expect(code).toHaveAccessibleDescription('Close code must be a whole number: 1000, or between 3000 and 4999.')
    await user.clear(code)
    await user.type(code, '4999')
    expect(code).not.toHaveAttribute('aria-invalid')

    const reason = screen.getByRole('textbox', { name: 'Close reason' })
    await user.type(reason, 'é'.repeat(61) + 'x')
    expect(reason).toHaveAccessibleDescription('123 / 123 bytes')
    await user.type(reason, 'y')
    expect(reason).toHaveAccessibleDescription('Close reason is 124 bytes in UTF-8; the limit is 123.')
    expect(reason).toHaveAttribute('aria-invalid', 'true')
  })

  it('says in the options that a browser cannot send handshake headers, and what to do instead', async () => {
    const { user } = renderHeader({ url: 'wss://api.example.test/socket' })
    await user.click(screen.getByRole('button', { name: 'Options' }))
    const note = await screen.findByRole('region', { name: 'No custom headers' })
    expect(note).toHaveTextContent('A browser cannot send handshake headers such as Authorization')
    const ways = within(note).getAllByRole('listitem').map((item) => item.textContent)
    expect(ways).toEqual([
      'in the URL: ?token=…',
      'as a subprotocol: bearer.… in Subprotocols (sent as Sec-WebSocket-Protocol)',
      'in a first message after open, e.g. a saved message sent right after Connect',
      'Socket.IO: its auth payload, which travels in the first packet, not a header',
    ])
  })

  it('keeps runner-only handshake headers with the connection and says why the app cannot send them', async () => {
    const { user, id } = renderHeader({ url: 'wss://api.example.test/socket' })
    await user.click(screen.getByRole('button', { name: 'Options' }))
    const note = await screen.findByRole('region', { name: 'No custom headers' })
    expect(note).toHaveTextContent('The headless runner (npx frameline run, for CI) is not a web page: it sends the headers below.')
    const headers = within(note).getByRole('group', { name: 'Handshake headers (runner only)' })
    await user.click(within(headers).getByRole('button', { name: /^\+ handshake headers/ }))
    await user.type(within(headers).getByRole('textbox', { name: 'Handshake headers (runner only) 1 name' }), 'Authorization')
    await user.type(within(headers).getByRole('textbox', { name: 'Handshake headers (runner only) 1 value' }), 'Bearer {{{{token}}')
    const stored = () => useWorkspaceStore.getState().workspaces.flatMap((w) => w.connections).find((c) => c.id === id)
    expect(stored()?.headers).toEqual([{ name: 'Authorization', value: 'Bearer {{token}}' }])
    await user.click(within(headers).getByRole('button', { name: 'Remove handshake headers (runner only) 1' }))
    expect(stored()).not.toHaveProperty('headers')
  })

  it('sets the connect timeout in seconds and refuses nonsense', async () => {
    const { user } = renderHeader({ url: 'ws://127.0.0.1:9/' })
    await user.click(screen.getByRole('button', { name: 'Options' }))
    const timeout = await screen.findByRole('textbox', { name: 'Connect timeout (seconds)' })
    expect(timeout).toHaveValue('10')
    await user.clear(timeout)
    await user.type(timeout, '2.5')
    expect(useWorkspaceStore.getState().preferences.connectTimeoutMs).toBe(2500)
    await user.clear(timeout)
    await user.type(timeout, '-1')
    expect(timeout).toHaveAccessibleDescription(/Connect timeout must be a number of seconds from 0 to 600/)
    expect(useWorkspaceStore.getState().preferences.connectTimeoutMs).toBe(2500)
  })
})

describe('connection header: live status', () => {
  it('shows the send backlog while it is non-zero', () => {
    const { id } = renderHeader({ url: 'ws://127.0.0.1:9/' })
    expect(screen.queryByText(/waiting to send/)).not.toBeInTheDocument()
    act(() => patchSnapshot(id, { status: 'open', bufferedAmount: Math.round(12.3 * 1024 * 1024) }))
    expect(screen.getByText('12.3 MB waiting to send')).toBeInTheDocument()
    act(() => patchSnapshot(id, { bufferedAmount: 0 }))
    expect(screen.queryByText(/waiting to send/)).not.toBeInTheDocument()
  })

  it('connects to a real server, shows what was negotiated, and closes with the chosen code', async () => {
    const server = await startNegotiatingServer()
    installTestRuntime({ createSocket: createNodeSocket })
    const { user } = renderHeader({ url: server.url, protocols: ['chat.v2', 'chat.v1'] })
    const status = () => screen.getByText(/^(Not connected|Connecting…|Connected|Closing…|Disconnected|Connection lost|Could not connect)$/)
    expect(status()).toHaveTextContent('Not connected')

    await user.click(connectButton())
    await waitFor(() => expect(status()).toHaveTextContent('Connected'))
    expect(screen.getByText('Protocol:')).toHaveTextContent('Protocol: chat.v2')
    expect(screen.getByText(/^Extensions:/)).toHaveTextContent(/Extensions: permessage-deflate/)
    expect(screen.queryByRole('button', { name: 'Connect' })).not.toBeInTheDocument()

    // An invalid close code is explained and the connection stays open.
    await user.click(screen.getByRole('button', { name: 'Options' }))
    const code = await screen.findByRole('textbox', { name: 'Close code' })
    await user.clear(code)
    await user.type(code, '1006')
    await user.click(screen.getByRole('button', { name: 'Disconnect' }))
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Not disconnected: Close code must be 1000 or between 3000 and 4999 (got 1006).',
    )
    expect(status()).toHaveTextContent('Connected')

    await user.clear(code)
    await user.type(code, '4001')
    await user.type(screen.getByRole('textbox', { name: 'Close reason' }), 'done here')
    await user.click(screen.getByRole('button', { name: 'Disconnect' }))
    await waitFor(() => expect(status()).toHaveTextContent('Disconnected'))
    expect(server.closes).toEqual([{ code: 4001, reason: 'done here' }])
    expect(screen.getByText(/4001 Application-defined/)).toHaveTextContent('· 4001 Application-defined (private use) (“done here”)')
    expect(screen.queryByText(/^Protocol:/)).not.toBeInTheDocument()
    expect(connectButton()).toBeEnabled()
  })

  it('reports a refused connection as an abnormal close', async () => {
    // Bound once to learn a free port, then released: nothing listens there.
    const http = createServer()
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done))
    const port = (http.address() as AddressInfo).port
    await new Promise<void>((done) => http.close(() => done()))
    installTestRuntime({ createSocket: createNodeSocket })
    const { user } = renderHeader({ url: `ws://127.0.0.1:${port}/` })
    await user.click(connectButton())
    // It never opened: "Disconnected" would claim it had been connected.
    await waitFor(() => expect(screen.getByText('Could not connect')).toBeInTheDocument())
    expect(screen.queryByText('Disconnected')).not.toBeInTheDocument()
    const statusLine = screen.getByRole('status')
    expect(statusLine).toHaveAttribute('data-failed', 'true')
    expect(statusLine).toHaveTextContent('1006 Closed without a close frame')
    // The explanation is on screen, not only in a tooltip.
    expect(screen.getByText(/The browser hides the cause; usual ones: nothing listening on that port/)).toBeVisible()
  })

  it('says a connection that was open and dropped without a close frame was lost, and why that happens', async () => {
    const server = await startNegotiatingServer()
    installTestRuntime({ createSocket: createNodeSocket })
    const { user } = renderHeader({ url: server.url })
    await user.click(connectButton())
    await waitFor(() => expect(screen.getByText('Connected')).toBeInTheDocument())
    for (const client of server.wss.clients) client.terminate()
    await waitFor(() => expect(screen.getByText('Connection lost')).toBeInTheDocument())
    expect(screen.getByRole('status')).toHaveTextContent('1006 Closed without a close frame')
    expect(screen.getByText(/The connection dropped without a close frame/)).toBeVisible()
    expect(screen.queryByText(/The browser hides the cause/)).not.toBeInTheDocument()
  })
})
