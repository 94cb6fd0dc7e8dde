import { compileMatcher, type CompiledMatcher, type JsonOperator, type JsonPredicate } from '../match/matcher.ts'

/**
 * JSON field predicates typed into the timeline's search box, in the matcher language filters,
 * expectations and auto-responders share: a query that starts with `$` is fields, not text.
 *   $.type = "tick"      $.price > 100      $.user.name ~ ^A      $.error exists
 *   $.tags contains "b"  $.id != 7          $.type = tick && $.seq >= 10
 * Values are JSON where they parse (numbers, "strings", true, false, null), else plain text.
 */

const OPERATORS: readonly [string, JsonOperator][] = [
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['!=', 'notEquals'],
  ['==', 'equals'],
  ['=', 'equals'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['~', 'matches'],
]

export function isFieldQuery(query: string): boolean {
  return query.trimStart().startsWith('$')
}

export type FieldQuery = { ok: true; matcher: CompiledMatcher } | { ok: false; error: string }

export function compileFieldQuery(query: string): FieldQuery {
  const predicates: JsonPredicate[] = []
  for (const clause of query.split(/\s*&&\s*|\s+and\s+/)) {
    const text = clause.trim()
    if (text === '') continue
    const predicate = parseClause(text)
    if (typeof predicate === 'string') return { ok: false, error: predicate }
    predicates.push(predicate)
  }
  if (predicates.length === 0) return { ok: false, error: 'Write a field condition, e.g. $.type = "tick" or $.price > 100.' }
  const compiled = compileMatcher({ json: predicates })
  return compiled.ok ? { ok: true, matcher: compiled.matcher } : { ok: false, error: compiled.error }
}

function parseClause(text: string): JsonPredicate | string {
  const word = /^(\S+)\s+(exists|absent|contains)\b\s*(.*)$/.exec(text)
  if (word) {
    const [, path = '', op = '', rest = ''] = word
    if (op === 'contains') return rest === '' ? `"${path} contains" needs a value.` : { path, op: 'contains', value: literal(rest) }
    return rest === '' ? { path, op: op as JsonOperator } : `Nothing may follow "${op}" in "${text}".`
  }
  for (const [symbol, op] of OPERATORS) {
    const at = findOperator(text, symbol)
    if (at < 0) continue
    const path = text.slice(0, at).trim()
    const raw = text.slice(at + symbol.length).trim()
    if (path === '' || raw === '') return `"${text}" needs a path and a value on both sides of ${symbol}.`
    const value = op === 'matches' ? raw : literal(raw)
    if ((op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') && typeof value !== 'number') return `${symbol} compares numbers: "${raw}" is not one.`
    return { path, op, value }
  }
  return `Cannot read "${text}": use $.path = value, !=, >, >=, <, <=, ~ (regular expression), contains, exists or absent.`
}

/** The first occurrence of the operator outside the path's brackets and quotes. */
function findOperator(text: string, symbol: string): number {
  let depth = 0
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quote) {
      if (char === quote) quote = null
      continue
    }
    if (char === "'" || char === '"') quote = char
    else if (char === '[') depth += 1
    else if (char === ']') depth -= 1
    else if (depth === 0 && text.startsWith(symbol, i)) {
      // "=" must not be read inside ">=", "<=", "!=" or "==".
      if (symbol === '=' && (text[i - 1] === '>' || text[i - 1] === '<' || text[i - 1] === '!' || text[i - 1] === '=' || text[i + 1] === '=')) continue
      if ((symbol === '>' || symbol === '<') && text[i + 1] === '=') continue
      return i
    }
  }
  return -1
}

function literal(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

/** A path whose last step is a plain property name: `$.a.b`, `$.a[0].b` (not `..`, `*` or quoted names). */
const PLAIN_PATH = /^\$(?:\.[A-Za-z_$][\w$]*|\[\d+\])*\.([A-Za-z_$][\w$]*)(?:\[\d+\])*$/

/**
 * A cheap test that rules a frame out before its JSON is parsed: every condition but `absent`
 * needs its field, so the field's name, quoted, must appear in the text. Text with a backslash
 * could spell the name with escapes (`"\u0074ype"`) and is always parsed. Null when no condition
 * names a plain field (then every frame is parsed).
 */
export function fieldPrecheck(query: string): ((text: string) => boolean) | null {
  const compiled = compileFieldQuery(query)
  if (!compiled.ok) return null
  const needles: string[] = []
  for (const predicate of compiled.matcher.spec.json ?? []) {
    if (predicate.op === 'absent') continue
    const name = PLAIN_PATH.exec(predicate.path)?.[1]
    if (name !== undefined) needles.push(`"${name}"`)
  }
  if (needles.length === 0) return null
  return (text) => text.includes('\\') || needles.every((needle) => text.includes(needle))
}
