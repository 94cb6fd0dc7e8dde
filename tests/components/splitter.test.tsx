import { fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { SPLITTER_BIG_STEP, SPLITTER_STEP, Splitter } from '../../src/components/splitter.tsx'

type Harness = { orientation?: 'vertical' | 'horizontal'; grow?: 1 | -1; size?: number; min?: number; max?: number; collapsed?: boolean }

/** A pane whose size and collapsed state live here, as the layout store keeps them in the app. */
function Pane({ orientation = 'vertical', grow = 1, size: initialSize = 240, min = 180, max = 400, collapsed: initialCollapsed = false }: Harness) {
  const [size, setSize] = useState(initialSize)
  const [collapsed, setCollapsed] = useState(initialCollapsed)
  return (
    <>
      <div id="pane" data-testid="pane" data-size={size} data-collapsed={collapsed} />
      <Splitter
        label="Resize pane"
        controls="pane"
        orientation={orientation}
        size={size}
        min={min}
        max={max}
        collapsed={collapsed}
        grow={grow}
        onResize={(next) => {
          setSize(next)
          setCollapsed(false)
        }}
        onCollapsedChange={setCollapsed}
      />
    </>
  )
}

const separator = () => screen.getByRole('separator', { name: 'Resize pane' })
const value = () => Number(separator().getAttribute('aria-valuenow'))

describe('Splitter', () => {
  it('is a focusable separator that says its orientation, range and value', () => {
    render(<Pane size={240} min={180} max={400} />)
    const element = separator()
    expect(element).toHaveAttribute('tabindex', '0')
    expect(element).toHaveAttribute('aria-orientation', 'vertical')
    expect(element).toHaveAttribute('aria-controls', 'pane')
    expect(element).toHaveAttribute('aria-valuemin', '0')
    expect(element).toHaveAttribute('aria-valuemax', '400')
    expect(element).toHaveAttribute('aria-valuetext', '240 pixels')
    expect(value()).toBe(240)
  })

  it('resizes with the arrow keys of its orientation, in bigger steps with Shift, and ignores the others', async () => {
    const user = userEvent.setup()
    render(<Pane size={240} />)
    separator().focus()
    await user.keyboard('{ArrowRight}')
    expect(value()).toBe(240 + SPLITTER_STEP)
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}')
    expect(value()).toBe(240 + SPLITTER_STEP - SPLITTER_BIG_STEP)
    // Up and Down belong to a horizontal splitter.
    await user.keyboard('{ArrowUp}{ArrowDown}')
    expect(value()).toBe(240 + SPLITTER_STEP - SPLITTER_BIG_STEP)
  })

  it('clamps to its minimum and to the maximum that fits', async () => {
    const user = userEvent.setup()
    render(<Pane size={390} min={180} max={400} />)
    separator().focus()
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}')
    expect(value()).toBe(400)
    for (let i = 0; i < 10; i++) await user.keyboard('{Shift>}{ArrowLeft}{/Shift}')
    expect(value()).toBe(180)
    expect(screen.getByTestId('pane')).toHaveAttribute('data-collapsed', 'false')
    await user.keyboard('{End}')
    expect(value()).toBe(400)
  })

  it('a pane below its splitter grows when the splitter moves up', async () => {
    const user = userEvent.setup()
    render(<Pane orientation="horizontal" grow={-1} size={200} min={96} max={500} />)
    separator().focus()
    expect(separator()).toHaveAttribute('aria-orientation', 'horizontal')
    await user.keyboard('{ArrowUp}')
    expect(value()).toBe(200 + SPLITTER_STEP)
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(value()).toBe(200 - SPLITTER_STEP)
  })

  it('Enter collapses and restores at the same size, Home collapses, a growing arrow restores', async () => {
    const user = userEvent.setup()
    render(<Pane size={260} />)
    separator().focus()
    await user.keyboard('{Enter}')
    expect(separator()).toHaveAttribute('aria-valuetext', 'collapsed')
    expect(value()).toBe(0)
    await user.keyboard('{ArrowLeft}') // Shrinking a collapsed pane does nothing.
    expect(value()).toBe(0)
    await user.keyboard('{Enter}')
    expect(value()).toBe(260)
    await user.keyboard('{Home}')
    expect(value()).toBe(0)
    await user.keyboard('{ArrowRight}')
    expect(value()).toBe(260)
  })

  it('follows a drag, clamped, collapses when dragged below half its minimum, and comes back out', () => {
    render(<Pane size={240} min={180} max={400} />)
    const element = separator()
    fireEvent.pointerDown(element, { pointerId: 1, button: 0, clientX: 240 })
    fireEvent.pointerMove(element, { pointerId: 1, clientX: 300 })
    expect(value()).toBe(300)
    fireEvent.pointerMove(element, { pointerId: 1, clientX: 900 })
    expect(value()).toBe(400)
    fireEvent.pointerMove(element, { pointerId: 1, clientX: 150 })
    expect(value()).toBe(180)
    fireEvent.pointerMove(element, { pointerId: 1, clientX: 60 })
    expect(screen.getByTestId('pane')).toHaveAttribute('data-collapsed', 'true')
    fireEvent.pointerMove(element, { pointerId: 1, clientX: 250 })
    expect(value()).toBe(250)
    fireEvent.pointerUp(element, { pointerId: 1, clientX: 250 })
    // After the pointer is up, moves no longer resize.
    fireEvent.pointerMove(element, { pointerId: 1, clientX: 350 })
    expect(value()).toBe(250)
  })
})
