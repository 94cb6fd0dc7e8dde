import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MessageFrame } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { Timeline } from '../../src/features/timeline/timeline.tsx'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

const MIB = 1024 * 1024

function text(payload: string): Omit<MessageFrame, 'id'> {
  return { at: 0, kind: 'message', direction: 'in', payload, size: payload.length }
}

function push(connectionId: string, count: number, prefix = 'm') {
  act(() =>
    playNow(
      client,
      connectionId,
      Array.from({ length: count }, (_, i) => text(`${prefix}${i}`)),
    ),
  )
}

let connectionId = ''
let client: InProcessClient
/** Frames the runtime retains for a connection now. */
const retained = (id: string) => client.runtime.log(id)?.length() ?? 0
let restoreSize: () => void = () => {}

beforeEach(() => {
  client = installTestRuntime({ schedule: () => {} })
  connectionId = addConnection({ name: 'Test', url: 'ws://127.0.0.1:1/echo' }).id
  restoreSize = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})

afterEach(() => {
  restoreSize()
})

const framesField = () => screen.getByRole('textbox', { name: 'Keep at most (frames)' })
const megabytesField = () => screen.getByRole('textbox', { name: 'Keep at most (MB)' })
const panel = () => screen.getByRole('form', { name: 'Timeline retention' })
const preferences = () => useWorkspaceStore.getState().preferences

async function openPanel(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Retention settings' }))
  // The panel loads on first use.
  return screen.findByRole('form', { name: 'Timeline retention' })
}

