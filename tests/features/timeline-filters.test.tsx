import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FrameInput, MessageFrame } from '../../src/engine/frame.ts'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { ScanStatus } from '../../src/features/timeline/scan-status.tsx'
import { Timeline } from '../../src/features/timeline/timeline.tsx'
import { ROW_HEIGHT } from '../../src/features/timeline/row-layout.ts'
import { listFilterPresets, saveFilterPreset } from '../../src/store/filter-presets.ts'
import { addConnection } from '../../src/store/workspace-actions.ts'
import { installTestRuntime, playNow } from '../support/test-runtime.ts'
import { mockElementSize } from '../support/virtualizer-size.ts'

const NOW = Date.now()

function text(payload: string, at = NOW, direction: 'in' | 'out' = 'in'): Omit<MessageFrame, 'id'> {
  return { at, kind: 'message', direction, payload, size: payload.length }
}

function binary(bytes: number[]): Omit<MessageFrame, 'id'> {
  const payload = new Uint8Array(bytes).buffer
  return { at: NOW, kind: 'message', direction: 'in', payload, size: payload.byteLength }
}

let connectionId = ''
let client: InProcessClient
let restoreSize: () => void = () => {}

function push(...frames: FrameInput[]) {
  act(() => playNow(client, connectionId, frames))
}

function previews(): string[] {
  return within(screen.getByRole('listbox', { name: 'Frames' }))
    .queryAllByRole('option')
    .map((row) => row.querySelector('.tl-row-preview')?.textContent ?? '')
}

beforeEach(() => {
  client = installTestRuntime({ schedule: () => {} })
  connectionId = addConnection({ name: 'Filters', url: 'ws://127.0.0.1:1/echo' }).id
  restoreSize = mockElementSize({ width: 800, height: ROW_HEIGHT * 10 })
})

afterEach(() => {
  restoreSize()
})

describe('timeline filters: payload type and time range', () => {
  it('shows only binary, then only the last N minutes, combined with the search', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('old tick', NOW - 30 * 60_000), text('new tick'), binary([0xca, 0xfe]))
    await user.click(screen.getByRole('button', { name: 'Filters' }))
    const panel = await screen.findByRole('group', { name: 'More filters' })
    await user.click(within(panel).getByRole('radio', { name: 'Binary only' }))
    expect(previews()).toEqual([expect.stringMatching(/^binary 2 B · ca fe/)])
    await user.click(within(panel).getByRole('radio', { name: 'Any' }))
    await user.click(within(panel).getByRole('radio', { name: /^Last/ }))
    expect(previews()).toEqual(['new tick', expect.stringMatching(/^binary/)])
    await user.type(screen.getByRole('searchbox', { name: /Search frames/ }), 'tick')
    expect(await screen.findByText('1 of 3')).toBeInTheDocument()
    expect(previews()).toEqual(['new tick'])
    // The button says a filter of its panel applies.
    expect(screen.getByRole('button', { name: 'Filters' })).toHaveAttribute('aria-pressed', 'true')
  })

  it('refuses minutes that are not a whole number, with a message, and keeps the last good value', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('a'))
    await user.click(screen.getByRole('button', { name: 'Filters' }))
    const panel = await screen.findByRole('group', { name: 'More filters' })
    await user.click(within(panel).getByRole('radio', { name: /^Last/ }))
    const minutes = within(panel).getByRole('spinbutton', { name: 'Minutes' })
    await user.clear(minutes)
    expect(within(panel).getByRole('alert')).toHaveTextContent('Write a whole number of minutes, 1 or more.')
    expect(previews()).toEqual(['a'])
  })
})

describe('Hide frames like this', () => {
  it('from the row menu (right click): hides frames of the same $.type, says so, and a chip shows them again', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('{"type":"tick","n":1}'), text('{"type":"trade","n":2}'), text('{"type":"tick","n":3}'))
    const row = within(screen.getByRole('listbox', { name: 'Frames' })).getAllByRole('option')[0]!
    await user.pointer({ keys: '[MouseRight]', target: row })
    await user.click(screen.getByRole('menuitem', { name: 'Hide frames like this' }))
    expect(await screen.findByText('Hiding frames where $.type = "tick"')).toBeInTheDocument()
    expect(previews()).toEqual(['{"type":"trade","n":2}'])
    const chips = screen.getByRole('list', { name: 'Hidden frames' })
    expect(chips).toHaveTextContent('$.type = "tick"')
    // New frames like it stay hidden.
    push(text('{"type":"tick","n":4}'), text('{"type":"quote"}'))
    expect(previews()).toEqual(['{"type":"trade","n":2}', '{"type":"quote"}'])
    await user.click(within(chips).getByRole('button', { name: 'Show frames again: $.type = "tick"' }))
    expect(previews()).toHaveLength(5)
    expect(screen.queryByRole('list', { name: 'Hidden frames' })).toBeNull()
  })

  it('from the keyboard: Shift+F10 on the selected row opens the menu with focus in it; Escape closes it', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('PING 1'), text('hello'), text('PING 2'))
    const list = screen.getByRole('listbox', { name: 'Frames' })
    await user.click(within(list).getAllByRole('option')[0]!)
    list.focus()
    await user.keyboard('{Shift>}{F10}{/Shift}')
    const item = screen.getByRole('menuitem', { name: 'Hide frames like this' })
    expect(item).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(list).toHaveFocus()
    await user.keyboard('{Shift>}{F10}{/Shift}')
    await user.keyboard('{Enter}')
    expect(await screen.findByText('Hiding received text frames starting with "PING 1"')).toBeInTheDocument()
    expect(previews()).toEqual(['hello', 'PING 2'])
  })
})

