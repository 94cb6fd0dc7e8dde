import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FrameInput, MessageFrame } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { bytesToBase64 } from '../../src/engine/traffic/base64.ts'
import { FrameDetail } from '../../src/features/timeline/frame-detail.tsx'
import { Timeline } from '../../src/features/timeline/timeline.tsx'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { clearDiffBase, diffChoice, useFrameDiffStore, type DiffSide } from '../../src/store/frame-diff-store.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

// Monaco cannot run in jsdom: the diff editor's module is replaced by one showing its two texts.
vi.mock('../../src/editor/frame-diff-editor.tsx', () => import('../support/frame-diff-editor-stub.tsx'))

const AT = new Date(2026, 0, 2, 13, 4, 5, 67).getTime()

function text(payload: string, direction: 'in' | 'out' = 'in', at = AT): Omit<MessageFrame, 'id'> {
  return { at, kind: 'message', direction, payload, size: new TextEncoder().encode(payload).length }
}

function binary(bytes: Uint8Array, direction: 'in' | 'out' = 'in'): Omit<MessageFrame, 'id'> {
  const payload = bytes.slice().buffer
  return { at: AT, kind: 'message', direction, payload, size: payload.byteLength }
}

let connectionId = ''
let client: InProcessClient
let restoreSize: () => void = () => {}

function push(...frames: FrameInput[]) {
  act(() => playNow(client, connectionId, frames))
}

function rows() {
  return within(screen.getByRole('listbox', { name: 'Frames' })).queryAllByRole('option')
}

function detail() {
  return screen.getByRole('region', { name: 'Frame detail' })
}

/** Selects a row and waits for its frame to be fetched (the previous frame's pane goes first). */
async function open(user: ReturnType<typeof userEvent.setup>, index: number, expected: string) {
  await user.click(rows()[index]!)
  await screen.findByRole('region', { name: 'Frame detail' })
  await within(detail()).findByText(new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
}

beforeEach(() => {
  client = installTestRuntime({ schedule: () => {} })
  connectionId = addConnection({ name: 'Echo A', url: 'ws://127.0.0.1:1/echo' }).id
  restoreSize = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})

afterEach(() => {
  restoreSize()
  clearDiffBase()
})

describe('Tree view in the frame detail', () => {
  it('shows a JSON frame as a tree, and Raw still shows the text as received', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    const raw = '{"user":{"id":12345678901234567890,"roles":["a","b"]}}'
    push(text(raw))
    await user.click(rows()[0]!)
    await screen.findByRole('region', { name: 'Frame detail' })
    await user.click(within(detail()).getByRole('button', { name: 'Tree' }))
    const tree = await within(detail()).findByRole('list', { name: 'Payload as a tree' })
    expect(within(tree).getByText('12345678901234567890')).toHaveClass('jt-number')
    await user.click(within(tree).getByRole('button', { name: 'Collapse $.user.roles' }))
    expect(within(tree).getByText('[2 items]')).toBeInTheDocument()

    await user.click(within(detail()).getByRole('button', { name: 'Raw' }))
    expect(within(detail()).getByTestId('frame-detail-body').textContent).toBe(raw)
  })
})

describe('Tree view of a decoded message', () => {
  it('shows a decoded STOMP frame as a tree beside the frame as received', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    const stomp = 'MESSAGE\nsubscription:0\nmessage-id:9\ndestination:/topic/prices\n\n{"price":1.5}\0'
    push(text(stomp))
    await user.selectOptions(screen.getByLabelText('Decode as'), 'stomp')
    await user.click(rows()[0]!)
    const decoded = await screen.findByRole('region', { name: 'Decoded as STOMP 1.2' })
    await user.click(within(decoded).getByRole('button', { name: 'Tree' }))
    const tree = await within(decoded).findByRole('list', { name: 'Decoded STOMP 1.2 as a tree' })
    await user.click(within(tree).getByRole('button', { name: '$.headers.destination' }))
    expect(within(decoded).getByTestId('json-tree-selected')).toHaveTextContent('$.headers.destination')
    expect(within(tree).getByText('"/topic/prices"')).toHaveClass('jt-string')
    expect(screen.getByTestId('frame-detail-body').textContent).toBe(stomp)
  })
})