describe('Timeline retention settings', () => {
  it('shows the limits in force in the stats strip and in the fields', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(connectionId, 3)
    const stats = screen.getByLabelText('Timeline statistics')
    expect(stats).toHaveTextContent('Retained3 · 6 BMax200,000 · 256 MBDropped0')
    expect(within(stats).getByText('Max').parentElement).toHaveAttribute(
      'title',
      expect.stringContaining('newest 200,000 frames or 256 MB of payload'),
    )

    const form = await openPanel(user)
    expect(screen.getByRole('button', { name: 'Retention settings' })).toHaveAttribute('aria-expanded', 'true')
    expect(framesField()).toHaveValue('200,000')
    expect(framesField()).toHaveFocus()
    expect(megabytesField()).toHaveValue('256')
    expect(form).toHaveTextContent('Applies to every connection, and to the timelines already captured.')
  })

  it('says how many frames a lower limit drops, applies it on confirmation, and saves the preference', async () => {
    const user = userEvent.setup()
    const other = addConnection({ name: 'Other', url: 'ws://127.0.0.1:1/other' }).id
    render(<Timeline connectionId={connectionId} />)
    push(connectionId, 150)
    push(other, 130, 'o')
    await openPanel(user)

    await user.clear(framesField())
    await user.type(framesField(), '100')
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }))
    // Nothing has gone yet: the user is asked first, with the counts (once the runtime has answered them).
    expect(await within(panel()).findByRole('alert')).toHaveTextContent(
      'These limits drop 80 frames retained now: 50 from this connection and 30 from another connection.',
    )
    expect(retained(connectionId)).toBe(150)
    expect(preferences().maxFramesPerConnection).toBe(200_000)

    await user.click(within(panel()).getByRole('button', { name: 'Drop 80 frames and apply' }))
    act(() => client.runtime.flush())
    expect(preferences().maxFramesPerConnection).toBe(100)
    expect(preferences().maxBytesPerConnection).toBe(256 * MIB)
    expect(retained(connectionId)).toBe(100)
    expect(retained(other)).toBe(100)
    expect(within(panel()).getByRole('status')).toHaveTextContent('Applied: every connection keeps at most 100 frames or 256 MB.')
    expect(screen.getByRole('note')).toHaveTextContent(
      '50 older frames dropped (retention limit: the newest 100 frames or 256 MB per connection are kept)',
    )
    const stats = screen.getByLabelText('Timeline statistics')
    expect(stats).toHaveTextContent('Retained100 · 350 BMax100 · 256 MBDropped50')

    // New frames keep to the limit.
    push(connectionId, 5, 'n')
    expect(stats).toHaveTextContent('Dropped55')
  })

  it('Back leaves everything as it was', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(connectionId, 150)
    await openPanel(user)
    await user.clear(framesField())
    await user.type(framesField(), '120')
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }))
    expect(await within(panel()).findByRole('alert')).toHaveTextContent('These limits drop 30 frames retained now: 30 from this connection.')
    await user.click(within(panel()).getByRole('button', { name: 'Back' }))
    expect(within(panel()).queryByRole('alert')).not.toBeInTheDocument()
    expect(retained(connectionId)).toBe(150)
    expect(preferences().maxFramesPerConnection).toBe(200_000)
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
  })

  it('applies a limit that drops nothing at once', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(connectionId, 10)
    await openPanel(user)
    await user.clear(megabytesField())
    await user.type(megabytesField(), '1,024')
    await user.keyboard('{Enter}')
    // Applied once the runtime has answered that nothing would be dropped, without asking.
    expect(await within(panel()).findByRole('status')).toHaveTextContent('Applied: every connection keeps at most 200,000 frames or 1 GB.')
    expect(within(panel()).queryByRole('alert')).not.toBeInTheDocument()
    expect(preferences().maxBytesPerConnection).toBe(1024 * MIB)
    expect(within(panel()).getByText(/Large limits on several busy connections/)).toBeInTheDocument()
    expect(retained(connectionId)).toBe(10)
  })

  it.each([
    ['0', 'Too small: keep at least 100 frames (from 100 to 5,000,000).'],
    ['abc', 'Enter a whole number of frames, from 100 to 5,000,000.'],
    ['12.5', 'Enter a whole number of frames, from 100 to 5,000,000.'],
    ['', 'Enter a whole number of frames, from 100 to 5,000,000.'],
    ['5000001', 'Too large: at most 5,000,000 frames per connection (from 100 to 5,000,000).'],
  ])('explains why %j frames cannot be applied, and applies nothing', async (typed, message) => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    await openPanel(user)
    await user.clear(framesField())
    if (typed !== '') await user.type(framesField(), typed)
    expect(framesField()).toHaveAttribute('aria-invalid', 'true')
    expect(framesField()).toHaveAccessibleDescription(message)
    expect(within(panel()).getByRole('button', { name: 'Apply' })).toBeDisabled()
    await user.keyboard('{Enter}')
    expect(preferences().maxFramesPerConnection).toBe(200_000)
  })

  it.each([
    ['0', 'Too small: keep at least 1 MB (from 1 to 4,096).'],
    ['abc', 'Enter a whole number of MB, from 1 to 4,096.'],
    ['4097', 'Too large: at most 4,096 MB per connection (from 1 to 4,096).'],
  ])('explains why %j MB cannot be applied', async (typed, message) => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    await openPanel(user)
    await user.clear(megabytesField())
    await user.type(megabytesField(), typed)
    expect(megabytesField()).toHaveAccessibleDescription(message)
    expect(within(panel()).getByRole('button', { name: 'Apply' })).toBeDisabled()
  })

  it('Escape steps back from the confirmation, then closes the panel and returns focus to its button', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(connectionId, 150)
    await openPanel(user)
    await user.clear(framesField())
    await user.type(framesField(), '100')
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }))
    const drop = await within(panel()).findByRole('button', { name: 'Drop 50 frames and apply' })
    drop.focus()
    await user.keyboard('{Escape}')
    expect(within(panel()).queryByRole('alert')).not.toBeInTheDocument()
    expect(framesField()).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('form', { name: 'Timeline retention' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Retention settings' })).toHaveFocus()
    expect(retained(connectionId)).toBe(150)
  })

  it('keeps focus in the panel after applying, so Escape still closes it; a click outside closes it too', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(connectionId, 150)
    await openPanel(user)
    await user.clear(framesField())
    await user.type(framesField(), '100')
    await user.click(within(panel()).getByRole('button', { name: 'Apply' }))
    await user.click(await within(panel()).findByRole('button', { name: 'Drop 50 frames and apply' }))
    expect(framesField()).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('form', { name: 'Timeline retention' })).not.toBeInTheDocument()

    await openPanel(user)
    // Opened afresh from the limit now in force.
    expect(framesField()).toHaveValue('100')
    await user.click(screen.getByLabelText('Timeline statistics'))
    expect(screen.queryByRole('form', { name: 'Timeline retention' })).not.toBeInTheDocument()
  })
})
