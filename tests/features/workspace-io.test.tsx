import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Frame, FrameInput } from '../../src/engine/frame.ts'
import { WorkspaceMenu } from '../../src/features/workspace-io/workspace-menu.tsx'
import { openConnectionCount } from '../../src/store/session-actions.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { REDACTED } from '../../src/workspace/redact.ts'
import { parseWorkspaceFile, serializeWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { connection, goldenWorkspace, sampleFrames } from '../workspace/sample-workspaces.ts'

type Download = { name: string; text: Promise<string> }
let downloads: Download[] = []
let lastBlob: Blob | null = null

beforeEach(() => {
  downloads = []
  // jsdom has no object URLs and cannot follow a download link: capture what would be saved.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    lastBlob = blob
    return 'blob:test'
  })
  URL.revokeObjectURL = vi.fn()
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) downloads.push({ name: this.download, text: lastBlob.text() })
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})

const TOKEN = 's3cr3t-t0ken-value'

function useSecretWorkspace() {
  const workspace = {
    id: 'w_team',
    name: 'Team sockets',
    connections: [
      connection({ id: 'c_a', name: 'Prod feed', url: `wss://api.test/feed?token=${TOKEN}&room=1`, protocols: [], draft: { text: '{}', mode: 'json' }, savedMessages: [{ id: 'm_a', name: 'Hello', text: '{"type":"hello"}', mode: 'json' }] }),
      connection({ id: 'c_b', name: 'Echo', url: 'ws://localhost:5173/demo/echo', protocols: [], draft: { text: '', mode: 'text' }, savedMessages: [] }),
    ],
  }
  useWorkspaceStore.setState({ workspaces: [workspace], currentWorkspaceId: workspace.id, selectedConnectionId: 'c_b' })
  return workspace
}

function goldenFile(name = 'team.frameline.json', text = serializeWorkspaceFile(goldenWorkspace(), { redact: false })): File {
  return new File([text], name, { type: 'application/json' })
}

/** Plays frames into a connection's timeline through an in-process runtime bound for this test. */
function capture(id: string, frames: readonly (Frame | FrameInput)[]) {
  const client = installTestRuntime()
  act(() => playNow(client, id, frames))
}

const currentWorkspace = () => selectCurrentWorkspace(useWorkspaceStore.getState())

