import { act, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrameInput, MessageFrame } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { Timeline } from '../../src/features/timeline/timeline.tsx'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { addConnection, getConnection, setPreferences } from '../../src/store/workspace-actions.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

// 13:04:05.067 local time, so the row's HH:MM:SS.mmm is known whatever the machine's zone.
const AT = new Date(2026, 0, 2, 13, 4, 5, 67).getTime()

function text(payload: string, direction: 'in' | 'out' = 'in'): Omit<MessageFrame, 'id'> {
  return { at: AT, kind: 'message', direction, payload, size: new TextEncoder().encode(payload).length }
}

function binary(bytes: number[], direction: 'in' | 'out' = 'in'): Omit<MessageFrame, 'id'> {
  const payload = new Uint8Array(bytes).buffer
  return { at: AT, kind: 'message', direction, payload, size: payload.byteLength }
}

function closeFrame(): FrameInput {
  return {
    at: AT,
    kind: 'close',
    code: 1006,
    reason: '',
    wasClean: false,
    meaning: 'Closed without a close frame — the server may be unreachable',
  }
}

let connectionId = ''
let client: InProcessClient
let restoreSize: () => void = () => {}

/** Goes through the real runtime path: log append, counters, then one batched announcement. */
function push(...frames: FrameInput[]) {
  pushAll(frames)
}

function pushAll(frames: readonly FrameInput[]) {
  act(() => playNow(client, connectionId, frames))
}

function rows() {
  return within(screen.getByRole('listbox', { name: 'Frames' })).queryAllByRole('option')
}

function detail() {
  return screen.getByRole('region', { name: 'Frame detail' })
}

/** The detail pane once the selected frame has been fetched from the runtime ("Loading frame…" until then). */
function loadedDetail() {
  return screen.findByRole('region', { name: 'Frame detail' })
}

/** The detail body of the frame selected now (the previous frame's pane goes as the selection moves). */
function detailBody() {
  return screen.findByTestId('frame-detail-body')
}

beforeEach(() => {
  // Batches are announced by hand (runtime.flush) so every test sees exactly one update per push.
  client = installTestRuntime({ schedule: () => {} })
  connectionId = addConnection({ name: 'Test', url: 'ws://127.0.0.1:1/echo' }).id
  // 10 rows fit: 240 px viewport.
  restoreSize = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})

afterEach(() => {
  restoreSize()
})

