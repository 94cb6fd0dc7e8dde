import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src/app.tsx'
import { setPaneSize, useLayoutStore } from '../../src/store/layout-store.ts'
import { LAYOUT_KEY } from '../../src/store/persistence/ui-preferences.ts'
import { PANE_LIMITS } from '../../src/store/pane-layout.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { connection } from '../workspace/sample-workspaces.ts'

function selectOneConnection() {
  const workspace = {
    id: 'w_1',
    name: 'Layout',
    connections: [connection({ id: 'c_1', name: 'Echo', url: 'ws://localhost:1/', protocols: [], draft: { text: '{}', mode: 'json' }, savedMessages: [] })],
  }
  useWorkspaceStore.setState({ workspaces: [workspace], currentWorkspaceId: 'w_1', selectedConnectionId: 'c_1' })
}

/** jsdom lays nothing out: give the app shell and the main area the sizes a 1024 × 768 window has. */
function windowOf(width: number) {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const sized = this.classList.contains('app') ? width : this.classList.contains('app-main') ? width - 245 : 0
    return { width: sized, height: sized === 0 ? 0 : 700, top: 0, left: 0, right: sized, bottom: 700, x: 0, y: 0, toJSON: () => ({}) } as DOMRect
  })
}

const splitter = (name: string) => screen.getByRole('separator', { name })

afterEach(() => vi.restoreAllMocks())

describe('resizable and collapsible panes', () => {
  it('a remembered wide sidebar is shown narrower on a 1024 px window (the timeline keeps its room) and keeps its stored size', () => {
    setPaneSize('sidebar', 450)
    windowOf(1024)
    render(<App />)
    // 1024 − (two 5 px splitters, the narrowest composer and the 360 px the timeline keeps).
    const fits = String(1024 - (10 + PANE_LIMITS.composer.min + 360))
    expect(splitter('Resize sidebar')).toHaveAttribute('aria-valuenow', fits)
    expect(splitter('Resize sidebar')).toHaveAttribute('aria-valuemax', fits)
    expect(document.querySelector<HTMLElement>('.app')?.style.getPropertyValue('--sidebar-size')).toBe(`${fits}px`)
    expect(useLayoutStore.getState().sidebar.size).toBe(450)
  })

  it('without a measured window the remembered size is shown as it is', () => {
    setPaneSize('sidebar', 300)
    render(<App />)
    expect(splitter('Resize sidebar')).toHaveAttribute('aria-valuenow', '300')
    expect(splitter('Resize sidebar')).toHaveAttribute('aria-valuemax', String(PANE_LIMITS.sidebar.max))
  })

  it('the sidebar collapses to a strip whose button brings it back, and the choice is stored', async () => {
    const user = userEvent.setup()
    render(<App />)
    const sidebar = screen.getByRole('complementary', { name: 'Saved connections' })
    await user.click(screen.getByRole('button', { name: 'Hide sidebar' }))
    expect(sidebar).not.toBeVisible()
    expect(screen.queryByRole('complementary', { name: 'Saved connections' })).toBeNull()
    expect(JSON.parse(localStorage.getItem(LAYOUT_KEY) ?? '{}').sidebar.collapsed).toBe(true)
    // The page keeps its heading and theme while the sidebar is away.
    expect(screen.getByRole('heading', { level: 1, name: 'Frameline' })).toBeInTheDocument()
    const show = screen.getByRole('button', { name: 'Show sidebar' })
    expect(show).toHaveAttribute('aria-expanded', 'false')
    await user.click(show)
    expect(screen.getByRole('complementary', { name: 'Saved connections' })).toBeVisible()
  })

  it('the composer collapses and comes back from its strip, with the keyboard on its splitter too', async () => {
    const user = userEvent.setup()
    selectOneConnection()
    windowOf(1024)
    render(<App />)
    expect(splitter('Resize composer')).toHaveAttribute('aria-valuenow', String(PANE_LIMITS.composer.initial))
    await user.click(screen.getByRole('button', { name: 'Hide composer' }))
    expect(screen.getByRole('button', { name: 'Send', hidden: true })).not.toBeVisible()
    expect(splitter('Resize composer')).toHaveAttribute('aria-valuetext', 'collapsed')
    act(() => splitter('Resize composer').focus())
    await user.keyboard('{Enter}')
    expect(screen.getByRole('button', { name: 'Send' })).toBeVisible()
    await user.keyboard('{ArrowRight}')
    expect(useLayoutStore.getState().composer.size).toBe(PANE_LIMITS.composer.initial + 10)
  })

  it('the palette hides the sidebar, and its commands and dialogs keep working while it is collapsed', async () => {
    const user = userEvent.setup()
    render(<App />)
    const runCommand = async (text: string) => {
      await user.keyboard('{Control>}k{/Control}')
      await user.type(await screen.findByRole('combobox', { name: 'Type to filter commands' }), text)
      await user.keyboard('{Enter}')
    }
    await runCommand('hide the sidebar')
    expect(screen.queryByRole('complementary', { name: 'Saved connections' })).toBeNull()
    await runCommand('export the w')
    expect(await screen.findByRole('dialog', { name: /^Export workspace/ })).toBeVisible()
  })
})