describe('Export', () => {
  it('downloads <workspace-name>.frameline.json with secrets redacted by default, and says what was redacted', async () => {
    const user = userEvent.setup()
    const workspace = useSecretWorkspace()
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Export workspace' }))
    const dialog = await screen.findByRole('dialog', { name: 'Export workspace “Team sockets”' })
    expect(within(dialog).getByRole('checkbox', { name: 'Include secrets' })).not.toBeChecked()
    expect(within(dialog).getByRole('checkbox', { name: /Include timelines/ })).not.toBeChecked()
    expect(within(dialog).getByText('Prod feed — URL: query parameter "token"')).toBeInTheDocument()

    await user.click(within(dialog).getByRole('button', { name: 'Download' }))
    expect(downloads.map((d) => d.name)).toEqual(['Team sockets.frameline.json'])
    const text = await downloads[0]?.text
    expect(text).not.toContain(TOKEN)
    expect(text).toContain(`token=${REDACTED}&room=1`)
    const parsed = parseWorkspaceFile(text ?? '')
    expect(parsed.ok && parsed.value.workspace.connections.map((c) => c.name)).toEqual(workspace.connections.map((c) => c.name))
    expect(JSON.parse(text ?? '').$schema).toBe(new URL('schema/workspace-v1.schema.json', document.baseURI).href)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('Exported Team sockets.frameline.json.')
  })

  it('lists a warning per connection even when two connections share a name', async () => {
    const user = userEvent.setup()
    const consoleError = vi.spyOn(console, 'error')
    const draft = { id: 'c_x', name: 'Draft', url: 'not a url', protocols: [], draft: { text: '', mode: 'text' as const }, savedMessages: [] }
    useWorkspaceStore.setState({
      workspaces: [{ id: 'w_dup', name: 'Dupes', connections: [connection(draft), connection({ ...draft, id: 'c_y' })] }],
      currentWorkspaceId: 'w_dup',
      selectedConnectionId: 'c_x',
    })
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Export workspace' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getAllByText(/^"Draft": its URL is not a ws/)).toHaveLength(2)
    // The warning text is not unique, so it must not be the React key.
    expect(consoleError.mock.calls.flat().join(' ')).not.toMatch(/same key/)
  })

  it('keeps secrets only when ticked, after warning', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Export workspace' }))
    await user.click(await screen.findByRole('checkbox', { name: 'Include secrets' }))
    expect(screen.getByRole('alert')).toHaveTextContent('The file will contain 1 secret-looking value in clear text')
    await user.click(screen.getByRole('button', { name: 'Download' }))
    expect(await downloads[0]?.text).toContain(TOKEN)
  })

  it('includes timelines when asked, binary frames as base64', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    capture('c_b', sampleFrames())
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Export connection' }))
    const dialog = await screen.findByRole('dialog', { name: 'Export connection “Echo”' })
    await user.click(within(dialog).getByRole('checkbox', { name: 'Include timelines (6 captured frames)' }))
    // Download waits for the timelines to be read from the runtime.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Download' })).toBeEnabled())
    await user.click(within(dialog).getByRole('button', { name: 'Download' }))
    expect(downloads[0]?.name).toBe('Echo.frameline.json')
    const file = JSON.parse((await downloads[0]?.text) ?? '')
    expect(file.includesTimelines).toBe(true)
    expect(file.workspace.connections).toHaveLength(1)
    expect(file.workspace.connections[0].timeline.map((e: { kind: string }) => e.kind)).toEqual(['connecting', 'open', 'message', 'message', 'error', 'close'])
    expect(file.workspace.connections[0].timeline[3].payloadBase64).toBe('3q2+7wB/')
  })

  it('says so, instead of crashing, when timelines make the file too large to build', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    capture('c_b', sampleFrames())
    // What V8 throws past its longest string (about 512 MB), as a large timeline export can reach.
    const stringify = JSON.stringify
    vi.spyOn(JSON, 'stringify').mockImplementation(((value: unknown, ...rest: [never, never]) => {
      if (typeof value === 'object' && value !== null && (value as { includesTimelines?: unknown }).includesTimelines === true) {
        throw new RangeError('Invalid string length')
      }
      return stringify(value, ...rest)
    }) as typeof JSON.stringify)
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Export connection' }))
    const dialog = await screen.findByRole('dialog', { name: 'Export connection “Echo”' })
    await user.click(within(dialog).getByRole('checkbox', { name: 'Include timelines (6 captured frames)' }))
    // Built once the timelines have been read from the runtime.
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('too large to export with timelines')
    expect(within(dialog).getByRole('button', { name: 'Download' })).toBeDisabled()
    // Unticking brings the ordinary export back.
    await user.click(within(dialog).getByRole('checkbox', { name: /Include timelines/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Download' }))
    expect(downloads.map((d) => d.name)).toEqual(['Echo.frameline.json'])
  })

  it('counts captured frames with thousands separators', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    const frames = Array.from({ length: 20_002 }, (_, i) => ({ id: -1_000_000 - i, at: 1, kind: 'message' as const, direction: 'in' as const, payload: 'x', size: 1 }))
    capture('c_b', frames)
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Export connection' }))
    const dialog = await screen.findByRole('dialog', { name: 'Export connection “Echo”' })
    expect(within(dialog).getByRole('checkbox', { name: 'Include timelines (20,002 captured frames)' })).not.toBeChecked()
  })
})