describe('Timeline', () => {
  it('explains what to do when there are no frames', () => {
    render(<Timeline connectionId={connectionId} />)
    expect(screen.getByText('No frames yet')).toBeInTheDocument()
    expect(screen.getByText(/Press Connect, then send a message/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Clear' })).toBeDisabled()
  })

  it('renders a row per frame: direction, time, size and a one-line preview', () => {
    render(<Timeline connectionId={connectionId} />)
    push(
      { at: AT, kind: 'connecting', url: 'ws://127.0.0.1:1/echo', protocols: ['chat.v1'] },
      { at: AT, kind: 'open', protocol: 'chat.v1', extensions: 'permessage-deflate' },
      text('{"op":"ping",\n"n":1}', 'out'),
      text('hello <b>world</b>'),
      binary([0xde, 0xad, 0xbe, 0xef]),
      { at: AT, kind: 'error', message: 'Not sent: connect first.' },
      closeFrame(),
    )
    const list = rows()
    expect(list).toHaveLength(7)
    expect(list[0]).toHaveTextContent('Connecting to ws://127.0.0.1:1/echo · protocols: chat.v1')
    expect(list[1]).toHaveTextContent('Connected · protocol chat.v1 · extensions permessage-deflate')
    expect(list[2]).toHaveTextContent('13:04:05.067')
    expect(list[2]).toHaveTextContent('20 B')
    // Line breaks collapse into one line.
    expect(list[2]).toHaveTextContent('{"op":"ping", "n":1}')
    expect(within(list[2]!).getByRole('img', { name: 'Sent' })).toBeInTheDocument()
    expect(within(list[3]!).getByRole('img', { name: 'Received' })).toBeInTheDocument()
    // Markup in a payload is text, never HTML.
    expect(list[3]).toHaveTextContent('hello <b>world</b>')
    expect(list[3]!.querySelector('b')).toBeNull()
    expect(list[4]).toHaveTextContent('binary 4 B · de ad be ef')
    expect(list[5]).toHaveTextContent('Error: Not sent: connect first.')
    expect(list[6]).toHaveTextContent('Closed 1006 Closed without a close frame — the server may be unreachable · no reason given · not clean')
  })

  it('truncates the preview of a huge text frame', () => {
    render(<Timeline connectionId={connectionId} />)
    push(text('a'.repeat(5 * 1024 * 1024)))
    const preview = rows()[0]!.querySelector('.tl-row-preview')!
    expect(preview.textContent).toBe(`${'a'.repeat(200)}…`)
    expect(rows()[0]).toHaveTextContent('5 MB')
  })

  it('pretty-prints JSON in the detail pane without changing the stored text', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    const raw = '{"id":12345678901234567890,"tags":["a","b"],"nested":{},"s":"x, y: {z}"}'
    const frame = text(raw)
    push(frame)
    await user.click(rows()[0]!)
    await loadedDetail()
    const body = within(detail()).getByTestId('frame-detail-body')
    expect(body.textContent).toBe(
      [
        '{',
        '  "id": 12345678901234567890,',
        '  "tags": [',
        '    "a",',
        '    "b"',
        '  ],',
        '  "nested": {},',
        '  "s": "x, y: {z}"',
        '}',
      ].join('\n'),
    )
    await user.click(within(detail()).getByRole('button', { name: 'Raw' }))
    expect(within(detail()).getByTestId('frame-detail-body').textContent).toBe(raw)
    // The log keeps the frame as received (compared by content: the runtime numbered it).
    expect(client.runtime.log(connectionId)?.at(0)).toMatchObject(frame)
    expect(frame.payload).toBe(raw)
  })

  it('shows non-JSON text raw, with no Pretty toggle', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('{not json'))
    await user.click(rows()[0]!)
    await loadedDetail()
    expect(within(detail()).getByTestId('frame-detail-body').textContent).toBe('{not json')
    expect(within(detail()).queryByRole('button', { name: 'Pretty' })).toBeNull()
  })

  it('shows a huge text frame truncated, with a note and the full payload kept for download', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('z'.repeat(3 * 1024 * 1024)))
    await user.click(rows()[0]!)
    await loadedDetail()
    expect(within(detail()).getByText('Showing the first 262,144 characters (of 3 MB). Download has the whole payload.')).toBeInTheDocument()
    expect(within(detail()).getByTestId('frame-detail-body').textContent).toHaveLength(262_144)
    expect(within(detail()).getByRole('button', { name: 'Edit and resend' })).toBeDisabled()
  })

  it('shows binary as a hex dump with offset, hex and ASCII columns', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    const bytes = [0xde, 0xad, 0xbe, 0xef, 0x48, 0x69, 0x00, 0x7f, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x7a]
    push(binary(bytes))
    await user.click(rows()[0]!)
    await loadedDetail()
    expect(within(detail()).getByTestId('frame-detail-body').textContent).toBe(
      [
        '00000000  de ad be ef 48 69 00 7f  41 42 43 44 45 46 47 48  |....Hi..ABCDEFGH|',
        `00000010  7a ${' '.repeat(3 * 7)} ${' '.repeat(3 * 8)} |z|`,
      ].join('\n'),
    )
  })

  it('limits the hex dump of a large binary frame and says so', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(binary(Array.from({ length: 200 * 1024 }, (_, i) => i % 256)))
    await user.click(rows()[0]!)
    await loadedDetail()
    expect(within(detail()).getByText(/Hex dump of the first 64 KB of 200 KB/)).toBeInTheDocument()
    expect(within(detail()).getByTestId('frame-detail-body').textContent!.split('\n')).toHaveLength(4096)
  })

  it('shows close and error details', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(closeFrame(), { at: AT, kind: 'error', message: 'The browser refused to open this connection' })
    await user.click(rows()[0]!)
    await loadedDetail()
    const pane = within(detail())
    expect(pane.getByText('1006')).toBeInTheDocument()
    expect(pane.getByText('Closed without a close frame — the server may be unreachable')).toBeInTheDocument()
    expect(pane.getByText('(no reason given)')).toBeInTheDocument()
    expect(pane.getByText(/^no — /)).toBeInTheDocument()
    await user.click(rows()[1]!)
    await loadedDetail()
    expect(within(detail()).getByText('The browser refused to open this connection')).toBeInTheDocument()
  })

  it('shows an automatic-reconnect notice as a connection event, not an error', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(
      { at: AT, kind: 'notice', message: 'Reconnecting in 2.1 s (attempt 3 of 10).' },
      { at: AT, kind: 'error', message: 'Gave up reconnecting after 10 attempts. Press Connect to try again.' },
    )
    const [notice, failure] = rows()
    expect(notice!.querySelector('.tl-row-preview')?.textContent).toBe('Reconnecting in 2.1 s (attempt 3 of 10).')
    expect(notice).toHaveClass('tl-row--system')
    expect(within(notice!).getByRole('img', { name: 'Event' })).toBeInTheDocument()
    expect(failure).toHaveTextContent('Error: Gave up reconnecting')
    expect(failure).toHaveClass('tl-row--error')
    expect(within(failure!).getByRole('img', { name: 'Error' })).toBeInTheDocument()

    await user.click(notice!)
    await loadedDetail()
    expect(within(detail()).getByText('Notice')).toBeInTheDocument()
    expect(within(detail()).queryByText('Error')).not.toBeInTheDocument()
    // Notices are connection events for the filter too.
    await user.click(screen.getByRole('button', { name: 'Events' }))
    expect(rows()).toHaveLength(2)
  })

  it('loads a message into the composer for edit and resend', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('{"a":1}', 'out'), text('plain words', 'in'), binary([1, 2, 255]))
    await user.click(rows()[0]!)
    await loadedDetail()
    await user.click(within(detail()).getByRole('button', { name: 'Edit and resend' }))
    expect(getConnection(connectionId)?.draft).toEqual({ text: '{"a":1}', mode: 'json' })
    expect(within(detail()).getByRole('status')).toHaveTextContent('Loaded into the composer')
    await user.click(rows()[1]!)
    await loadedDetail()
    await user.click(within(detail()).getByRole('button', { name: 'Edit and resend' }))
    expect(getConnection(connectionId)?.draft).toEqual({ text: 'plain words', mode: 'text' })
    await user.click(rows()[2]!)
    await loadedDetail()
    await user.click(within(detail()).getByRole('button', { name: 'Edit and resend' }))
    expect(getConnection(connectionId)?.draft).toEqual({ text: '01 02 ff', mode: 'binary' })
  })

  it('copies the payload and confirms, or says why it could not', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('copy me'))
    await user.click(rows()[0]!)
    await loadedDetail()
    await user.click(within(detail()).getByRole('button', { name: 'Copy' }))
    expect(await navigator.clipboard.readText()).toBe('copy me')
    expect(within(detail()).getByRole('status')).toHaveTextContent('Copied 7 characters to the clipboard.')

    const writeText = navigator.clipboard.writeText
    navigator.clipboard.writeText = () => Promise.reject(new Error('Document is not focused.'))
    try {
      await user.click(within(detail()).getByRole('button', { name: 'Copy' }))
      expect(await within(detail()).findByText('Copy failed: Document is not focused.')).toBeInTheDocument()
    } finally {
      navigator.clipboard.writeText = writeText
    }
  })

  it('marks frames dropped by retention and counts them in the stats', () => {
    setPreferences({ maxFramesPerConnection: 5 })
    connectionId = `${connectionId}-small`
    render(<Timeline connectionId={connectionId} />)
    push(...Array.from({ length: 1239 }, (_, i) => text(`m${i}`)))
    expect(screen.getByRole('note')).toHaveTextContent('1,234 older frames dropped (retention limit')
    const stats = screen.getByLabelText('Timeline statistics')
    expect(stats).toHaveTextContent('Dropped1,234')
    expect(stats).toHaveTextContent('Retained5')
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual(['m1234', 'm1235', 'm1236', 'm1237', 'm1238'])
  })

  it('filters by direction and by case-insensitive text, and keeps up with new frames', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('ping NEEDLE', 'out'), text('pong'), closeFrame(), text('another needle'))
    await user.click(screen.getByRole('button', { name: 'Sent' }))
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual(['ping NEEDLE'])
    await user.click(screen.getByRole('button', { name: 'Events' }))
    expect(rows()).toHaveLength(1)
    expect(rows()[0]).toHaveTextContent('Closed 1006')
    await user.click(screen.getByRole('button', { name: 'All' }))
    await user.type(screen.getByRole('searchbox', { name: /Search frames/ }), 'needle')
    // The search starts once typing pauses.
    expect(await screen.findByText('2 of 4')).toBeInTheDocument()
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual(['ping NEEDLE', 'another needle'])
    // Only frames appended since the last scan are examined, and they show up.
    push(text('no match'), text('Needle in a haystack', 'out'))
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual([
      'ping NEEDLE',
      'another needle',
      'Needle in a haystack',
    ])
    await user.click(screen.getByRole('button', { name: 'Received' }))
    expect(rows().map((row) => row.querySelector('.tl-row-preview')?.textContent)).toEqual(['another needle'])
    await user.clear(screen.getByRole('searchbox', { name: /Search frames/ }))
    await user.type(screen.getByRole('searchbox', { name: /Search frames/ }), 'zzz')
    expect(await screen.findByText('No frames match this filter.')).toBeInTheDocument()
  })

  it('moves the selection with the arrow keys', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('first'), text('second'), text('third'))
    await user.click(rows()[0]!)
    await loadedDetail()
    expect(await detailBody()).toHaveTextContent('first')
    await user.keyboard('{ArrowDown}')
    expect(await detailBody()).toHaveTextContent('second')
    expect(rows()[1]).toHaveAttribute('aria-selected', 'true')
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(await detailBody()).toHaveTextContent('third')
    await user.keyboard('{ArrowUp}')
    expect(await detailBody()).toHaveTextContent('second')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('region', { name: 'Frame detail' })).toBeNull()
  })

  it('clears the timeline and the selection', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('one'), text('two'))
    await user.click(rows()[0]!)
    await loadedDetail()
    await user.click(screen.getByRole('button', { name: 'Clear' }))
    act(() => client.runtime.flush())
    expect(screen.getByText('No frames yet')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Frame detail' })).toBeNull()
    expect(client.runtime.log(connectionId)?.length() ?? 0).toBe(0)
    push(text('three'))
    expect(rows()).toHaveLength(1)
  })

  it('renders only the visible rows of a long history', () => {
    render(<Timeline connectionId={connectionId} />)
    push(...Array.from({ length: 20_000 }, (_, i) => text(`frame ${i}`)))
    // 10 visible rows plus overscan, never 20,000.
    expect(rows().length).toBeLessThan(30)
    expect(screen.getByText('frame 19999')).toBeInTheDocument()
  })

  it('scales the scroll range when the list outgrows the browser height limit', () => {
    setPreferences({ maxFramesPerConnection: 500_000 })
    render(<Timeline connectionId={connectionId} />)
    pushAll(Array.from({ length: 400_000 }, (_, i) => text(`frame ${i}`)))
    const scroller = screen.getByRole('listbox', { name: 'Frames' })
    const spacer = scroller.firstElementChild as HTMLElement
    // 400,000 rows × 24 px would be 9.6 million px; the spacer stays at the 8 million px cap.
    expect(spacer.style.height).toBe('8000000px')
    expect(screen.getByText('frame 399999')).toBeInTheDocument()
    scroller.scrollTop = 0
    fireEvent.scroll(scroller)
    expect(screen.getByText('frame 0')).toBeInTheDocument()
    // Halfway down the scrollbar is halfway through the frames.
    scroller.scrollTop = (8_000_000 - 10 * ROW_HEIGHT) / 2
    fireEvent.scroll(scroller)
    expect(screen.getByText('frame 199995')).toBeInTheDocument()
  })

  it('stops following when scrolled up, counts new frames, and jumps back', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(...Array.from({ length: 100 }, (_, i) => text(`frame ${i}`)))
    const scroller = screen.getByRole('listbox', { name: 'Frames' })
    expect(scroller.scrollTop).toBe(90 * ROW_HEIGHT)
    expect(screen.getByText('frame 99')).toBeInTheDocument()

    scroller.scrollTop = 0
    fireEvent.scroll(scroller)
    expect(screen.getByText('frame 0')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: /Jump to latest/ })).toBeInTheDocument()

    push(...Array.from({ length: 5 }, (_, i) => text(`late ${i}`)))
    expect(screen.getByRole('button', { name: '5 new frames ↓' })).toBeInTheDocument()
    // Stayed put: still at the top, the new frames are not in view.
    expect(scroller.scrollTop).toBe(0)
    expect(screen.getByText('frame 0')).toBeInTheDocument()
    expect(screen.queryByText('late 4')).toBeNull()

    await user.click(screen.getByRole('button', { name: '5 new frames ↓' }))
    expect(scroller.scrollTop).toBe(95 * ROW_HEIGHT)
    expect(screen.getByText('late 4')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /new frames|Jump to latest/ })).toBeNull()
    push(text('after jump'))
    expect(scroller.scrollTop).toBe(96 * ROW_HEIGHT)
    expect(screen.getByText('after jump')).toBeInTheDocument()
  })

  it('keeps following when the viewport grows and the browser clamps the scroll position (a header above shrank)', () => {
    render(<Timeline connectionId={connectionId} />)
    push(...Array.from({ length: 100 }, (_, i) => text(`frame ${i}`)))
    const scroller = screen.getByRole('listbox', { name: 'Frames' })
    expect(scroller.scrollTop).toBe(90 * ROW_HEIGHT)
    // The list got 3 rows taller: the browser lowers scrollTop to the new, smaller maximum and fires
    // scroll before the list has measured the new height.
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 13 * ROW_HEIGHT })
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, value: 100 * ROW_HEIGHT })
    scroller.scrollTop = 87 * ROW_HEIGHT
    fireEvent.scroll(scroller)
    expect(screen.queryByRole('button', { name: /new frames|Jump to latest/ })).toBeNull()
    push(text('still followed'))
    expect(screen.getByText('still followed')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /new frames|Jump to latest/ })).toBeNull()
  })

  it('keeps the same frames in view when retention drops older ones while scrolled up', () => {
    setPreferences({ maxFramesPerConnection: 100 })
    connectionId = `${connectionId}-capped`
    render(<Timeline connectionId={connectionId} />)
    push(...Array.from({ length: 100 }, (_, i) => text(`frame ${i}`)))
    const scroller = screen.getByRole('listbox', { name: 'Frames' })
    scroller.scrollTop = 50 * ROW_HEIGHT
    fireEvent.scroll(scroller)
    expect(screen.getByText('frame 50')).toBeInTheDocument()
    push(...Array.from({ length: 20 }, (_, i) => text(`late ${i}`)))
    // 20 older frames went; the view moved up by 20 rows so frame 50 is still at the top.
    expect(scroller.scrollTop).toBe(30 * ROW_HEIGHT)
    const firstVisible = rows().find((row) => row.textContent?.includes('frame 50'))
    expect(firstVisible).toBeDefined()
    expect(screen.getByRole('button', { name: '20 new frames ↓' })).toBeInTheDocument()
  })
})
