import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { Composer } from '../../src/features/composer/composer.tsx'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'

// As if Monaco's chunk could not be fetched (a broken deploy, a host that blocks it).
vi.mock('../../src/editor/payload-editor.tsx', () => {
  throw new Error('Failed to fetch dynamically imported module')
})

describe('composer when the code editor cannot load', () => {
  it('falls back to a plain text box that still edits the draft and handles Ctrl+Enter', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const user = userEvent.setup()
    const { id } = addConnection({ name: 'Fallback', draft: { text: '{"a": 1}', mode: 'json' } })
    render(<Composer key={id} connectionId={id} />)

    expect(await screen.findByText(/The code editor could not load/)).toBeInTheDocument()
    const box = screen.getByRole('textbox', { name: 'Payload (JSON)' })
    expect(box).toHaveValue('{"a": 1}')
    await user.type(box, ' ')
    expect(getConnection(id)?.draft.text).toBe('{"a": 1} ')
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(screen.getByText(/^Not sent: not connected/)).toBeInTheDocument()
  })
})