describe('Import', () => {
  it('previews a picked file, merges it, and Undo import puts everything back', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    const before = useWorkspaceStore.getState().workspaces
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    await user.upload(await screen.findByLabelText('Choose a file'), goldenFile())
    const preview = await screen.findByRole('dialog', { name: 'Import “Team sockets”' })
    expect(within(preview).getByText('Adds 2 connections with 3 saved messages:')).toBeInTheDocument()
    const list = within(preview).getByRole('list', { name: 'Connections in the file' })
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Local echo ws://localhost:5173/demo/echo — 3 saved messages',
      'Prices — ünïcødé 价格 🚀 wss://example.test/prices?market=BTC-USD',
    ])
    expect(useWorkspaceStore.getState().workspaces).toBe(before)

    await user.click(within(preview).getByRole('button', { name: 'Merge' }))
    expect(currentWorkspace()?.connections.map((c) => c.name)).toEqual(['Prod feed', 'Echo', 'Local echo', 'Prices — ünïcødé 价格 🚀'])
    expect(openConnectionCount()).toBe(0)
    expect(screen.getByRole('status')).toHaveTextContent('Imported 2 connections into “Team sockets”.')

    await user.click(screen.getByRole('button', { name: 'Undo import' }))
    expect(useWorkspaceStore.getState().workspaces).toEqual(before)
    expect(screen.getByRole('status')).toHaveTextContent('Import undone.')
  })

  it('imports as a new workspace when asked, leaving the current one as it is, undoably', async () => {
    const user = userEvent.setup()
    const mine = useSecretWorkspace()
    const before = useWorkspaceStore.getState().workspaces
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    await user.upload(await screen.findByLabelText('Choose a file'), goldenFile())
    const preview = await screen.findByRole('dialog', { name: 'Import “Team sockets”' })
    // The current workspace is also called "Team sockets": the new one gets a number.
    expect(preview).toHaveTextContent('Open these as a workspace of their own, “Team sockets 2”; “Team sockets” stays as it is.')
    await user.click(within(preview).getByRole('button', { name: 'New workspace' }))
    expect(currentWorkspace()?.name).toBe('Team sockets 2')
    expect(currentWorkspace()?.connections.map((c) => c.name)).toEqual(['Local echo', 'Prices — ünïcødé 价格 🚀'])
    expect(useWorkspaceStore.getState().workspaces[0]).toBe(mine)
    expect(screen.getByRole('status')).toHaveTextContent('Imported 2 connections as the new workspace “Team sockets 2”.')
    await user.click(screen.getByRole('button', { name: 'Undo import' }))
    expect(useWorkspaceStore.getState().workspaces).toEqual(before)
    expect(currentWorkspace()?.id).toBe(mine.id)
  })

  it('says before a merge which names are taken and what they become', async () => {
    const user = userEvent.setup()
    const workspace = useSecretWorkspace()
    useWorkspaceStore.setState({
      workspaces: [{ ...workspace, connections: [...workspace.connections, connection({ id: 'c_le', name: 'Local echo', url: 'ws://h/', protocols: [], draft: { text: '', mode: 'text' }, savedMessages: [] })] }],
    })
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    await user.upload(await screen.findByLabelText('Choose a file'), goldenFile())
    const preview = await screen.findByRole('dialog', { name: 'Import “Team sockets”' })
    const renames = within(preview).getByRole('list', { name: 'Renamed on merge' })
    expect(within(renames).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['“Local echo” → “Local echo 2”'])
    await user.click(within(preview).getByRole('button', { name: 'Merge' }))
    expect(currentWorkspace()?.connections.map((c) => c.name)).toEqual(['Prod feed', 'Echo', 'Local echo', 'Local echo 2', 'Prices — ünïcødé 价格 🚀'])
    expect(screen.getByRole('status')).toHaveTextContent('Imported 2 connections into “Team sockets”. 1 name was taken and got a number.')
  })

  it('replaces the current workspace’s connections, undoably', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    const before = useWorkspaceStore.getState().workspaces
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    await user.upload(await screen.findByLabelText('Choose a file'), goldenFile())
    await user.click(await screen.findByRole('button', { name: 'Replace' }))
    expect(currentWorkspace()?.connections.map((c) => c.name)).toEqual(['Local echo', 'Prices — ünïcødé 价格 🚀'])
    expect(currentWorkspace()?.name).toBe('Team sockets')
    await user.click(screen.getByRole('button', { name: 'Undo import' }))
    expect(useWorkspaceStore.getState().workspaces).toEqual(before)
  })

  it('reads pasted JSON, flags secrets and redacted markers in the preview', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    const withSecret = serializeWorkspaceFile(
      { name: 'Shared', connections: [connection({ id: 'x', name: 'Shared feed', url: 'wss://h/?api_key=abc123&sig=<redacted>', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [] })] },
      { redact: false },
    )
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    await user.click(screen.getByLabelText('Or paste JSON'))
    await user.paste(withSecret)
    await user.click(screen.getByRole('button', { name: 'Read pasted JSON' }))
    const preview = await screen.findByRole('dialog', { name: 'Import “Shared”' })
    expect(within(preview).getByText('This file carries 1 secret-looking value in clear text:')).toBeInTheDocument()
    expect(within(preview).getByText('Shared feed — URL: query parameter "api_key"')).toBeInTheDocument()
    expect(within(preview).getByText(/1 value was redacted when this file was exported/)).toBeInTheDocument()
  })

  it('shows a precise message for invalid input and changes nothing', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    const before = useWorkspaceStore.getState()
    const bad = JSON.parse(serializeWorkspaceFile(goldenWorkspace(), { redact: false }))
    bad.workspace.connections[1].url = 'http-ish://nope'
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    await user.upload(await screen.findByLabelText('Choose a file'), goldenFile('bad.json', JSON.stringify(bad)))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('bad.json: The file has 1 problem; nothing was imported. Nothing was changed.')
    expect(alert).toHaveTextContent('workspace.connections[1].url: must start with ws://, wss://, http://, https:// or a {{variable}}')
    expect(useWorkspaceStore.getState()).toBe(before)

    await user.click(screen.getByLabelText('Or paste JSON'))
    await user.paste('{"__proto__": {"polluted": true}}')
    await user.click(screen.getByRole('button', { name: 'Read pasted JSON' }))
    expect(screen.getByRole('alert')).toHaveTextContent('__proto__: unsafe key "__proto__" is not allowed')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(useWorkspaceStore.getState()).toBe(before)
  })

  it('refuses an oversized file without reading it', async () => {
    const user = userEvent.setup()
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    const huge = goldenFile('huge.json')
    Object.defineProperty(huge, 'size', { value: 30 * 1024 * 1024 })
    const read = vi.spyOn(huge, 'arrayBuffer')
    await user.upload(await screen.findByLabelText('Choose a file'), huge)
    expect(await screen.findByRole('alert')).toHaveTextContent('huge.json: The file is too large: 30.0 MB')
    expect(read).not.toHaveBeenCalled()
  })

  it('imports a file dropped anywhere on the window', async () => {
    const user = userEvent.setup()
    useSecretWorkspace()
    render(<WorkspaceMenu />)
    const dataTransfer = { types: ['Files'], files: [goldenFile('dropped.frameline.json')], dropEffect: 'none' }
    const fire = (type: string) => {
      const event = new Event(type, { bubbles: true, cancelable: true })
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer })
      act(() => {
        window.dispatchEvent(event)
      })
      return event
    }
    fire('dragenter')
    expect(screen.getByText('Drop a workspace file to import it')).toBeInTheDocument()
    expect(fire('drop').defaultPrevented).toBe(true)
    expect(screen.queryByText('Drop a workspace file to import it')).not.toBeInTheDocument()
    const preview = await screen.findByRole('dialog', { name: 'Import “Team sockets”' })
    expect(within(preview).getByText(/From dropped\.frameline\.json, exported/)).toBeInTheDocument()
    await user.click(within(preview).getByRole('button', { name: 'Merge' }))
    await waitFor(() => expect(currentWorkspace()?.connections).toHaveLength(4))
  })

  it('closes with Escape and changes nothing', async () => {
    const user = userEvent.setup()
    render(<WorkspaceMenu />)
    const before = useWorkspaceStore.getState()
    await user.click(screen.getByRole('button', { name: 'Import workspace' }))
    expect(await screen.findByRole('dialog', { name: 'Import workspace' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(useWorkspaceStore.getState()).toBe(before)
    expect(screen.getByRole('button', { name: 'Import workspace' })).toHaveFocus()
  })

  it('makes the page behind an open dialog inert, and gives it back on close', async () => {
    const user = userEvent.setup()
    const { container } = render(<WorkspaceMenu />)
    const opener = screen.getByRole('button', { name: 'Import workspace' })
    await user.click(opener)
    const dialog = await screen.findByRole('dialog', { name: 'Import workspace' })
    // Neither clickable, focusable nor in the accessibility tree: `inert` does all three.
    expect(container).toHaveAttribute('inert')
    expect(dialog.closest('[inert]')).toBeNull()
    // Only what is in the dialog counts as on the page for assistive technology.
    expect(screen.queryByRole('button', { name: 'Export workspace' })).not.toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(container).not.toHaveAttribute('inert')
    expect(opener).toHaveFocus()
  })
})
