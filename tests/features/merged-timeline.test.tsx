import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrameInput } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { MergedTimelineView } from '../../src/features/merged-timeline/merged-timeline-view.tsx'
import { MERGED_ROW_HEIGHT } from '../../src/features/merged-timeline/merged-list.tsx'
import { SelectedFrameDetail } from '../../src/features/timeline/selected-frame-detail.tsx'
import { closeMergedTimeline, openMergedTimeline, useMergedTimelineStore } from '../../src/store/merged-timeline.ts'
import { addConnection, deleteConnection } from '../../src/store/workspace-actions.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

const AT = new Date(2026, 0, 2, 13, 4, 5, 0).getTime()
const text = (payload: string, offset: number, direction: 'in' | 'out' = 'in'): FrameInput => ({ at: AT + offset, kind: 'message', direction, payload, size: payload.length })

let client: InProcessClient
let restoreSize: () => void = () => {}
let echo = ''
let ticker = ''

beforeEach(() => {
  client = installTestRuntime({ schedule: () => {} })
  useWorkspaceStore.setState((state) => ({ workspaces: state.workspaces.map((w) => ({ ...w, connections: [] })) }))
  echo = addConnection({ name: 'Echo', url: 'ws://127.0.0.1:1/echo' }).id
  ticker = addConnection({ name: 'Ticker', url: 'ws://127.0.0.1:1/ticker' }).id
  restoreSize = mockElementSize({ width: 800, height: MERGED_ROW_HEIGHT * 10 })
})

afterEach(() => {
  restoreSize()
  useMergedTimelineStore.setState(useMergedTimelineStore.getInitialState(), true)
})

const view = () => render(<MergedTimelineView detail={(selection, onClose) => <SelectedFrameDetail connectionId={selection.connectionId} seq={selection.seq} onClose={onClose} />} />)
const rows = () => within(screen.getByRole('listbox', { name: 'Merged frames' })).queryAllByRole('option')

describe('the merged timeline', () => {
  it('asks for two connections, then interleaves their frames with each row’s connection name', async () => {
    const user = userEvent.setup()
    act(() => {
      playNow(client, echo, [text('echo one', 0), text('echo two', 20, 'out')])
      playNow(client, ticker, [text('tick one', 10), text('tick two', 30)])
    })
    view()
    expect(screen.getByRole('status')).toHaveTextContent('Choose at least 2 connections to merge.')
    await user.click(screen.getByRole('checkbox', { name: 'Echo' }))
    expect(screen.getByRole('status')).toHaveTextContent('Choose at least 2 connections to merge (one is chosen).')
    expect(screen.queryByRole('listbox')).toBeNull()
    await user.click(screen.getByRole('checkbox', { name: 'Ticker' }))
    expect(rows().map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^Echo.*echo one$/),
      expect.stringMatching(/^Ticker.*tick one$/),
      expect.stringMatching(/^Echo.*echo two$/),
      expect.stringMatching(/^Ticker.*tick two$/),
    ])
    // The choice is remembered while the page lives.
    expect(useMergedTimelineStore.getState().chosen).toEqual([echo, ticker])

    // New frames on either connection arrive in time order; a late one goes to its place.
    act(() => playNow(client, echo, [text('echo late', 15)]))
    expect(rows().map((row) => `${row.querySelector('.mt-row-name')?.textContent} ${row.querySelector('.mt-row-preview')?.textContent}`)).toEqual(['Echo echo one', 'Ticker tick one', 'Echo echo late', 'Echo echo two', 'Ticker tick two'])
  })

  it('filters across both connections and shows the clicked frame’s detail', async () => {
    const user = userEvent.setup()
    act(() => {
      playNow(client, echo, [text('alpha echo', 0), text('beta echo', 20, 'out')])
      playNow(client, ticker, [text('beta tick', 10), text('alpha tick', 30)])
    })
    useMergedTimelineStore.setState({ chosen: [echo, ticker] })
    view()
    await user.type(screen.getByRole('searchbox', { name: /Search merged frames/ }), 'beta')
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(rows().map((row) => row.textContent)).toEqual([expect.stringMatching(/^Ticker.*beta tick$/), expect.stringMatching(/^Echo.*beta echo$/)])
    expect(screen.getByText('2 matching frames from 2 connections')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Sent' }))
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(rows()[0]).toHaveTextContent('beta echo')
    await user.click(screen.getByRole('button', { name: 'All' }))
    await waitFor(() => expect(rows()).toHaveLength(2))

    // Ticker's frame at seq 0 and Echo's at seq 1: the detail fetches the right connection's frame.
    await user.click(rows()[0]!)
    expect(rows()[0]).toHaveAttribute('aria-selected', 'true')
    expect(screen.getByText('Frame of Ticker')).toBeInTheDocument()
    const detail = await screen.findByRole('region', { name: 'Frame detail' })
    await waitFor(() => expect(within(detail).getByTestId('frame-detail-body')).toHaveTextContent('beta tick'))
    await user.click(rows()[1]!)
    expect(await screen.findByText('Frame of Echo')).toBeInTheDocument()
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Frame detail' })).getByTestId('frame-detail-body')).toHaveTextContent('beta echo'))
    // The keyboard moves the selection as in the timeline.
    screen.getByRole('listbox', { name: 'Merged frames' }).focus()
    await user.keyboard('{ArrowUp}')
    expect(rows()[0]).toHaveAttribute('aria-selected', 'true')
    expect(await screen.findByText('Frame of Ticker')).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByText(/^Frame of /)).toBeNull()
  })

  it('says so when a chosen connection was deleted meanwhile', async () => {
    const third = addConnection({ name: 'Third', url: 'ws://127.0.0.1:1/third' }).id
    useMergedTimelineStore.setState({ chosen: [echo, ticker, third] })
    view()
    expect(screen.getByText('No frames yet on these connections: connect them to see their traffic here.')).toBeInTheDocument()
    act(() => deleteConnection(ticker))
    expect(screen.getByRole('note')).toHaveTextContent('One chosen connection was deleted and is no longer merged.')
    act(() => deleteConnection(third))
    expect(screen.getByRole('status')).toHaveTextContent('A merged timeline needs at least 2 connections; this workspace has 1.')
  })

  it('opens in place of the selected connection and Close goes back to it', () => {
    useWorkspaceStore.setState({ selectedConnectionId: ticker })
    openMergedTimeline()
    expect(useMergedTimelineStore.getState().open).toBe(true)
    expect(useWorkspaceStore.getState().selectedConnectionId).toBeNull()
    closeMergedTimeline()
    expect(useMergedTimelineStore.getState().open).toBe(false)
    expect(useWorkspaceStore.getState().selectedConnectionId).toBe(ticker)
    // Choosing a connection in the sidebar steps the merged view aside.
    openMergedTimeline()
    useWorkspaceStore.setState({ selectedConnectionId: echo })
    expect(useMergedTimelineStore.getState().open).toBe(false)
  })
})
