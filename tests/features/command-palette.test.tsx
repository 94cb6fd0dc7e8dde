import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../src/app.tsx'
import { selectConnections } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'

const selectedName = () => {
  const state = useWorkspaceStore.getState()
  return selectConnections(state).find((c) => c.id === state.selectedConnectionId)?.name
}

describe('command palette (Ctrl+K)', () => {
  it('lists every action with its shortcut, filters as you type, and runs the chosen one', async () => {
    const user = userEvent.setup()
    render(<App />)
    expect(selectedName()).toBe('Demo echo')
    await user.keyboard('{Control>}k{/Control}')
    const palette = await screen.findByRole('dialog', { name: 'Commands' })
    const filter = within(palette).getByRole('combobox', { name: 'Type to filter commands' })
    expect(filter).toHaveFocus()
    const options = within(palette).getAllByRole('option')
    expect(options.map((o) => o.querySelector('.command-label')?.textContent)).toEqual(
      expect.arrayContaining(['New connection', 'Connect or disconnect', 'Next connection', 'Search the timeline', 'Clear the timeline', 'Export the workspace', 'Show keyboard shortcuts']),
    )
    expect(within(palette).getByRole('option', { name: /New connection.*Alt\+Shift\+N/ })).toBeInTheDocument()
    // Not connected: Send is listed, unavailable, with the reason.
    expect(within(palette).getByRole('option', { name: /Send the message/ })).toHaveAttribute('aria-disabled', 'true')

    await user.type(filter, 'next conn')
    expect(within(palette).getAllByRole('option')).toHaveLength(1)
    await user.keyboard('{Enter}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(selectedName()).toBe('Demo ticker')
  })

  it('runs a command through its own control: "Export the workspace" opens the export dialog', async () => {
    const user = userEvent.setup()
    render(<App />)
    await user.click(screen.getByRole('button', { name: 'Commands (Ctrl+K)' }))
    await user.type(await screen.findByRole('combobox', { name: 'Type to filter commands' }), 'export the w')
    await user.keyboard('{Enter}')
    expect(await screen.findByRole('dialog', { name: /^Export workspace/ })).toBeInTheDocument()
  })
})

describe('global shortcuts and the shortcut sheet (?)', () => {
  it('opens the sheet with ?, but not while typing in a field', async () => {
    const user = userEvent.setup()
    render(<App />)
    await user.click(screen.getByRole('textbox', { name: 'URL' }))
    await user.keyboard('?')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()

    await user.click(screen.getByRole('heading', { level: 1 }))
    await user.keyboard('?')
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })
    const row = within(sheet).getByRole('row', { name: /New connection/ })
    expect(row).toHaveTextContent('Alt+Shift+N')
    expect(within(sheet).getByRole('row', { name: /Show all commands/ })).toHaveTextContent('Ctrl+K')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('moves between connections with Alt+Shift+arrows and adds one with Alt+Shift+N, from anywhere', async () => {
    const user = userEvent.setup()
    render(<App />)
    await user.click(screen.getByRole('heading', { level: 1 }))
    await user.keyboard('{Alt>}{Shift>}{ArrowDown}{/Shift}{/Alt}')
    expect(selectedName()).toBe('Demo ticker')
    await user.keyboard('{Alt>}{Shift>}{ArrowUp}{ArrowUp}{/Shift}{/Alt}')
    // Wraps around: up from the first is the last.
    expect(selectedName()).toBe('Demo WebSocketStream')
    await user.keyboard('{Alt>}{Shift>}N{/Shift}{/Alt}')
    expect(selectedName()).toBe('New connection')
    expect(screen.getByRole('textbox', { name: 'URL' })).toHaveFocus()
  })
})
