import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import JsonTree from '../../src/features/timeline/json-tree.tsx'
import { CHILD_PAGE, EXPAND_ALL_ROWS, parseJsonTree, pathSegment, type JsonNode } from '../../src/features/timeline/json-tree-model.ts'

type Notice = { tone: 'ok' | 'error'; text: string }

function renderTree(text: string) {
  const notices: Notice[] = []
  const view = render(<JsonTree text={text} onNotice={(notice) => notices.push(notice)} />)
  return { ...view, notices, tree: () => screen.getByRole('list', { name: 'Payload as a tree' }) }
}

/** The plain value a node stands for (numbers through Number), to compare with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, plain(entry.node)]))
    case 'array':
      return node.items.map(plain)
    case 'number':
      return Number(node.raw)
    case 'null':
      return null
    default:
      return node.value
  }
}

describe('parseJsonTree', () => {
  it('reads what JSON.parse reads (property: any JSON value, any spacing)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, space) => {
        const text = JSON.stringify(value, null, space)
        // -0 is written "0" by JSON.stringify, so compare through the same parse.
        expect(plain(parseJsonTree(text))).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('keeps big integers as written and duplicate keys in order', () => {
    const root = parseJsonTree('{"id":12345678901234567890,"a":1,"a":2}')
    expect(root.type).toBe('object')
    if (root.type !== 'object') return
    expect(root.entries.map((entry) => entry.key)).toEqual(['id', 'a', 'a'])
    expect(root.entries[0]!.node).toMatchObject({ type: 'number', raw: '12345678901234567890' })
  })

  it('rejects what JSON.parse rejects', () => {
    for (const bad of ['', '{', '[1,]', '{"a":1,}', '{"a" 1}', '01', '[1 2]', '"\u0001"', 'nul', '{} x', '{a:1}']) {
      expect(() => JSON.parse(bad), bad).toThrow()
      expect(() => parseJsonTree(bad), bad).toThrow()
    }
  })

  it('parses a 100,000-deep array without overflowing the stack', () => {
    const depth = 100_000
    const root = parseJsonTree('['.repeat(depth) + ']'.repeat(depth))
    expect(root.type).toBe('array')
  })

  it('writes path segments: identifiers with a dot, other keys quoted, items by index', () => {
    expect(pathSegment('a_b$1')).toBe('.a_b$1')
    expect(pathSegment('my key')).toBe('["my key"]')
    expect(pathSegment('quote"d')).toBe('["quote\\"d"]')
    expect(pathSegment(2)).toBe('[2]')
  })
})

describe('JsonTree', () => {
  it('folds and unfolds a node with its button, by mouse and by keyboard, and says what a folded node holds', async () => {
    const user = userEvent.setup()
    const { tree } = renderTree('{"a":{"b":[1,2,{"c":null}]},"t":true,"s":"x"}')
    const toggle = within(tree()).getByRole('button', { name: 'Collapse $.a' })
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    expect(within(tree()).getByText('"c"')).toBeInTheDocument()

    await user.click(toggle)
    const folded = within(tree()).getByRole('button', { name: 'Expand $.a' })
    expect(folded).toHaveAttribute('aria-expanded', 'false')
    expect(within(tree()).queryByText('"c"')).toBeNull()
    expect(within(tree()).getByText('{1 key}')).toBeInTheDocument()

    folded.focus()
    await user.keyboard('{Enter}')
    expect(within(tree()).getByRole('button', { name: 'Collapse $.a' })).toHaveFocus()
    expect(within(tree()).getByText('"c"')).toBeInTheDocument()
    await user.keyboard(' ')
    expect(within(tree()).getByRole('button', { name: 'Expand $.a' })).toHaveAttribute('aria-expanded', 'false')
  })

  it('colours keys, strings, numbers, booleans and null by class', () => {
    const { container } = renderTree('{"k":"v","n":-1.5e3,"b":false,"z":null}')
    const texts = (selector: string) => [...container.querySelectorAll(selector)].map((element) => element.textContent)
    expect(texts('.jt-key')).toEqual(['"k"', '"n"', '"b"', '"z"'])
    expect(texts('.jt-string')).toEqual(['"v"'])
    expect(texts('.jt-number')).toEqual(['-1.5e3'])
    expect(texts('.jt-boolean')).toEqual(['false'])
    expect(texts('.jt-null')).toEqual(['null'])
  })

  it('Collapse all folds to the root with its count; Expand all opens every node of a small document', async () => {
    const user = userEvent.setup()
    const items = Array.from({ length: 120 }, (_, i) => i)
    const { tree } = renderTree(JSON.stringify({ list: items, more: { x: 1, y: 2, z: [] } }))
    await user.click(screen.getByRole('button', { name: 'Collapse all' }))
    expect(within(tree()).getByText('{2 keys}')).toBeInTheDocument()
    expect(within(tree()).getAllByRole('listitem')).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'Expand all' }))
    expect(within(tree()).getByRole('button', { name: 'Collapse $.more' })).toBeInTheDocument()
    await user.click(within(tree()).getByRole('button', { name: 'Collapse $.list' }))
    expect(within(tree()).getByText('[120 items]')).toBeInTheDocument()
  })

  it('keeps a big document bounded: a page of children per node, "Show more", Expand all within its budget', async () => {
    const user = userEvent.setup()
    const big = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ id: i, tags: ['a', 'b'], child: { n: i } })))
    const { tree } = renderTree(big)
    // The root opens with one page of folded items, not 10,000 rows (nor their 60,000 descendants).
    expect(within(tree()).getAllByRole('listitem')).toHaveLength(1 + CHILD_PAGE + 1)
    await user.click(within(tree()).getByRole('button', { name: 'Show 100 more (of 10,000)' }))
    expect(within(tree()).getAllByRole('listitem')).toHaveLength(1 + 2 * CHILD_PAGE + 1)

    // Expand all starts again from the first page and opens whole levels while they fit: every shown item, its tags and its child.
    await user.click(screen.getByRole('button', { name: 'Expand all' }))
    expect(within(tree()).getAllByRole('button', { name: /^Collapse \$\[\d+\]\.child$/ })).toHaveLength(CHILD_PAGE)
    expect(within(tree()).getAllByRole('listitem').length).toBeLessThanOrEqual(EXPAND_ALL_ROWS)
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('stops Expand all at its row budget on a deep, wide document, and says so', async () => {
    const user = userEvent.setup()
    const grid = JSON.stringify(Array.from({ length: 100 }, () => Array.from({ length: 100 }, (_, j) => ({ j }))))
    const { tree } = renderTree(grid)
    await user.click(screen.getByRole('button', { name: 'Expand all' }))
    // The root's 100 rows fit; opening all of them (10,000 rows more) would not, so they stay folded.
    expect(within(tree()).getAllByRole('listitem')).toHaveLength(1 + 100)
    expect(100 * 100).toBeGreaterThan(EXPAND_ALL_ROWS)
    expect(within(tree()).getAllByText('[100 items]')).toHaveLength(100)
    expect(screen.getByRole('status')).toHaveTextContent(/deeper nodes stay folded/)
  })

  it('shows keys and values of a hostile payload as text, never as markup', () => {
    const { container, tree } = renderTree('{"<img src=x onerror=alert(1)>":"<script>alert(2)</script>","x":["<b>bold</b>"]}')
    expect(container.querySelector('img, script, b')).toBeNull()
    expect(within(tree()).getByText('"<img src=x onerror=alert(1)>"')).toBeInTheDocument()
    expect(within(tree()).getByText('"<script>alert(2)</script>"')).toBeInTheDocument()
    expect(within(tree()).getByText('"<b>bold</b>"')).toBeInTheDocument()
  })

  it('copies a node path ($.a.b[2], quoted keys) and its value as received (big numbers unrounded)', async () => {
    const user = userEvent.setup()
    const { tree, notices } = renderTree('{"a":{"b":[1,2,{"c":12345678901234567890}]},"my key":"héllo"}')
    await user.click(within(tree()).getByRole('button', { name: '$.a.b[2]' }))
    expect(screen.getByTestId('json-tree-selected')).toHaveTextContent('$.a.b[2]')
    await user.click(screen.getByRole('button', { name: 'Copy path' }))
    expect(await navigator.clipboard.readText()).toBe('$.a.b[2]')
    await user.click(screen.getByRole('button', { name: 'Copy value' }))
    expect(await navigator.clipboard.readText()).toBe('{\n  "c": 12345678901234567890\n}')

    await user.click(within(tree()).getByRole('button', { name: '$["my key"]' }))
    await user.click(screen.getByRole('button', { name: 'Copy path' }))
    expect(await navigator.clipboard.readText()).toBe('$["my key"]')
    await user.click(screen.getByRole('button', { name: 'Copy value' }))
    expect(await navigator.clipboard.readText()).toBe('héllo')
    expect(notices.at(-1)).toEqual({ tone: 'ok', text: 'Copied the value (5 characters) to the clipboard.' })
  })

  it('says why when the text is not JSON', () => {
    renderTree('{"a":')
    expect(screen.getByRole('alert')).toHaveTextContent(/Not shown as a tree: the JSON does not parse/)
  })
})
