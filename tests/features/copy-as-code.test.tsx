import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { CopyAsCodeDialog } from '../../src/features/workspace-io/copy-as-code-dialog.tsx'
import { WorkspaceMenu } from '../../src/features/workspace-io/workspace-menu.tsx'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { connection } from '../workspace/sample-workspaces.ts'

function useWorkspace() {
  const echo = connection({
    id: 'c_echo',
    name: 'Echo',
    url: '{{base}}/demo/echo',
    protocols: [],
    draft: { text: '{"token":"{{token}}"}', mode: 'json' },
    savedMessages: [{ id: 'm_hi', name: 'Hi', text: 'hi {{user}}', mode: 'text' }],
  })
  useWorkspaceStore.setState({
    workspaces: [
      {
        id: 'w1',
        name: 'Team',
        connections: [echo],
        variables: [
          { name: 'base', value: 'ws://localhost:5173' },
          { name: 'user', value: 'ada' },
          { name: 'token', value: 'T0K3N', secret: true },
        ],
      },
    ],
    currentWorkspaceId: 'w1',
    selectedConnectionId: 'c_echo',
  })
  return echo
}

describe('Copy as code', () => {
  it('opens from the sidebar menu and shows browser code for the draft, with secrets read from the environment', async () => {
    useWorkspace()
    const user = userEvent.setup()
    render(<WorkspaceMenu />)
    await user.click(screen.getByRole('button', { name: 'Copy as code' }))
    const dialog = await screen.findByRole('dialog', { name: 'Copy “Echo” as code' })
    const code = within(dialog).getByRole('textbox', { name: 'Code' })
    expect((code as HTMLTextAreaElement).value).toContain('new WebSocket("ws://localhost:5173/demo/echo")')
    expect((code as HTMLTextAreaElement).value).toContain('process.env.TOKEN')
    expect((code as HTMLTextAreaElement).value).not.toContain('T0K3N')
  })

  it('switches client, message and variables, warns before writing secrets in, and copies', async () => {
    const echo = useWorkspace()
    const writeClipboard = vi.fn(async () => undefined)
    const user = userEvent.setup()
    render(<CopyAsCodeDialog connection={echo} onClose={() => undefined} writeClipboard={writeClipboard} />)
    await user.selectOptions(screen.getByRole('combobox', { name: 'Client' }), 'wscat')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Message' }), 'Saved: Hi')
    expect(screen.getByRole('textbox', { name: 'Code' })).toHaveValue("wscat -c 'ws://localhost:5173/demo/echo' -x 'hi ada' -w 5\n")
    await user.click(screen.getByRole('radio', { name: /environment variables/ }))
    expect(screen.getByRole('textbox', { name: 'Code' })).toHaveValue('wscat -c "${BASE}/demo/echo" -x "hi ${USER}" -w 5\n')
    await user.click(screen.getByRole('radio', { name: /Write their values in/ }))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Message' }), 'The composer’s draft')
    await user.click(screen.getByRole('checkbox', { name: /Write secret values in too/ }))
    expect(screen.getByText(/contain your secrets in clear text/)).toBeInTheDocument()
    expect((screen.getByRole('textbox', { name: 'Code' }) as HTMLTextAreaElement).value).toContain('T0K3N')
    await user.click(screen.getByRole('button', { name: 'Copy' }))
    expect(writeClipboard).toHaveBeenCalledWith(expect.stringContaining("-x '{\"token\":\"T0K3N\"}'"))
    expect(await screen.findByRole('status')).toHaveTextContent('Copied.')
  })
})
