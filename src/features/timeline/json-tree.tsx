import { useCallback, useMemo, useState } from 'react'
import { copyToClipboard } from '../../lib/clipboard.ts'
import { describeError } from '../../lib/describe-error.ts'
import { formatCount } from '../../lib/format.ts'
import { reindentJson } from '../../lib/payload.ts'
import {
  CHILD_PAGE,
  EXPAND_ALL_ROWS,
  childCount,
  childrenOf,
  countLabel,
  expandWithin,
  isContainer,
  JsonTreeError,
  parseJsonTree,
  pathSegment,
  type ContainerNode,
  type JsonNode,
} from './json-tree-model.ts'
import './json-tree.css'

const INITIAL_ROWS = 200
/** Characters of one string value shown in its row; Copy value has all of it. */
export const STRING_DISPLAY_CHARS = 2000

type Notice = { tone: 'ok' | 'error'; text: string }

type JsonTreeProps = {
  /** JSON text, exactly as received: the tree only reads it. */
  text: string
  /** What the tree is of, for its accessible name ("Payload", "Decoded message"). */
  label?: string
  onNotice: (notice: Notice) => void
  /** One more action on the selected node's path (e.g. "Pair by this field"); not offered for the root. */
  pathAction?: { label: string; run: (path: string) => void }
}

/** What "Copy value" puts on the clipboard: containers and numbers as their source text (re-indented), a string as the string itself. */
function copyValueOf(text: string, node: JsonNode): string {
  if (node.type === 'string') return node.value
  const source = text.slice(node.start, node.end)
  return isContainer(node) ? reindentJson(source) : source
}

/**
 * A folding tree of a JSON document. Every key and value reaches the DOM as a text node (React
 * children), never as markup, whatever the payload holds.
 */
export default function JsonTree({ text, label = 'Payload', onNotice, pathAction }: JsonTreeProps) {
  const parsed = useMemo((): { ok: true; root: JsonNode } | { ok: false; error: string } => {
    try {
      return { ok: true, root: parseJsonTree(text) }
    } catch (error) {
      return { ok: false, error: error instanceof JsonTreeError ? error.message : describeError(error) }
    }
  }, [text])
  if (!parsed.ok) {
    return (
      <p className="tl-detail-note field-error" role="alert">
        Not shown as a tree: the JSON does not parse ({parsed.error}). Raw has the text as received.
      </p>
    )
  }
  return <LoadedTree key={text} text={text} root={parsed.root} label={label} onNotice={onNotice} pathAction={pathAction} />
}

