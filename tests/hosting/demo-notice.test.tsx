import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../src/app.tsx'
import { checkDemoBeforeStart } from '../../src/features/hosting/check-demo.ts'
import { setDemoAvailability } from '../../src/features/hosting/demo-availability.ts'
import { createInitialWorkspaceState, useWorkspaceStore } from '../../src/store/workspace-store.ts'

afterEach(() => setDemoAvailability('checking'))

describe('first run where the demo server is missing', () => {
  it('starts with no demo connections and explains the demo and how to get it', async () => {
    await checkDemoBeforeStart(async () => 'static')
    render(<App />)
    const sidebar = screen.getByRole('complementary', { name: 'Saved connections' })
    expect(sidebar.querySelectorAll('[data-connection-id]')).toHaveLength(0)
    const welcome = screen.getByRole('region', { name: 'No demo server here' })
    expect(welcome).toHaveTextContent('served by a static host')
    expect(welcome).toHaveTextContent('/demo/echo')
    expect(welcome).toHaveTextContent('npm install && npm run dev')
    expect(welcome).toHaveTextContent('Node.js 20.19')
  })

  it('words an unanswered check differently from a known static host', async () => {
    await checkDemoBeforeStart(async () => 'unknown')
    render(<App />)
    expect(screen.getByRole('region', { name: 'No demo server here' })).toHaveTextContent('could not reach a demo server')
  })

  it('keeps the demo connections where the demo server answered, and shows no notice', async () => {
    await checkDemoBeforeStart(async () => 'available')
    render(<App />)
    expect(useWorkspaceStore.getState().workspaces[0]?.connections.map((c) => c.name)).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(screen.queryByRole('region', { name: 'No demo server here' })).not.toBeInTheDocument()
    expect(screen.queryByText(/which this copy does not have/)).not.toBeInTheDocument()
  })

  it('a failing probe counts as "unknown", never as a crash', async () => {
    await checkDemoBeforeStart(() => Promise.reject(new Error('boom')))
    expect(useWorkspaceStore.getState().workspaces[0]?.connections).toEqual([])
  })
})

describe('a stored workspace with demo connections where the demo server is missing', () => {
  it('says the demo server did not answer when the check got no answer (offline)', () => {
    useWorkspaceStore.setState(createInitialWorkspaceState({ demo: true }), true)
    setDemoAvailability('unknown')
    render(<App />)
    expect(screen.getByText(/6 connections here point to the demo server/)).toHaveTextContent('which does not answer here')
  })

  it('shows nothing where the demo server answered', () => {
    useWorkspaceStore.setState(createInitialWorkspaceState({ demo: true }), true)
    setDemoAvailability('available')
    render(<App />)
    expect(screen.queryByText(/connections here point to the demo server/)).not.toBeInTheDocument()
  })

  it('says so above the app, and the banner can be dismissed', async () => {
    useWorkspaceStore.setState(createInitialWorkspaceState({ demo: true }), true)
    setDemoAvailability('static')
    render(<App />)
    const banner = screen.getByText(/6 connections here point to the demo server/).closest('[role="status"]')
    expect(banner).toHaveTextContent('npm run dev')
    expect(banner).toHaveTextContent('which this copy does not have')
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByText(/connections here point to the demo server/)).not.toBeInTheDocument()
  })
})