describe('Base64 view of binary frames', () => {
  it('shows and copies a binary frame as base64', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(binary(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x10])))
    await user.click(rows()[0]!)
    await screen.findByRole('region', { name: 'Frame detail' })
    await user.click(within(detail()).getByRole('button', { name: 'Base64' }))
    expect(within(detail()).getByTestId('frame-detail-body').textContent).toBe('3q2+7wD/EA==')
    await user.click(within(detail()).getByRole('button', { name: 'Copy as base64' }))
    expect(await navigator.clipboard.readText()).toBe('3q2+7wD/EA==')
    await user.click(within(detail()).getByRole('button', { name: 'Copy as hex' }))
    expect(await navigator.clipboard.readText()).toBe('de ad be ef 00 ff 10')
  })

  it('shows the head of a large binary frame in 76-character lines that start the whole payload\u2019s base64', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    const bytes = Uint8Array.from({ length: 200 * 1024 }, (_, i) => (i * 7) % 256)
    push(binary(bytes))
    await user.click(rows()[0]!)
    await screen.findByRole('region', { name: 'Frame detail' })
    await user.click(within(detail()).getByRole('button', { name: 'Base64' }))
    expect(within(detail()).getByText(/^Base64 of the first 64 KB of 200 KB\. Download has every byte\.$/)).toBeInTheDocument()
    const lines = within(detail()).getByTestId('frame-detail-body').textContent!.split('\n')
    expect(lines).toHaveLength(Math.ceil(65535 / 57))
    expect(lines.slice(0, -1).every((line) => line.length === 76)).toBe(true)
    expect(bytesToBase64(bytes).startsWith(lines.join(''))).toBe(true)
  })

  it('offers no base64 copy above the hex copy\u2019s limit (1 MiB), nor for a frame only partly on the page', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(binary(new Uint8Array(1024 * 1024 + 1)))
    await user.click(rows()[0]!)
    await screen.findByRole('region', { name: 'Frame detail' })
    expect(within(detail()).getByRole('button', { name: 'Copy as base64' })).toBeDisabled()
    expect(within(detail()).getByRole('button', { name: 'Copy as hex' })).toBeDisabled()
    expect(within(detail()).getByRole('button', { name: 'Download' })).toBeEnabled()
  })

  it('disables Copy as base64 when the detail holds only the head of the payload (a Blob has the rest)', () => {
    const head = new Uint8Array(4096)
    const frame: MessageFrame = { id: 1, at: AT, kind: 'message', direction: 'in', payload: head.buffer, size: 10 * 1024 * 1024 }
    render(<FrameDetail connectionId={connectionId} frame={frame} decoded={null} wholePayload={new Blob([new Uint8Array(10)])} onClose={() => {}} />)
    expect(screen.getByRole('button', { name: 'Copy as base64' })).toBeDisabled()
  })
})

describe('diff selection', () => {
  const frame = (id: number): MessageFrame => ({ id, at: AT, kind: 'message', direction: 'in', payload: `{"n":${id}}`, size: 7 })
  const side = (connection: string, id: number): DiffSide => ({ connectionId: connection, connectionName: connection, frame: frame(id), partial: false })

  it('offers to mark a base, knows the base, and compares any other frame (same connection or not)', () => {
    expect(diffChoice(null, side('a', 1))).toEqual({ kind: 'no-base' })
    expect(diffChoice(side('a', 1), side('a', 1))).toEqual({ kind: 'is-base' })
    expect(diffChoice(side('a', 1), side('a', 2))).toMatchObject({ kind: 'compare', sameConnection: true })
    // Frame ids are per runtime: the same id on another timeline is another frame.
    expect(diffChoice(side('a', 1), side('b', 1))).toMatchObject({ kind: 'compare', sameConnection: false })
  })
})

