/**
 * The JSON tree view's model: a small parser that keeps what JSON.parse throws away. Numbers keep
 * their text (12345678901234567890 is not rounded), duplicate keys stay as two entries, in order,
 * and every node knows where it sits in the source, so "Copy value" copies exactly what was
 * received. Only the selected frame is parsed, and only when the Tree view is open.
 */

export type JsonNode =
  | { readonly type: 'object'; readonly start: number; readonly end: number; readonly entries: readonly JsonEntry[] }
  | { readonly type: 'array'; readonly start: number; readonly end: number; readonly items: readonly JsonNode[] }
  | { readonly type: 'string'; readonly start: number; readonly end: number; readonly value: string }
  | { readonly type: 'number'; readonly start: number; readonly end: number; readonly raw: string }
  | { readonly type: 'boolean'; readonly start: number; readonly end: number; readonly value: boolean }
  | { readonly type: 'null'; readonly start: number; readonly end: number }

export type JsonEntry = { readonly key: string; readonly node: JsonNode }

export type ContainerNode = Extract<JsonNode, { type: 'object' | 'array' }>

/** Children rendered per node before a "Show more" button: a 10,000-item array must not put 10,000 rows in the DOM. */
export const CHILD_PAGE = 100
/** Rows "Expand all" (and the first view) may open; past it the deeper nodes stay folded. */
export const EXPAND_ALL_ROWS = 2000

export function isContainer(node: JsonNode): node is ContainerNode {
  return node.type === 'object' || node.type === 'array'
}

/** A container's children as (path segment, node) pairs, in source order. */
export function childrenOf(node: ContainerNode): readonly { segment: string | number; node: JsonNode }[] {
  return node.type === 'object' ? node.entries.map((entry) => ({ segment: entry.key, node: entry.node })) : node.items.map((item, index) => ({ segment: index, node: item }))
}

export function childCount(node: ContainerNode): number {
  return node.type === 'object' ? node.entries.length : node.items.length
}