function LoadedTree({ text, root, label, onNotice, pathAction }: { text: string; root: JsonNode; label: string; onNotice: (notice: Notice) => void; pathAction: JsonTreeProps['pathAction'] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<JsonNode>>(() => expandWithin(root, INITIAL_ROWS).expanded)
  const [pages, setPages] = useState<ReadonlyMap<JsonNode, number>>(() => new Map())
  const [selected, setSelected] = useState<{ node: JsonNode; path: string }>({ node: root, path: '$' })
  const [limited, setLimited] = useState(false)

  const toggle = useCallback((node: JsonNode) => {
    setExpanded((current) => {
      const next = new Set(current)
      if (next.has(node)) next.delete(node)
      else next.add(node)
      return next
    })
  }, [])
  const showMore = useCallback((node: JsonNode) => {
    setPages((current) => new Map(current).set(node, (current.get(node) ?? 1) + 1))
  }, [])
  const select = useCallback((node: JsonNode, path: string) => setSelected({ node, path }), [])

  const expandAll = () => {
    const result = expandWithin(root, EXPAND_ALL_ROWS)
    setExpanded(result.expanded)
    setPages(new Map())
    setLimited(!result.complete)
  }
  const collapseAll = () => {
    setExpanded(new Set())
    setLimited(false)
  }
  const copy = (what: string, value: string) => {
    copyToClipboard(value).then(
      () => onNotice({ tone: 'ok', text: `Copied the ${what} (${formatCount(value.length)} characters) to the clipboard.` }),
      (error: unknown) => onNotice({ tone: 'error', text: `Copy failed: ${describeError(error)}` }),
    )
  }

  return (
    <div className="jt">
      <div className="jt-toolbar" role="toolbar" aria-label="Tree">
        <button type="button" onClick={expandAll}>
          Expand all
        </button>
        <button type="button" onClick={collapseAll}>
          Collapse all
        </button>
        <span className="jt-selected">
          Selected: <code data-testid="json-tree-selected">{selected.path}</code>
        </span>
        <button type="button" onClick={() => copy('path', selected.path)}>
          Copy path
        </button>
        <button type="button" onClick={() => copy('value', copyValueOf(text, selected.node))}>
          Copy value
        </button>
        {pathAction && (
          <button type="button" disabled={selected.path === '$'} title={selected.path === '$' ? 'Select a field first' : undefined} onClick={() => pathAction.run(selected.path)}>
            {pathAction.label}
          </button>
        )}
      </div>
      {limited && (
        <p className="tl-detail-note" role="status">
          Expanded the first {formatCount(EXPAND_ALL_ROWS)} rows or so; deeper nodes stay folded to keep the page responsive. Open them one by one.
        </p>
      )}
      {/* Focusable: a tall tree scrolls, and a keyboard user must be able to scroll it too. */}
      <ul className="jt-tree" aria-label={`${label} as a tree`} tabIndex={0}>
        <TreeRow
          node={root}
          segment={null}
          path="$"
          expanded={expanded}
          pages={pages}
          selectedNode={selected.node}
          onToggle={toggle}
          onShowMore={showMore}
          onSelect={select}
        />
      </ul>
    </div>
  )
}

type RowProps = {
  node: JsonNode
  /** The key or index this node has in its parent; null for the root. */
  segment: string | number | null
  path: string
  expanded: ReadonlySet<JsonNode>
  pages: ReadonlyMap<JsonNode, number>
  selectedNode: JsonNode
  onToggle: (node: JsonNode) => void
  onShowMore: (node: JsonNode) => void
  onSelect: (node: JsonNode, path: string) => void
}

function TreeRow(props: RowProps) {
  const { node, segment, path, expanded, pages, selectedNode, onToggle, onSelect } = props
  const container = isContainer(node) && childCount(node) > 0
  const open = container && expanded.has(node)
  return (
    <li className="jt-row">
      <div className="jt-line">
        {container ? (
          <button type="button" className="jt-toggle" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${path}`} onClick={() => onToggle(node)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="jt-toggle-space" aria-hidden="true" />
        )}
        <button
          type="button"
          className="jt-name"
          aria-pressed={selectedNode === node}
          // The path names the node (and contains the visible key): "$.a.b[2]".
          aria-label={path}
          title={`Select ${path} to copy its path or value`}
          onClick={() => onSelect(node, path)}
        >
          {segment === null ? <span className="jt-root">$</span> : typeof segment === 'number' ? <span className="jt-index">{segment}</span> : <span className="jt-key">{JSON.stringify(segment)}</span>}
        </button>
        <span className="jt-colon">:</span>
        {container ? (
          open ? (
            <span className="jt-bracket">{node.type === 'object' ? '{' : '['}</span>
          ) : (
            <span className="jt-count">{countLabel(node)}</span>
          )
        ) : (
          <Leaf node={node} />
        )}
      </div>
      {open && <Children {...props} node={node} page={pages.get(node) ?? 1} />}
      {open && <span className="jt-bracket jt-close">{node.type === 'object' ? '}' : ']'}</span>}
    </li>
  )
}

function Children(props: RowProps & { node: ContainerNode; page: number }) {
  const { node, page, path, onShowMore } = props
  const all = childrenOf(node)
  const shown = Math.min(all.length, page * CHILD_PAGE)
  const rest = all.length - shown
  const rows = []
  for (let k = 0; k < shown; k++) {
    const child = all[k]!
    rows.push(<TreeRow {...props} key={k} node={child.node} segment={child.segment} path={path + pathSegment(child.segment)} />)
  }
  return (
    <ul className="jt-children">
      {rows}
      {rest > 0 && (
        <li className="jt-row">
          <button type="button" className="jt-more" onClick={() => onShowMore(node)}>
            Show {formatCount(Math.min(rest, CHILD_PAGE))} more (of {formatCount(all.length)})
          </button>
        </li>
      )}
    </ul>
  )
}

function Leaf({ node }: { node: Exclude<JsonNode, ContainerNode> | ContainerNode }) {
  switch (node.type) {
    case 'string': {
      const long = node.value.length > STRING_DISPLAY_CHARS
      const shown = JSON.stringify(long ? node.value.slice(0, STRING_DISPLAY_CHARS) : node.value)
      return (
        <span className="jt-string">
          {shown}
          {long && <span className="jt-more-note"> … {formatCount(node.value.length - STRING_DISPLAY_CHARS)} more characters (Copy value has them all)</span>}
        </span>
      )
    }
    case 'number':
      return <span className="jt-number">{node.raw}</span>
    case 'boolean':
      return <span className="jt-boolean">{String(node.value)}</span>
    case 'null':
      return <span className="jt-null">null</span>
    case 'object':
      return <span className="jt-bracket">{'{}'}</span>
    case 'array':
      return <span className="jt-bracket">[]</span>
  }
}
