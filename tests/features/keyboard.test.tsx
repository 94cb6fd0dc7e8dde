import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../src/app.tsx'
import { Composer } from '../../src/features/composer/composer.tsx'
import { ConnectionHeader } from '../../src/features/connections/connection-header.tsx'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'

describe('keyboard: adding a connection', () => {
  it('puts focus in the new connection’s URL field, without calling the empty field an error', async () => {
    const user = userEvent.setup()
    render(<App />)
    await user.click(screen.getByRole('button', { name: 'Add connection' }))
    const url = screen.getByRole('textbox', { name: 'URL' })
    expect(url).toHaveFocus()
    expect(url).toHaveValue('')
    // Nothing typed yet: no error state, no error text, and Connect is simply unavailable.
    expect(url).not.toHaveAttribute('aria-invalid')
    expect(screen.queryByText('Enter a URL starting with ws:// or wss://.')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Connect' })).toBeDisabled()

    // Once the user has typed, a wrong URL is an error, and so is emptying it again.
    await user.type(url, 'ftp://x')
    expect(url).toHaveAttribute('aria-invalid', 'true')
    await user.clear(url)
    expect(url).toHaveAttribute('aria-invalid', 'true')
    expect(url).toHaveAccessibleDescription('Enter a URL starting with ws:// or wss://.')
  })

  it('does not move focus into the header when a connection is merely selected', async () => {
    const user = userEvent.setup()
    render(<App />)
    await user.click(screen.getByRole('button', { name: 'Demo ticker' }))
    expect(screen.getByRole('button', { name: 'Demo ticker' })).toHaveFocus()
  })
})

describe('keyboard: the payload editor', () => {
  function renderComposer() {
    const connection = addConnection({ name: 'Keys', draft: { text: 'ab', mode: 'text' } })
    render(
      <>
        <ConnectionHeader connectionId={connection.id} />
        <Composer connectionId={connection.id} />
      </>,
    )
    return connection.id
  }

  it('says on screen that Tab leaves the editor, and Ctrl+M makes Tab indent instead', async () => {
    const user = userEvent.setup()
    const id = renderComposer()
    const editor = await screen.findByRole('textbox', { name: /^Payload/ })
    expect(screen.getByRole('button', { name: 'Tab: leave editor · Ctrl+M: indent' })).toBeVisible()

    await user.click(editor)
    await user.keyboard('{End}')
    await user.tab()
    expect(editor).not.toHaveFocus()
    expect(getConnection(id)?.draft.text).toBe('ab')

    await user.click(editor)
    await user.keyboard('{End}{Control>}m{/Control}')
    expect(screen.getByRole('button', { name: 'Tab: indent · Ctrl+M: leave editor' })).toBeVisible()
    await user.keyboard('{Tab}')
    expect(editor).toHaveFocus()
    expect(getConnection(id)?.draft.text).toBe('ab  ')

    // The on-screen switch does the same, for whoever uses a pointer.
    await user.click(screen.getByRole('button', { name: 'Tab: indent · Ctrl+M: leave editor' }))
    expect(screen.getByRole('button', { name: 'Tab: leave editor · Ctrl+M: indent' })).toBeVisible()
  })
})

describe('keyboard: Ctrl/Cmd+Enter in the connection view', () => {
  it('sends (or says why not) from anywhere in <main>, not only the editor; not from the sidebar or a dialog', async () => {
    const user = userEvent.setup()
    const connection = addConnection({ name: 'Anywhere', url: 'ws://127.0.0.1:1/', draft: { text: '{}', mode: 'json' } })
    render(
      <>
        <aside>
          <button type="button">In the sidebar</button>
        </aside>
        <main>
          <ConnectionHeader connectionId={connection.id} />
          <Composer connectionId={connection.id} />
        </main>
        <div role="dialog" aria-label="Some dialog">
          <button type="button">In a dialog</button>
        </div>
      </>,
    )
    await screen.findByRole('textbox', { name: /^Payload/ })
    await user.click(screen.getByRole('button', { name: 'In the sidebar' }))
    await user.keyboard('{Control>}{Enter}{/Control}')
    await user.click(screen.getByRole('button', { name: 'In a dialog' }))
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()

    // From the URL field: the composer answers (not connected), and the form did not connect.
    await user.click(screen.getByRole('textbox', { name: 'URL' }))
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Not sent: not connected — press Connect above to send.')
    expect(screen.getByRole('button', { name: 'Connect' })).toBeInTheDocument()
  })
})
