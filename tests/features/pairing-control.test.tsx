import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrameInput } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { Timeline } from '../../src/features/timeline/timeline.tsx'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

const AT = new Date(2026, 0, 2, 13, 4, 5, 67).getTime()
const at = (offset: number, payload: string, direction: 'in' | 'out'): FrameInput => ({ at: AT + offset, kind: 'message', direction, payload, size: payload.length })

let client: InProcessClient
let connectionId = ''
let restore: () => void = () => {}

beforeEach(() => {
  client = installTestRuntime({ schedule: () => {} })
  connectionId = addConnection({ name: 'Orders', url: 'ws://127.0.0.1:1/orders' }).id
  restore = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})

afterEach(() => restore())

const rows = () => within(screen.getByRole('listbox', { name: 'Frames' })).queryAllByRole('option')
const previews = () => rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)
const latency = () => within(screen.getByLabelText('Timeline statistics')).queryByText('Latency')?.nextElementSibling?.textContent

describe('Pair by… next to the Decode menu', () => {
  it('pairs by the typed paths, refuses a path it cannot read without losing what was typed, and clears back to the decoder', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() =>
      playNow(client, connectionId, [
        at(0, '{"id":1,"op":"list"}', 'out'),
        at(4, '{"id":2,"op":"get"}', 'out'),
        at(9, 'plain text', 'in'),
        at(15, '{"replyTo":1,"items":[]}', 'in'),
      ]),
    )
    expect(screen.getByText('Not paired')).toBeInTheDocument()
    expect(latency()).toBeUndefined()

    const button = screen.getByRole('button', { name: 'Pair by…' })
    await user.click(button)
    // What aria-controls names is in the document at once, while the panel's chunk still loads.
    expect(button).toHaveAttribute('aria-expanded', 'true')
    expect(document.getElementById(button.getAttribute('aria-controls') ?? '')).not.toBeNull()
    const panel = await screen.findByRole('form', { name: 'Pair requests and replies' })
    const request = within(panel).getByLabelText('Request path')
    expect(request).toHaveFocus()
    await user.type(request, '$.id')
    const reply = within(panel).getByLabelText('Reply path')
    // Checked as typed: "[" opens a bracket the path never closes ("[[" is user-event's "[").
    await user.type(reply, '$.replyTo[[')
    expect(reply).toHaveValue('$.replyTo[')
    expect(reply).toHaveAttribute('aria-invalid', 'true')
    expect(reply).toHaveAccessibleDescription(/Cannot read the JSON path "\$\.replyTo\[" at "\["/)
    await user.click(within(panel).getByRole('button', { name: 'Apply' }))
    // Refused: nothing stored, the panel stays with the text, focus on the bad field.
    expect(getConnection(connectionId)?.pairing).toBeUndefined()
    expect(reply).toHaveValue('$.replyTo[')
    expect(reply).toHaveFocus()

    await user.clear(reply)
    await user.type(reply, '$.replyTo')
    expect(reply).not.toHaveAttribute('aria-invalid')
    await user.click(within(panel).getByRole('button', { name: 'Apply' }))
    expect(getConnection(connectionId)?.pairing).toEqual({ request: '$.id', reply: '$.replyTo' })
    expect(screen.queryByRole('form', { name: 'Pair requests and replies' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Pair by…' })).toHaveFocus()
    expect(screen.getByText('Pairs by $.id → $.replyTo')).toBeInTheDocument()
    expect(previews()).toEqual(['{"id":1,"op":"list"}', '{"id":2,"op":"get"}', 'plain text', '{"replyTo":1,"items":[]} · 15 ms'])
    expect(latency()).toBe('1 paired · p50 15 ms · p95 15 ms · max 15 ms · 1 unanswered')

    // The panel opens with the setting; Clear goes back to the decoder's pairing (none here).
    await user.click(screen.getByRole('button', { name: 'Pair by…' }))
    const again = await screen.findByRole('form', { name: 'Pair requests and replies' })
    expect(within(again).getByLabelText('Request path')).toHaveValue('$.id')
    expect(within(again).getByLabelText('Reply path')).toHaveValue('$.replyTo')
    await user.click(within(again).getByRole('button', { name: 'Clear' }))
    expect(getConnection(connectionId)?.pairing).toBeUndefined()
    expect(screen.getByText('Not paired')).toBeInTheDocument()
    expect(previews()[3]).toBe('{"replyTo":1,"items":[]}')
  })

  it('says what the decoder pairs by, and an empty path is refused on Apply', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    await user.selectOptions(screen.getByLabelText('Decode as'), 'json-rpc')
    expect(screen.getByText('Pairs by JSON-RPC id')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Pair by…' }))
    const panel = await screen.findByRole('form', { name: 'Pair requests and replies' })
    // Nothing typed yet: no message.
    expect(within(panel).getByLabelText('Request path')).not.toHaveAttribute('aria-invalid')
    await user.selectOptions(within(panel).getByLabelText('Requests are'), 'both')
    await user.type(within(panel).getByLabelText('Reply path'), '$.re')
    await user.click(within(panel).getByRole('button', { name: 'Apply' }))
    expect(within(panel).getByLabelText('Request path')).toHaveAccessibleDescription(/The JSON path is empty/)
    expect(getConnection(connectionId)?.pairing).toBeUndefined()
    await user.type(within(panel).getByLabelText('Request path'), '$.id')
    await user.click(within(panel).getByRole('button', { name: 'Apply' }))
    expect(getConnection(connectionId)?.pairing).toEqual({ request: '$.id', reply: '$.re', requests: 'both' })
    expect(screen.getByText('Pairs by $.id → $.re (both directions)')).toBeInTheDocument()

    // Escape closes without changing anything.
    await user.click(screen.getByRole('button', { name: 'Pair by…' }))
    await user.clear(await screen.findByLabelText('Request path'))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('form', { name: 'Pair requests and replies' })).not.toBeInTheDocument()
    expect(getConnection(connectionId)?.pairing).toEqual({ request: '$.id', reply: '$.re', requests: 'both' })
  })

  it('"Pair by this field" in the detail tree sets the request path from a sent frame and the reply path from a received one', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, [at(0, '{"meta":{"id":"a-1"}}', 'out'), at(20, '{"re":"a-1","ok":true}', 'in')]))
    const detail = () => screen.getByRole('region', { name: 'Frame detail' })
    const pick = async (row: number, path: string) => {
      await user.click(rows()[row]!)
      await screen.findByRole('region', { name: 'Frame detail' })
      await user.click(within(detail()).getByRole('button', { name: 'Tree' }))
      const tree = await within(detail()).findByRole('list', { name: 'Payload as a tree' })
      // The root is no key: the action waits for a field.
      expect(within(detail()).getByRole('button', { name: 'Pair by this field' })).toBeDisabled()
      await user.click(within(tree).getByRole('button', { name: path }))
      await user.click(within(detail()).getByRole('button', { name: 'Pair by this field' }))
    }

    await pick(0, '$.meta.id')
    expect(await within(detail()).findByText(/^Pairs by \$\.meta\.id → \$\.meta\.id\./)).toBeInTheDocument()
    expect(getConnection(connectionId)?.pairing).toEqual({ request: '$.meta.id', reply: '$.meta.id' })

    await pick(1, '$.re')
    expect(getConnection(connectionId)?.pairing).toEqual({ request: '$.meta.id', reply: '$.re' })
    expect(screen.getByText('Pairs by $.meta.id → $.re')).toBeInTheDocument()
    expect(previews()).toEqual(['{"meta":{"id":"a-1"}}', '{"re":"a-1","ok":true} · 20 ms'])
  })
})
