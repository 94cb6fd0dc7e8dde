import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { ConnectionSidebar } from '../../src/features/connections/connection-sidebar.tsx'
import { WorkspaceSwitcher } from '../../src/features/connections/workspace-switcher.tsx'
import { connect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import type { Connection } from '../../src/workspace/model.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer } from '../support/ws-server.ts'

afterEach(async () => {
  await closeAllServers()
})

function renderSidebar() {
  const user = userEvent.setup()
  render(
    <>
      <WorkspaceSwitcher />
      <ConnectionSidebar />
    </>,
  )
  return user
}

const picker = () => screen.getByRole('combobox', { name: 'Workspace' })
const options = () => within(picker()).getAllByRole('option').map((o) => o.textContent)
const currentName = () => selectCurrentWorkspace(useWorkspaceStore.getState())?.name
const rowNames = () =>
  screen.queryByRole('list', { name: 'Connections' })
    ? within(screen.getByRole('list', { name: 'Connections' }))
        .getAllByRole('button')
        .map((b) => b.textContent)
    : []

describe('workspace switcher', () => {
  it('shows the current workspace', () => {
    renderSidebar()
    expect(picker()).toHaveDisplayValue('My workspace')
    expect(options()).toEqual(['My workspace'])
  })

  it('creates a workspace, names it, and shows its empty state', async () => {
    const user = renderSidebar()
    await user.click(screen.getByRole('button', { name: 'New workspace' }))
    const name = screen.getByRole('textbox', { name: 'Workspace name' })
    expect(name).toHaveFocus()
    expect(name).toHaveValue('New workspace')
    await user.clear(name)
    await user.type(name, 'Staging{Enter}')
    expect(picker()).toHaveDisplayValue('Staging')
    expect(options()).toEqual(['My workspace', 'Staging'])
    expect(screen.getByText('No connections in this workspace yet.')).toBeInTheDocument()
    await waitFor(() => expect(picker()).toHaveFocus())
  })

  it('renames the current workspace and refuses an empty name', async () => {
    const user = renderSidebar()
    await user.click(screen.getByRole('button', { name: 'Rename workspace' }))
    const name = screen.getByRole('textbox', { name: 'Workspace name' })
    await user.clear(name)
    await user.keyboard('{Enter}')
    expect(screen.getByRole('alert')).toHaveTextContent('A workspace needs a name.')
    await user.type(name, 'Team APIs{Enter}')
    expect(currentName()).toBe('Team APIs')
    expect(picker()).toHaveDisplayValue('Team APIs')
    // Escape leaves the name alone.
    await user.click(screen.getByRole('button', { name: 'Rename workspace' }))
    await user.type(screen.getByRole('textbox', { name: 'Workspace name' }), 'xyz{Escape}')
    expect(currentName()).toBe('Team APIs')
  })

  it('switches workspaces, showing each one’s connections and selecting the first', async () => {
    const user = renderSidebar()
    const home = useWorkspaceStore.getState().currentWorkspaceId
    await user.click(screen.getByRole('button', { name: 'New workspace' }))
    await user.keyboard('{Enter}')
    await user.click(screen.getByRole('button', { name: 'Add connection' }))
    expect(rowNames()).toEqual(['New connection'])

    await user.selectOptions(picker(), 'My workspace')
    expect(useWorkspaceStore.getState().currentWorkspaceId).toBe(home)
    expect(rowNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(screen.getByRole('button', { name: 'Demo echo' })).toHaveAttribute('aria-current', 'true')

    await user.selectOptions(picker(), 'New workspace')
    expect(rowNames()).toEqual(['New connection'])
    expect(screen.getByRole('button', { name: 'New connection' })).toHaveAttribute('aria-current', 'true')
  })

  it('duplicates the current workspace with fresh connection ids and shows the copy', async () => {
    const user = renderSidebar()
    const originalIds = selectCurrentWorkspace(useWorkspaceStore.getState())!.connections.map((c) => c.id)
    await user.click(screen.getByRole('button', { name: 'Duplicate workspace' }))
    expect(options()).toEqual(['My workspace', 'My workspace (copy)'])
    expect(picker()).toHaveDisplayValue('My workspace (copy)')
    expect(rowNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    const copyIds = selectCurrentWorkspace(useWorkspaceStore.getState())!.connections.map((c) => c.id)
    expect(copyIds.some((id) => originalIds.includes(id))).toBe(false)
  })

  it('asks before deleting, and Cancel keeps the workspace', async () => {
    const user = renderSidebar()
    await user.click(screen.getByRole('button', { name: 'Duplicate workspace' }))
    await user.click(screen.getByRole('button', { name: 'Delete workspace' }))
    const dialog = screen.getByRole('alertdialog')
    expect(dialog).toHaveTextContent('Delete workspace “My workspace (copy)” with its 6 connections')
    expect(within(dialog).getByRole('button', { name: 'Yes, delete' })).toHaveFocus()
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(options()).toEqual(['My workspace', 'My workspace (copy)'])

    await user.click(screen.getByRole('button', { name: 'Delete workspace' }))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(options()).toHaveLength(2)

    await user.click(screen.getByRole('button', { name: 'Delete workspace' }))
    await user.click(screen.getByRole('button', { name: 'Yes, delete' }))
    expect(options()).toEqual(['My workspace'])
    expect(picker()).toHaveDisplayValue('My workspace')
    expect(rowNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
  })

  it('replaces the last workspace with an empty one, and says so first', async () => {
    const user = renderSidebar()
    const before = useWorkspaceStore.getState().currentWorkspaceId
    await user.click(screen.getByRole('button', { name: 'Delete workspace' }))
    expect(screen.getByRole('alertdialog')).toHaveTextContent('It is your only workspace, so an empty one named “My workspace” takes its place.')
    await user.click(screen.getByRole('button', { name: 'Yes, delete' }))
    expect(options()).toEqual(['My workspace'])
    expect(useWorkspaceStore.getState().currentWorkspaceId).not.toBe(before)
    expect(screen.getByText('No connections in this workspace yet.')).toBeInTheDocument()
  })

  it('keeps connections of a workspace that is not shown connected', async () => {
    const server = await startWsServer()
    installTestRuntime({ createSocket: createNodeSocket })
    const user = renderSidebar()
    let live!: Connection
    act(() => {
      live = addConnection({ name: 'Live', url: server.url('/live') })
    })
    await act(async () => void connect(live.id))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Live' })).toHaveAccessibleDescription(/Connected$/))
    await user.click(screen.getByRole('button', { name: 'New workspace' }))
    await user.keyboard('{Enter}')
    expect(rowNames()).toEqual([])
    await user.selectOptions(picker(), 'My workspace')
    expect(selectRuntime(useSessionStore.getState(), live.id).status).toBe('open')
    expect(screen.getByRole('button', { name: 'Live' })).toHaveAccessibleDescription(/Connected$/)
    expect(server.closes).toEqual([])
  })
})