describe('filter presets in the toolbar', () => {
  it('saves the current filter under a name, lists it, and applies it later', async () => {
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    push(text('alpha 1'), text('beta 2'), text('alpha 3'))
    const search = screen.getByRole('searchbox', { name: /Search frames/ })
    await user.click(screen.getByRole('button', { name: /Regular expression/ }))
    await user.type(search, 'alpha (1|3)')
    await user.click(screen.getByRole('button', { name: 'Filters' }))
    const panel = screen.getByRole('group', { name: 'Filter presets' })
    await user.type(await within(panel).findByRole('textbox', { name: 'Save filter as…' }), 'Alphas')
    await user.click(within(panel).getByRole('button', { name: 'Save' }))
    expect(listFilterPresets().map((p) => [p.name, p.filter])).toEqual([['Alphas', { query: 'alpha (1|3)', regex: true }]])
    expect(within(panel).getByRole('list', { name: 'Saved filters' })).toHaveTextContent('regex "alpha (1|3)"')

    // A name already taken is refused with a message; nothing is lost.
    await user.type(within(panel).getByRole('textbox', { name: 'Save filter as…' }), 'Alphas')
    await user.click(within(panel).getByRole('button', { name: 'Save' }))
    expect(within(panel).getByRole('alert')).toHaveTextContent('A preset named "Alphas" already exists.')
    await user.keyboard('{Escape}')

    await user.clear(search)
    await user.click(screen.getByRole('button', { name: /Regular expression/ }))
    await vi.waitFor(() => expect(previews()).toHaveLength(3))
    await user.click(screen.getByRole('button', { name: 'Filters' }))
    await user.click(await screen.findByRole('button', { name: 'Apply preset Alphas' }))
    expect(search).toHaveValue('alpha (1|3)')
    expect(screen.getByRole('button', { name: /Regular expression/ })).toHaveAttribute('aria-pressed', 'true')
    expect(previews()).toEqual(['alpha 1', 'alpha 3'])
  })

  it('renames and deletes presets, and flags one whose regular expression does not compile', async () => {
    saveFilterPreset('Broken', { query: '(unclosed', regex: true })
    saveFilterPreset('Fine', { query: 'x' })
    const user = userEvent.setup()
    render(<Timeline connectionId={connectionId} />)
    await user.click(screen.getByRole('button', { name: 'Filters' }))
    const list = await screen.findByRole('list', { name: 'Saved filters' })
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent(/⚠ Not a regular expression/)
    await user.click(within(list).getByRole('button', { name: 'Rename preset Fine' }))
    const name = within(list).getByRole('textbox', { name: 'New name for “Fine”' })
    await user.clear(name)
    await user.type(name, 'Broken{Enter}')
    expect(within(list).getByRole('alert')).toHaveTextContent('A preset named "Broken" already exists.')
    await user.clear(name)
    await user.type(name, 'Still fine{Enter}')
    expect(listFilterPresets().map((p) => p.name)).toEqual(['Broken', 'Still fine'])
    await user.click(within(list).getByRole('button', { name: 'Delete preset Broken' }))
    expect(listFilterPresets().map((p) => p.name)).toEqual(['Still fine'])
  })
})

describe('ScanStatus', () => {
  it('shows the progress of a long scan with a Stop button, then where it stopped with Resume', async () => {
    const user = userEvent.setup()
    const onStop = vi.fn()
    const onResume = vi.fn()
    const { rerender } = render(
      <ScanStatus matches={12} retained={1_000_000} scanning progress={{ scanned: 430_000, total: 1_000_000 }} stopped={false} onStop={onStop} onResume={onResume} />,
    )
    expect(screen.getByRole('status')).toHaveTextContent('Searching… 43 % 12 of 1,000,000')
    const bar = screen.getByRole('progressbar', { name: 'Filter progress' })
    expect(bar).toHaveAttribute('aria-valuenow', '43')
    expect(bar).toHaveAttribute('aria-valuetext', '43 %: 430,000 of 1,000,000 frames searched')
    await user.click(screen.getByRole('button', { name: 'Stop' }))
    expect(onStop).toHaveBeenCalledOnce()

    rerender(<ScanStatus matches={12} retained={1_000_000} scanning={false} progress={{ scanned: 430_000, total: 1_000_000 }} stopped onStop={onStop} onResume={onResume} />)
    expect(screen.getByRole('status')).toHaveTextContent('Stopped after 430,000 of 1,000,000 frames · 12 found')
    expect(screen.queryByRole('progressbar')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Resume' }))
    expect(onResume).toHaveBeenCalledOnce()

    rerender(<ScanStatus matches={40} retained={1_000_000} scanning={false} progress={{ scanned: 1_000_000, total: 1_000_000 }} stopped={false} onStop={onStop} onResume={onResume} />)
    expect(screen.getByRole('status')).toHaveTextContent(/^40 of 1,000,000$/)
    expect(screen.queryByRole('button', { name: /Stop|Resume/ })).toBeNull()
  })
})