/** "{3 keys}", "[1 item]": what a collapsed node holds. */
export function countLabel(node: ContainerNode): string {
  const count = childCount(node)
  const n = count.toLocaleString('en-US')
  return node.type === 'object' ? `{${n} ${count === 1 ? 'key' : 'keys'}}` : `[${n} ${count === 1 ? 'item' : 'items'}]`
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** One step of a JSONPath-style path: `.name` for identifiers, `["odd key"]` otherwise, `[2]` for items. */
export function pathSegment(segment: string | number): string {
  if (typeof segment === 'number') return `[${segment}]`
  return IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`
}

export class JsonTreeError extends Error {}

/** JSON's number grammar, matched where the parser stands (sticky). */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

/** Parses JSON text into nodes; throws JsonTreeError (with the offset) on anything JSON.parse would reject. */
export function parseJsonTree(text: string): JsonNode {
  let i = 0
  const n = text.length
  const fail = (what: string): never => {
    throw new JsonTreeError(`${what} at offset ${i}`)
  }
  const skip = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++
  }
  const readString = (): string => {
    const start = i
    let escaped = false
    i++
    while (i < n) {
      const code = text.charCodeAt(i)
      if (code === 0x5c) {
        escaped = true
        i += 2
      } else if (code === 0x22) break
      else if (code < 0x20) fail('Control character in a string')
      else i++
    }
    if (i >= n) fail('Unterminated string')
    i++
    // Most strings have no escape: a slice is the value (JSON.parse per string took 3/4 of the time).
    if (!escaped) return text.slice(start + 1, i - 1)
    try {
      // The escapes (\u00e9, \n, surrogate pairs) decoded exactly as JSON defines them.
      return JSON.parse(text.slice(start, i)) as string
    } catch {
      return fail('Invalid string escape')
    }
  }
  // Iterative over the nesting (an explicit stack): a hostile 100,000-deep array must not overflow the call stack.
  type Open = { node: { type: 'object'; start: number; end: number; entries: JsonEntry[] } | { type: 'array'; start: number; end: number; items: JsonNode[] }; key: string | null }
  const stack: Open[] = []
  let root: JsonNode | null = null

  const place = (node: JsonNode) => {
    const top = stack[stack.length - 1]
    if (!top) {
      root = node
      return
    }
    if (top.node.type === 'array') top.node.items.push(node)
    else top.node.entries.push({ key: top.key ?? '', node })
  }

  // After a value inside a container: a comma (then the next key or item) or the closing bracket.
  let expectValue = true
  for (;;) {
    skip()
    if (i >= n) break
    const top = stack[stack.length - 1]
    if (!expectValue) {
      if (!top) fail('Unexpected text after the document')
      const code = text.charCodeAt(i)
      const close = top!.node.type === 'object' ? 0x7d : 0x5d
      if (code === 0x2c) {
        i++
        skip()
        if (top!.node.type === 'object') {
          if (text.charCodeAt(i) !== 0x22) fail('Expected a key')
          top!.key = readString()
          skip()
          if (text.charCodeAt(i) !== 0x3a) fail('Expected ":"')
          i++
        }
        expectValue = true
        continue
      }
      if (code !== close) fail(`Expected "," or "${String.fromCharCode(close)}"`)
      i++
      top!.node.end = i
      stack.pop()
      place(top!.node)
      continue
    }
    const code = text.charCodeAt(i)
    const start = i
    if (code === 0x7b || code === 0x5b) {
      i++
      skip()
      const empty = text.charCodeAt(i) === (code === 0x7b ? 0x7d : 0x5d)
      const node = code === 0x7b ? { type: 'object' as const, start, end: start, entries: [] as JsonEntry[] } : { type: 'array' as const, start, end: start, items: [] as JsonNode[] }
      if (empty) {
        i++
        node.end = i
        place(node)
        expectValue = false
        continue
      }
      const open: Open = { node, key: null }
      if (node.type === 'object') {
        if (text.charCodeAt(i) !== 0x22) fail('Expected a key')
        open.key = readString()
        skip()
        if (text.charCodeAt(i) !== 0x3a) fail('Expected ":"')
        i++
      }
      stack.push(open)
      continue
    }
    if (code === 0x22) {
      const value = readString()
      place({ type: 'string', start, end: i, value })
    } else if (text.startsWith('true', i)) {
      i += 4
      place({ type: 'boolean', start, end: i, value: true })
    } else if (text.startsWith('false', i)) {
      i += 5
      place({ type: 'boolean', start, end: i, value: false })
    } else if (text.startsWith('null', i)) {
      i += 4
      place({ type: 'null', start, end: i })
    } else {
      NUMBER.lastIndex = i
      const found = NUMBER.exec(text)
      if (!found) fail('Unexpected character')
      i += found![0].length
      place({ type: 'number', start, end: i, raw: found![0] })
    }
    expectValue = false
  }
  if (stack.length > 0) fail('Unexpected end of the document')
  if (root === null) fail('Empty document')
  return root!
}

/**
 * Opens containers level by level while the rows they show stay within `budget`, so the shallow
 * structure shows and a huge document cannot put a million rows on the page. A level is opened
 * whole or not at all (no half-open siblings). Children past a node's first page are not visited:
 * they are not shown until "Show more". `complete` is false when the budget stopped it.
 */
export function expandWithin(root: JsonNode, budget: number): { expanded: Set<JsonNode>; complete: boolean } {
  const expanded = new Set<JsonNode>()
  if (!isContainer(root) || childCount(root) === 0) return { expanded, complete: true }
  let rows = 1
  let level: ContainerNode[] = [root]
  while (level.length > 0) {
    let added = 0
    for (const node of level) added += Math.min(childCount(node), CHILD_PAGE)
    if (rows + added > budget) return { expanded, complete: false }
    rows += added
    const next: ContainerNode[] = []
    for (const node of level) {
      expanded.add(node)
      const children = childrenOf(node)
      const shown = Math.min(children.length, CHILD_PAGE)
      for (let k = 0; k < shown; k++) {
        const child = children[k]!.node
        if (isContainer(child) && childCount(child) > 0) next.push(child)
      }
    }
    level = next
  }
  return { expanded, complete: true }
}
