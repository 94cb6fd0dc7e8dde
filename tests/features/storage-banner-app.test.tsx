import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, expect, it, vi } from 'vitest'
import { App } from '../../src/app.tsx'
import { startWorkspacePersistence, useWorkspaceStore, workspacePersistence } from '../../src/store/workspace-store.ts'

afterAll(() => {
  workspacePersistence.dispose()
  vi.unstubAllGlobals()
})

it('starts without IndexedDB, keeps working in memory and says so above the app', async () => {
  // What a browser with site storage blocked looks like to the app (jsdom has none either).
  vi.stubGlobal('indexedDB', undefined)
  await startWorkspacePersistence()
  const user = userEvent.setup()
  render(<App />)

  const alert = screen.getByRole('alert')
  expect(alert).toHaveTextContent('Browser storage is not available.')
  expect(alert).toHaveTextContent('Your changes are kept in memory in this tab')
  expect(screen.getByRole('button', { name: 'Export now' })).toBeEnabled()

  const url = screen.getByLabelText('URL', { exact: true })
  await user.clear(url)
  await user.type(url, 'ws://127.0.0.1:9/in-memory')
  const connection = useWorkspaceStore.getState().workspaces[0]?.connections[0]
  expect(connection?.url).toBe('ws://127.0.0.1:9/in-memory')
  expect(workspacePersistence.status.getState().hasUnsavedChanges).toBe(true)
})
