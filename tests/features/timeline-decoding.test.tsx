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
const message = (payload: string, direction: 'in' | 'out' = 'in'): FrameInput => ({
  at: AT,
  kind: 'message',
  direction,
  payload,
  size: new TextEncoder().encode(payload).length,
})

const STOMP_MESSAGE = 'MESSAGE\nsubscription:0\nmessage-id:9\ndestination:/topic/prices\n\n{"price":1.5}\0'

let client: InProcessClient
let connectionId = ''
let restore: () => void = () => {}

beforeEach(() => {
  client = installTestRuntime({ schedule: () => {} })
  connectionId = addConnection({ name: 'Broker', url: 'ws://127.0.0.1:1/stomp' }).id
  restore = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})

afterEach(() => restore())

const rows = () => within(screen.getByRole('listbox', { name: 'Frames' })).queryAllByRole('option')

describe('decoding in the timeline', () => {
  it('reads frames as the chosen protocol in rows and beside the raw frame, and keeps the bytes as received', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    act(() => playNow(client, connectionId, [message('SEND\ndestination:/queue/a\n\nhi\0', 'out'), message(STOMP_MESSAGE), message('not stomp at all')]))
    expect(rows().map((row) => row.textContent)).toEqual([
      expect.stringContaining('SEND\u0020destination'),
      expect.stringContaining('MESSAGE subscription'),
      expect.stringContaining('not stomp at all'),
    ])

    await user.selectOptions(screen.getByLabelText('Decode as'), 'stomp')
    expect(getConnection(connectionId)?.decoder).toBe('stomp')
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual([
      'STOMP SEND /queue/a',
      'STOMP MESSAGE /topic/prices',
      expect.stringMatching(/^STOMP 1\.2: no blank line after the headers · not stomp at all/),
    ])

    await user.click(rows()[1]!)
    const decoded = await screen.findByTestId('frame-detail-decoded')
    expect(JSON.parse(decoded.textContent ?? '')).toEqual({
      command: 'MESSAGE',
      headers: { subscription: '0', 'message-id': '9', destination: '/topic/prices' },
      body: '{"price":1.5}',
    })
    // The frame as received, NUL included, beside it.
    expect(screen.getByTestId('frame-detail-body').textContent).toBe(STOMP_MESSAGE)
    expect(client.runtime.log(connectionId)?.at(1)).toMatchObject({ payload: STOMP_MESSAGE })

    // A frame that fails to decode says why and still shows its bytes.
    await user.click(rows()[2]!)
    expect((await screen.findByTestId('frame-detail-decoded')).textContent).toMatch(/^no blank line after the headers\. The raw frame is shown as it came\./)
    expect(screen.getByTestId('frame-detail-body').textContent).toBe('not stomp at all')

    // None: back to the raw previews, and the detail has no decoded pane.
    await user.selectOptions(screen.getByLabelText('Decode as'), 'none')
    expect(getConnection(connectionId)?.decoder).toBe('none')
    expect(rows()[1]?.querySelector('.tl-row-preview')?.textContent).toMatch(/^MESSAGE subscription:0/)
  })

  it('pairs JSON-RPC requests and replies: latency on the reply row and in the stats, and a jump between them', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    await user.selectOptions(screen.getByLabelText('Decode as'), 'json-rpc')
    const at = (offset: number, payload: string, direction: 'in' | 'out'): FrameInput => ({ ...message(payload, direction), at: AT + offset })
    act(() =>
      playNow(client, connectionId, [
        at(0, '{"jsonrpc":"2.0","id":17,"method":"sum","params":[1,2]}', 'out'),
        at(3, '{"jsonrpc":"2.0","id":18,"method":"slow","params":[]}', 'out'),
        at(12, '{"jsonrpc":"2.0","id":17,"result":3}', 'in'),
      ]),
    )
    const previews = () => rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)
    expect(previews()).toEqual(['rpc request #17 sum', 'rpc request #18 slow', 'rpc result #17 · 12 ms'])
    const stats = screen.getByLabelText('Timeline statistics')
    expect(within(stats).getByText('Latency').nextElementSibling?.textContent).toBe('1 paired · p50 12 ms · p95 12 ms · max 12 ms · 1 unanswered')

    await user.click(rows()[2]!)
    const detail = await screen.findByRole('region', { name: 'Frame detail' })
    expect(within(detail).getByText('reply after 12 ms')).toBeInTheDocument()
    await user.click(within(detail).getByRole('button', { name: 'Go to request' }))
    const request = await screen.findByTestId('frame-detail-body')
    expect(JSON.parse(request.textContent ?? '')).toEqual({ jsonrpc: '2.0', id: 17, method: 'sum', params: [1, 2] })
    expect(rows()[0]).toHaveAttribute('aria-selected', 'true')
    expect(within(await screen.findByRole('region', { name: 'Frame detail' })).getByRole('button', { name: 'Go to reply' })).toBeInTheDocument()
  })

  it('offers detection by default and says when nothing was detected', () => {
    render(<Timeline connectionId={connectionId} />)
    const menu = screen.getByLabelText('Decode as') as HTMLSelectElement
    expect(menu.value).toBe('auto')
    expect(within(menu).getByRole('option', { name: 'Detect (nothing detected: raw)' })).toBeInTheDocument()
    expect(getConnection(connectionId)?.decoder).toBeUndefined()
  })
})

