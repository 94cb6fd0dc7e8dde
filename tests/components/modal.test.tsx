import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { Modal } from '../../src/components/modal.tsx'

describe('Modal', () => {
  it('puts focus inside even when its autofocus target is still disabled, so Escape closes it', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    render(
      <Modal title="Waiting" onClose={onClose}>
        <label>
          Pick
          <input type="checkbox" />
        </label>
        <button type="button" disabled data-autofocus>
          Copy
        </button>
      </Modal>,
    )
    expect(screen.getByRole('checkbox', { name: 'Pick' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(1)
  })

  it('focuses the dialog itself when it has nothing else to focus', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    render(
      <Modal title="Just text" onClose={onClose}>
        <p>Nothing to press.</p>
      </Modal>,
    )
    expect(screen.getByRole('dialog', { name: 'Just text' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(1)
  })
})
