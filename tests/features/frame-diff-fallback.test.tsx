import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { MessageFrame } from '../../src/engine/frame.ts'
import FrameDiffDialog from '../../src/features/timeline/frame-diff-dialog.tsx'
import { diffView } from '../../src/features/timeline/frame-diff-text.ts'
import type { DiffSide } from '../../src/store/frame-diff-store.ts'

// As if the diff editor's chunk could not be fetched (offline before it was cached, a broken deploy).
vi.mock('../../src/editor/frame-diff-editor.tsx', () => {
  throw new Error('Failed to fetch dynamically imported module')
})

const AT = new Date(2026, 0, 2, 13, 4, 5, 67).getTime()

function side(id: number, payload: string) {
  const frame: MessageFrame = { id, at: AT, kind: 'message', direction: 'in', payload, size: payload.length }
  const marked: DiffSide = { connectionId: 'c', connectionName: 'Echo', frame, partial: false }
  return diffView(marked)
}

describe('frame diff when the diff editor cannot load', () => {
  it('says so and shows both frames as text; Escape still closes', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const user = userEvent.setup()
    const onClose = vi.fn()
    render(<FrameDiffDialog base={side(1, '{"v":1}')} compared={side(2, '{"v":2}')} onClose={onClose} />)
    const dialog = screen.getByRole('dialog', { name: 'Compare frames' })
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/The diff editor could not be loaded \(.+\)\. Both frames are shown as text instead\./)
    expect(within(dialog).getByLabelText(/^Base: Received/).textContent).toBe('{\n  "v": 1\n}')
    expect(within(dialog).getByLabelText(/^Compared: Received/).textContent).toBe('{\n  "v": 2\n}')
    await user.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledOnce()
  })
})
