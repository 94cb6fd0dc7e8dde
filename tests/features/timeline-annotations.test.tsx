import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrameInput } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { Timeline } from '../../src/features/timeline/timeline.tsx'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

const AT = new Date(2026, 0, 2, 13, 4, 5, 67).getTime()
const message = (payload: string, i: number, direction: 'in' | 'out' = 'in'): FrameInput => ({ at: AT + i, kind: 'message', direction, payload, size: payload.length })

let client: InProcessClient
let connectionId = ''
let restoreSize: () => void = () => {}

beforeEach(() => {
  client = installTestRuntime()
  connectionId = addConnection({ name: 'Annotated', url: 'ws://127.0.0.1:1/echo' }).id
  restoreSize = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})
afterEach(() => restoreSize())

const rows = () => within(screen.getByRole('listbox', { name: 'Frames' })).queryAllByRole('option')

describe('pins and notes in the timeline', () => {
  it('pins the selected row with P, marks it in its accessible name, and unpins it again', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, [message('alpha', 0), message('beta', 1, 'out')]))
    await user.click(rows()[1]!)
    screen.getByRole('listbox', { name: 'Frames' }).focus()
    await user.keyboard('p')
    await waitFor(() => expect(rows()[1]).toHaveAccessibleName(expect.stringContaining('Pinned.')))
    expect(rows()[0]).not.toHaveAccessibleName(expect.stringContaining('Pinned'))
    expect(screen.getByRole('button', { name: 'Pinned (1)' })).toBeInTheDocument()
    await user.keyboard('P')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pinned (0)' })).toBeInTheDocument())
    expect(rows()[1]).not.toHaveAccessibleName(expect.stringContaining('Pinned'))
  })

  it('pins from the selected row\'s pin toggle with the pointer (only the selected row has one)', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, [message('alpha', 0), message('beta', 1)]))
    expect(within(rows()[0]!).queryByTitle('Pin this frame (P)')).toBeNull()
    await user.click(rows()[0]!)
    await user.click(within(rows()[0]!).getByTitle('Pin this frame (P)'))
    await waitFor(() => expect(rows()[0]).toHaveAccessibleName(expect.stringContaining('Pinned.')))
    expect(within(rows()[0]!).getByTitle('Unpin this frame (P)')).toBeInTheDocument()
    expect(within(rows()[1]!).queryByTitle(/pin this frame/i)).toBeNull()
  })

  it('adds a note from the detail pane, refuses one over 2,000 characters with a message and keeps the text', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, [message('alpha', 0)]))
    await user.click(rows()[0]!)
    const detail = await screen.findByRole('region', { name: 'Frame detail' })
    await user.click(within(detail).getByRole('button', { name: 'Add note' }))
    const box = within(detail).getByRole('textbox', { name: 'Note on this frame' })
    await user.type(box, 'first <b>look</b>')
    await user.click(within(detail).getByRole('button', { name: 'Save note' }))
    await waitFor(() => expect(rows()[0]).toHaveAccessibleName(expect.stringContaining('Note: first <b>look</b>.')))
    // Shown as text, never as markup.
    expect(within(detail).getByText('first <b>look</b>')).toBeInTheDocument()
    expect(detail.querySelector('b')).toBeNull()

    await user.click(within(detail).getByRole('button', { name: 'Edit note' }))
    const edit = within(detail).getByRole('textbox', { name: 'Note on this frame' })
    await user.clear(edit)
    await user.click(edit)
    await user.paste('x'.repeat(2_001))
    expect(within(detail).getByRole('alert')).toHaveTextContent('A note holds at most 2,000 characters; this one has 2,001.')
    expect(edit).toHaveAttribute('aria-invalid', 'true')
    await user.click(within(detail).getByRole('button', { name: 'Save note' }))
    // Nothing saved, nothing lost: the draft is still there, the note still the old one.
    expect(edit).toHaveValue('x'.repeat(2_001))
    expect(rows()[0]).toHaveAccessibleName(expect.stringContaining('Note: first <b>look</b>.'))

    await user.click(within(detail).getByRole('button', { name: 'Cancel' }))
    await user.click(within(detail).getByRole('button', { name: 'Delete note' }))
    await waitFor(() => expect(rows()[0]).not.toHaveAccessibleName(expect.stringContaining('Note:')))
  })

  it('lists pinned frames with time, preview and note; choosing one selects it; Unpin removes it', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, Array.from({ length: 30 }, (_, i) => message(`frame-${i}`, i))))
    await act(async () => {
      await client.annotate(connectionId, 3, { pinned: true, note: 'look here' })
      await client.annotate(connectionId, 20, { pinned: true })
    })
    await user.click(await screen.findByRole('button', { name: 'Pinned (2)' }))
    const panel = screen.getByRole('group', { name: 'Pinned frames' })
    const items = await within(panel).findAllByRole('listitem')
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent('frame-3')
    expect(items[0]).toHaveTextContent('Note: look here')
    expect(items[0]).toHaveTextContent('13:04:05.070')
    await user.click(within(items[0]!).getByRole('button', { name: /frame-3/ }))
    // The detail pane shows the frame jumped to, and its row (scrolled into view) is the selected one.
    const detail = await screen.findByRole('region', { name: 'Frame detail' })
    await waitFor(() => expect(within(detail).getByText('look here')).toBeInTheDocument())
    await waitFor(() => expect(within(screen.getByRole('listbox', { name: 'Frames' })).getByRole('option', { selected: true })).toHaveTextContent('frame-3'))

    await user.click(screen.getByRole('button', { name: 'Pinned (2)' }))
    await user.click(within(screen.getByRole('group', { name: 'Pinned frames' })).getAllByRole('button', { name: /^Unpin the frame/ })[1]!)
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pinned (1)' })).toBeInTheDocument())
  })

  it('a pinned frame hidden by the filter, chosen from the list, still shows as pinned in the detail pane', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, [message('sent one', 0, 'out'), message('received one', 1, 'in')]))
    await act(async () => {
      await client.annotate(connectionId, 1, { pinned: true, note: 'hidden but pinned' })
    })
    await user.click(screen.getByRole('button', { name: 'Sent' }))
    await waitFor(() => expect(rows()).toHaveLength(1))
    await user.click(await screen.findByRole('button', { name: 'Pinned (1)' }))
    await user.click(await screen.findByRole('button', { name: /received one/ }))
    const detail = await screen.findByRole('region', { name: 'Frame detail' })
    expect(await within(detail).findByRole('button', { name: '★ Unpin' })).toHaveAttribute('aria-pressed', 'true')
    expect(within(detail).getByText('hidden but pinned')).toBeInTheDocument()
    // Unpinned from the pane, it says so at once, though no row of this view shows the frame.
    await user.click(within(detail).getByRole('button', { name: '★ Unpin' }))
    expect(await within(detail).findByRole('button', { name: 'Pin' })).toHaveAttribute('aria-pressed', 'false')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pinned (0)' })).toBeInTheDocument())
  })

  it('says how many pinned frames retention dropped', async () => {
    const user = userEvent.setup()
    client.setRetention({ maxFrames: 5, maxBytes: 1 << 20 })
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, Array.from({ length: 5 }, (_, i) => message(`m${i}`, i))))
    await act(async () => {
      await client.annotate(connectionId, 0, { pinned: true })
    })
    act(() => playNow(client, connectionId, [message('pushes m0 out', 9)]))
    await user.click(await screen.findByRole('button', { name: 'Pinned (0)' }))
    expect(await screen.findByText('1 pinned frame was dropped by the retention limit, and its pin with it.')).toBeInTheDocument()
  })
})
