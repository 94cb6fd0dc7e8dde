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

  it('offers detection by default and says when nothing was detected', () => {
    render(<Timeline connectionId={connectionId} />)
    const menu = screen.getByLabelText('Decode as') as HTMLSelectElement
    expect(menu.value).toBe('auto')
    expect(within(menu).getByRole('option', { name: 'Detect (nothing detected: raw)' })).toBeInTheDocument()
    expect(getConnection(connectionId)?.decoder).toBeUndefined()
  })
})
