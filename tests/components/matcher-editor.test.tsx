import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { MatcherEditor } from '../../src/components/matcher-editor.tsx'
import { compileMatcher, type Matcher } from '../../src/engine/match/matcher.ts'

function Harness({ initial, seen }: { initial: Matcher; seen: Matcher[] }) {
  const [value, setValue] = useState(initial)
  return (
    <MatcherEditor
      label="Match under test"
      value={value}
      onChange={(next) => {
        seen.push(next)
        setValue(next)
      }}
    />
  )
}

const frame = (payload: string) => ({ id: 1, at: 0, kind: 'message' as const, direction: 'in' as const, payload, size: payload.length })

describe('matcher editor', () => {
  it('edits a contains matcher and says what it matches', async () => {
    const user = userEvent.setup()
    const seen: Matcher[] = []
    render(<Harness initial={{ contains: '' }} seen={seen} />)
    const group = screen.getByRole('group', { name: 'Match under test' })
    expect(group).toBeInTheDocument()
    await user.type(screen.getByLabelText('Text'), 'Tick')
    expect(seen.at(-1)).toEqual({ contains: 'Tick' })
    expect(screen.getByText('Matches a message containing "Tick".')).toBeInTheDocument()
    await user.click(screen.getByRole('checkbox', { name: 'Match case' }))
    expect(seen.at(-1)).toEqual({ contains: 'Tick', matchCase: true })
  })

  it('builds a JSON field predicate whose value is read as JSON for equals and as a number for comparisons', async () => {
    const user = userEvent.setup()
    const seen: Matcher[] = []
    render(<Harness initial={{ contains: 'x' }} seen={seen} />)
    await user.selectOptions(screen.getByLabelText('Match by'), 'json')
    const path = screen.getByLabelText('JSON path')
    await user.clear(path)
    await user.type(path, '$.type')
    await user.type(screen.getByLabelText('Value'), '"tick"')
    const equals = seen.at(-1) as Matcher
    expect(equals).toEqual({ json: [{ path: '$.type', op: 'equals', value: 'tick' }] })
    const compiled = compileMatcher(equals)
    if (!compiled.ok) throw new Error(compiled.error)
    expect(compiled.matcher.test(frame('{"type":"tick"}')).matched).toBe(true)
    expect(compiled.matcher.test(frame('{"type":"news"}')).matched).toBe(false)

    await user.clear(path)
    await user.type(path, '$.price')
    await user.selectOptions(screen.getByLabelText('Operator'), 'gt')
    const value = screen.getByLabelText('Value')
    await user.clear(value)
    await user.type(value, 'abc')
    // Not a number: the editor says so with the matcher's own words.
    expect(screen.getByText('$.price gt needs a number to compare with.')).toBeInTheDocument()
    await user.clear(value)
    await user.type(value, '100')
    expect(seen.at(-1)).toEqual({ json: [{ path: '$.price', op: 'gt', value: 100 }] })
    expect(screen.getByText(/^Matches a message where \$\.price > 100/)).toBeInTheDocument()
  })

  it('reports a regular expression that does not compile, and matches Socket.IO / SSE events by name', async () => {
    const user = userEvent.setup()
    const seen: Matcher[] = []
    render(<Harness initial={{ contains: '' }} seen={seen} />)
    await user.selectOptions(screen.getByLabelText('Match by'), 'regex')
    await user.type(screen.getByLabelText('Pattern'), '(unclosed')
    expect(screen.getByText(/^Not a regular expression/)).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Match by'), 'event')
    await user.type(screen.getByLabelText('Event'), 'price')
    expect(seen.at(-1)).toEqual({ event: 'price' })
    expect(screen.getByText('Matches a message with event "price".')).toBeInTheDocument()
  })
})
