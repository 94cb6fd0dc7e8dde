import { render, screen } from '@testing-library/react'
import { expect, it } from 'vitest'
import { App } from '../src/app.tsx'
import { AppErrorBoundary } from '../src/components/app-error-boundary.tsx'
import { useWorkspaceStore } from '../src/store/workspace-store.ts'
import { connection } from './workspace/sample-workspaces.ts'

it('renders a selected connection whose id names an Object.prototype member (stored before imports renamed such ids)', () => {
  const workspace = {
    id: 'w_1',
    name: 'Odd ids',
    connections: [
      connection({ id: 'constructor', name: 'Odd', url: 'ws://localhost:1/', protocols: [], draft: { text: '{}', mode: 'json' }, savedMessages: [] }),
      connection({ id: 'toString', name: 'Odder', url: 'ws://localhost:1/', protocols: [], draft: { text: '', mode: 'text' }, savedMessages: [] }),
    ],
  }
  useWorkspaceStore.setState({ workspaces: [workspace], currentWorkspaceId: 'w_1', selectedConnectionId: 'constructor' })
  render(
    <AppErrorBoundary>
      <App />
    </AppErrorBoundary>,
  )
  expect(screen.queryByText('Something went wrong while drawing this screen')).not.toBeInTheDocument()
  expect(screen.getByRole('heading', { name: 'No frames yet' })).toBeInTheDocument()
})
