import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Composer } from '../../src/features/composer/composer.tsx'
import { ConnectionHeader } from '../../src/features/connections/connection-header.tsx'
import { VariablesBar } from '../../src/features/variables/variables-bar.tsx'
import { VariablesDialog } from '../../src/features/variables/variables-dialog.tsx'
import { addEnvironment, addVariable, setActiveEnvironment } from '../../src/store/variable-actions.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'

afterEach(() => cleanup())

const workspace = () => selectCurrentWorkspace(useWorkspaceStore.getState())

describe('the Variables dialog', () => {
  it('adds variables by keyboard, masks a secret until revealed, and deletes with undo', async () => {
    const user = userEvent.setup()
    render(<VariablesDialog onClose={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Variables and environments' })
    await user.type(within(dialog).getByRole('textbox', { name: 'New variable' }), 'token')
    await user.type(within(dialog).getByLabelText('New variable value'), 'hunter2')
    await user.click(within(dialog).getByRole('checkbox', { name: 'Secret' }))
    await user.keyboard('{Enter}')
    expect(workspace()?.variables).toEqual([{ name: 'token', value: 'hunter2', secret: true }])

    const value = within(dialog).getByLabelText('Value of token')
    expect(value).toHaveAttribute('type', 'password')
    await user.click(within(dialog).getByRole('button', { name: 'Reveal value of token' }))
    expect(value).toHaveAttribute('type', 'text')
    expect(within(dialog).getByRole('button', { name: 'Hide value of token' })).toHaveAttribute('aria-pressed', 'true')

    // A name {{ }} cannot refer to is refused with the reason, and nothing is added.
    await user.type(within(dialog).getByRole('textbox', { name: 'New variable' }), '9lives{Enter}')
    expect(within(dialog).getByRole('alert')).toHaveTextContent('cannot be used in {{ }}')
    expect(workspace()?.variables).toHaveLength(1)

    await user.click(within(dialog).getByRole('button', { name: 'Delete variable token' }))
    expect(workspace()?.variables).toBeUndefined()
    await user.click(within(dialog).getByRole('button', { name: 'Undo' }))
    expect(workspace()?.variables).toEqual([{ name: 'token', value: 'hunter2', secret: true }])
  })

  it('adds an environment, edits its variables and makes it active', async () => {
    const user = userEvent.setup()
    render(<VariablesDialog onClose={() => {}} />)
    const dialog = screen.getByRole('dialog', { name: 'Variables and environments' })
    await user.click(within(dialog).getByRole('button', { name: 'Add environment' }))
    const [environment] = workspace()?.environments ?? []
    expect(environment?.name).toBe('Staging')
    await user.type(within(dialog).getByRole('textbox', { name: 'New variable' }), 'base')
    await user.type(within(dialog).getByLabelText('New variable value'), 'ws://staging{Enter}')
    expect(workspace()?.environments?.[0]?.variables).toEqual([{ name: 'base', value: 'ws://staging' }])
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Active environment' }), 'Staging')
    expect(workspace()?.activeEnvironmentId).toBe(environment?.id)
  })
})

describe('the environment switcher', () => {
  it('is off without environments and switches the active one', async () => {
    const user = userEvent.setup()
    render(<VariablesBar />)
    const select = screen.getByRole('combobox', { name: 'Environment' })
    expect(select).toBeDisabled()
    act(() => void addEnvironment('Prod'))
    expect(select).toBeEnabled()
    await user.selectOptions(select, 'Prod')
    expect(workspace()?.activeEnvironmentId).toBe(workspace()?.environments?.[0]?.id)
    await user.selectOptions(select, 'No environment')
    expect(workspace()?.activeEnvironmentId).toBeUndefined()
  })
})

describe('the composer preview', () => {
  it('shows the expanded draft with secrets masked, follows the environment, and names an unknown variable', async () => {
    addVariable(null, 'token', 'hunter2', true)
    addVariable(null, 'who', 'ann')
    const env = addEnvironment('Staging')
    if (!env.ok) throw new Error(env.error)
    addVariable(env.environment.id, 'who', 'bob')
    const connection = addConnection({ name: 'x', url: 'ws://127.0.0.1:9/', draft: { text: '{"t":"{{token}}","who":"{{who}}","n":{{$counter}}}', mode: 'json' } })
    render(<Composer connectionId={connection.id} />)
    const preview = await screen.findByLabelText('Expanded payload')
    expect(preview).toHaveTextContent('{"t":"••••••","who":"ann","n":1}')
    expect(document.body.textContent).not.toContain('hunter2')
    // Checked as it will be sent: the template itself is not JSON, the expansion is.
    expect(screen.getByText('Valid JSON')).toBeInTheDocument()
    act(() => void setActiveEnvironment(env.environment.id))
    expect(await screen.findByText('{"t":"••••••","who":"bob","n":1}')).toBeInTheDocument()
  })

  it('names an unknown variable before sending', async () => {
    const connection = addConnection({ name: 'x', url: 'ws://127.0.0.1:9/', draft: { text: 'hi {{nobody}}', mode: 'text' } })
    render(<Composer connectionId={connection.id} />)
    expect(await screen.findByLabelText('Expanded payload')).toHaveTextContent(/^Unknown variable \{\{nobody\}\}/)
  })

  it('shows no preview for a draft without placeholders', async () => {
    const connection = addConnection({ name: 'x', url: 'ws://127.0.0.1:9/', draft: { text: '{"a":1}', mode: 'json' } })
    render(<Composer connectionId={connection.id} />)
    await screen.findByText('Valid JSON')
    expect(screen.queryByLabelText('Expanded payload')).toBeNull()
  })
})

describe('a templated URL in the connection header', () => {
  it('accepts {{base}}/x, shows where it connects, and names an unknown variable', async () => {
    addVariable(null, 'base', 'ws://127.0.0.1:9')
    const known = addConnection({ name: 'Known', url: '{{base}}/x' })
    const { unmount } = render(<ConnectionHeader connectionId={known.id} />)
    expect(screen.getByLabelText('Expanded URL')).toHaveTextContent('Connects to ws://127.0.0.1:9/x')
    expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled()
    unmount()
    const unknown = addConnection({ name: 'Unknown', url: '{{host}}/x' })
    render(<ConnectionHeader connectionId={unknown.id} />)
    expect(screen.getByText(/Unknown variable \{\{host\}\}/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Connect' })).toBeDisabled()
  })
})