describe('Compare two frames', () => {
  it('marks a base, compares another frame in a dialog (pretty JSON, both named), toggles inline, and Escape closes', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('{"type":"a","n":1}', 'out'), text('{"type":"b","n":1}', 'in', AT + 250))
    await open(user, 0, '"type": "a"')
    expect(within(detail()).queryByRole('button', { name: 'Compare with base' })).toBeNull()
    await user.click(within(detail()).getByRole('button', { name: 'Set as diff base' }))
    expect(within(detail()).getByRole('button', { name: 'Diff base' })).toHaveAttribute('aria-pressed', 'true')

    await open(user, 1, '"type": "b"')
    const compare = within(detail()).getByRole('button', { name: 'Compare with base' })
    await user.click(compare)
    const dialog = await screen.findByRole('dialog', { name: 'Compare frames' })
    expect(within(dialog).getByTestId('diff-base-title')).toHaveTextContent('Sent · 2026-01-02 13:04:05.067 · 18 B text · Echo A')
    expect(within(dialog).getByTestId('diff-compared-title')).toHaveTextContent('Received · 2026-01-02 13:04:05.317 · 18 B text · Echo A')
    const stub = await within(dialog).findByTestId('diff-editor-stub')
    expect(within(stub).getByLabelText(/^Base: Sent/).textContent).toBe('{\n  "type": "a",\n  "n": 1\n}')
    expect(within(stub).getByLabelText(/^Compared: Received/).textContent).toBe('{\n  "type": "b",\n  "n": 1\n}')
    expect(stub).toHaveAttribute('data-language', 'json')
    expect(stub).toHaveAttribute('data-layout', 'side-by-side')

    await user.click(within(dialog).getByRole('button', { name: 'Inline' }))
    expect(within(dialog).getByRole('button', { name: 'Inline' })).toHaveAttribute('aria-pressed', 'true')
    expect(within(dialog).getByTestId('diff-editor-stub')).toHaveAttribute('data-layout', 'inline')

    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(within(detail()).getByRole('button', { name: 'Compare with base' })).toHaveFocus()
  })

  it('compares text as is and binary as a hex dump, and says when both sides are the same', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('plain words {as is}', 'out'), binary(new Uint8Array([0x41, 0x42])), text('plain words {as is}', 'in'))
    await open(user, 0, 'plain words {as is}')
    await user.click(within(detail()).getByRole('button', { name: 'Set as diff base' }))
    await open(user, 1, '|AB|')
    await user.click(within(detail()).getByRole('button', { name: 'Compare with base' }))
    let stub = await screen.findByTestId('diff-editor-stub')
    expect(within(stub).getByLabelText(/^Base:/).textContent).toBe('plain words {as is}')
    expect(within(stub).getByLabelText(/^Compared:/).textContent).toBe(`00000000  41 42 ${' '.repeat(3 * 6)} ${' '.repeat(3 * 8)} |AB|`)
    expect(stub).toHaveAttribute('data-language', 'plaintext')
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Close' }))

    await open(user, 2, 'plain words {as is}')
    await user.click(within(detail()).getByRole('button', { name: 'Compare with base' }))
    stub = await screen.findByTestId('diff-editor-stub')
    expect(within(screen.getByRole('dialog')).getByText('The two frames are identical.')).toBeInTheDocument()
  })

  it('keeps the base across connections and names the other connection', async () => {
    const user = userEvent.setup()
    const view = render(<Timeline key={connectionId} connectionId={connectionId} />)
    push(text('{"from":"a"}'))
    await open(user, 0, '"from": "a"')
    await user.click(within(detail()).getByRole('button', { name: 'Set as diff base' }))
    expect(useFrameDiffStore.getState().base?.connectionName).toBe('Echo A')

    connectionId = addConnection({ name: 'Echo B', url: 'ws://127.0.0.1:1/echo' }).id
    view.rerender(<Timeline key={connectionId} connectionId={connectionId} />)
    push(text('{"from":"b"}'))
    await open(user, 0, '"from": "b"')
    const compare = within(detail()).getByRole('button', { name: 'Compare with base' })
    expect(compare).toHaveAttribute('title', 'Compare with the base: Received at 13:04:05.067 on Echo A')
    await user.click(compare)
    const dialog = await screen.findByRole('dialog', { name: 'Compare frames' })
    expect(within(dialog).getByTestId('diff-base-title')).toHaveTextContent(/Echo A$/)
    expect(within(dialog).getByTestId('diff-compared-title')).toHaveTextContent(/Echo B$/)
  })
})