describe('switching connections', () => {
  it('keeps filter, search and selection per connection', async () => {
    const user = userEvent.setup()
    const other = addConnection({ name: 'Other', url: 'ws://127.0.0.1:1/other' }).id
    act(() => playNow(client, connectionId, [message('alpha one'), message('beta two', 'out'), message('alpha three')]))
    act(() => playNow(client, other, [message('gamma')]))
    const view = render(<Timeline key={connectionId} connectionId={connectionId} />)
    await user.click(screen.getByRole('button', { name: 'Received' }))
    await user.type(screen.getByPlaceholderText(/Search/), 'alpha')
    await screen.findByText(/2 of/)
    await user.click(rows()[1]!)
    expect(await screen.findByTestId('frame-detail-body')).toHaveTextContent('alpha three')

    view.rerender(<Timeline key={other} connectionId={other} />)
    expect(screen.getByRole('button', { name: 'Received' })).toHaveAttribute('aria-pressed', 'false')
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual(['gamma'])

    view.rerender(<Timeline key={connectionId} connectionId={connectionId} />)
    expect(screen.getByRole('button', { name: 'Received' })).toHaveAttribute('aria-pressed', 'true')
    expect(screen.getByPlaceholderText(/Search/)).toHaveValue('alpha')
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual(['alpha one', 'alpha three'])
    expect(await screen.findByTestId('frame-detail-body')).toHaveTextContent('alpha three')
  })
})

describe('regular-expression search', () => {
  it('filters by a regular expression with flags, says why an invalid one is refused, and remembers the options', async () => {
    const user = userEvent.setup()
    act(() => playNow(client, connectionId, [message('price 12'), message('PRICE 345'), message('volume 7')]))
    const view = render(<Timeline key={connectionId} connectionId={connectionId} />)
    const search = screen.getByRole('searchbox', { name: /Search frames/ })
    await user.click(screen.getByRole('button', { name: /Regular expression/ }))
    await user.type(search, '^price \\d{{3}$')
    await waitForRows(['PRICE 345'])
    await user.click(screen.getByRole('button', { name: /Match case/ }))
    expect(await screen.findByText('No frames match this filter.')).toBeInTheDocument()

    await user.clear(search)
    await user.type(search, '(price')
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Not a regular expression: /)
    expect(search).toHaveAttribute('aria-invalid', 'true')

    view.rerender(<Timeline key="elsewhere" connectionId={addConnection({ name: 'X', url: 'ws://127.0.0.1:1/' }).id} />)
    view.rerender(<Timeline key={connectionId} connectionId={connectionId} />)
    expect(screen.getByRole('button', { name: /Regular expression/ })).toHaveAttribute('aria-pressed', 'true')
    expect(screen.getByRole('button', { name: /Match case/ })).toHaveAttribute('aria-pressed', 'true')
  })
})

async function waitForRows(expected: string[]) {
  const { waitFor } = await import('@testing-library/react')
  await waitFor(() => expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual(expected))
}

describe('clearing', () => {
  it('can be undone from the bar that says what was cleared', async () => {
    const user = userEvent.setup()
    act(() => playNow(client, connectionId, [message('first'), message('second')]))
    render(<Timeline connectionId={connectionId} />)
    await user.click(screen.getByRole('button', { name: 'Clear' }))
    act(() => client.runtime.flush())
    expect(await screen.findByText('Cleared 2 frames.')).toBeInTheDocument()
    expect(screen.getByText('No frames yet')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Undo' }))
    act(() => client.runtime.flush())
    await waitForRows(['first', 'second'])
    expect(screen.queryByText('Cleared 2 frames.')).toBeNull()
  })
})
