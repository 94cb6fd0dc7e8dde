import { isBinaryPayload, type Direction, type Frame, type FrameKind } from '../frame.ts'
import { searchableText } from '../view/frame-summary.ts'
import { isRecord, parseJsonPath, selectPath, type PathStep } from './json-path.ts'

/**
 * One matcher language for filters, expectations and auto-responders: plain JSON, so it lives in
 * the workspace file and runs the same in the Worker, in Node and in tests. Every condition given
 * must hold. No condition is evaluated with eval or new Function (the CSP forbids both).
 */
export type Matcher = {
  /** Default 'message'. */
  kind?: FrameKind
  direction?: Direction
  /** true: only binary messages; false: only text. */
  binary?: boolean
  /** A substring of the frame's text (case-insensitive unless matchCase). */
  contains?: string
  matchCase?: boolean
  /** A regular expression: `/pattern/flags` or a bare pattern. */
  regex?: string
  /** Predicates on the JSON payload; all must hold. */
  json?: JsonPredicate[]
  /** The JSON payload contains this value: objects by subset, arrays element-wise by subset, the rest equal. */
  jsonSubset?: unknown
  /** The Socket.IO event name or the SSE event type, exactly. */
  event?: string
}

export type JsonOperator = 'exists' | 'absent' | 'equals' | 'notEquals' | 'contains' | 'matches' | 'gt' | 'gte' | 'lt' | 'lte'

export type JsonPredicate = {
  path: string
  op: JsonOperator
  /** JSON value for equals/notEquals, text for contains/matches, a number for the comparisons. */
  value?: unknown
}

export const JSON_OPERATORS: readonly JsonOperator[] = ['exists', 'absent', 'equals', 'notEquals', 'contains', 'matches', 'gt', 'gte', 'lt', 'lte']

export type MatchResult = { matched: true } | { matched: false; reason: string }

export type CompiledMatcher = {
  readonly spec: Matcher
  test(frame: Frame): MatchResult
}

export type CompileResult = { ok: true; matcher: CompiledMatcher } | { ok: false; error: string }

type CompiledPredicate = { predicate: JsonPredicate; steps: PathStep[]; pattern?: RegExp }

const REGEX_FLAGS = /^[imsu]*$/

export function compileRegex(text: string, defaultFlags = ''): { ok: true; pattern: RegExp } | { ok: false; error: string } {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(text)
  const source = literal ? (literal[1] ?? '') : text
  // g and y would make test() stateful across frames.
  const flags = literal ? (literal[2] ?? '').replace(/[gy]/g, '') : defaultFlags
  if (!REGEX_FLAGS.test(flags)) return { ok: false, error: `Unknown flag in "${literal?.[2] ?? flags}": use i, m, s or u.` }
  try {
    return { ok: true, pattern: new RegExp(source, [...new Set(flags)].join('')) }
  } catch (error) {
    return { ok: false, error: `Not a regular expression: ${error instanceof Error ? error.message : String(error)}` }
  }
}

export function compileMatcher(spec: Matcher): CompileResult {
  let pattern: RegExp | undefined
  if (spec.regex !== undefined && spec.regex !== '') {
    const compiled = compileRegex(spec.regex)
    if (!compiled.ok) return compiled
    pattern = compiled.pattern
  }
  const predicates: CompiledPredicate[] = []
  for (const predicate of spec.json ?? []) {
    if (!JSON_OPERATORS.includes(predicate.op)) return { ok: false, error: `Unknown JSON operator "${String(predicate.op)}": use ${JSON_OPERATORS.join(', ')}.` }
    const parsed = parseJsonPath(predicate.path)
    if (!parsed.ok) return parsed
    const compiled: CompiledPredicate = { predicate, steps: parsed.steps }
    if (predicate.op === 'matches') {
      const regex = compileRegex(String(predicate.value ?? ''))
      if (!regex.ok) return { ok: false, error: `${predicate.path}: ${regex.error}` }
      compiled.pattern = regex.pattern
    }
    if (['gt', 'gte', 'lt', 'lte'].includes(predicate.op) && typeof predicate.value !== 'number') {
      return { ok: false, error: `${predicate.path} ${predicate.op} needs a number to compare with.` }
    }
    predicates.push(compiled)
  }
  const kind = spec.kind ?? 'message'
  const needle = spec.contains ? (spec.matchCase ? spec.contains : spec.contains.toLowerCase()) : ''
  const needsJson = predicates.length > 0 || spec.jsonSubset !== undefined

  const test = (frame: Frame): MatchResult => {
    if (frame.kind !== kind) return { matched: false, reason: `it is ${article(frame.kind)} ${frame.kind} frame, not ${article(kind)} ${kind}` }
    if (frame.kind === 'message') {
      if (spec.direction && frame.direction !== spec.direction) return { matched: false, reason: `it was ${frame.direction === 'in' ? 'received' : 'sent'}, not ${spec.direction === 'in' ? 'received' : 'sent'}` }
      const binary = isBinaryPayload(frame.payload)
      if (spec.binary !== undefined && binary !== spec.binary) return { matched: false, reason: binary ? 'it is binary, not text' : 'it is text, not binary' }
      if (spec.event !== undefined && spec.event !== '') {
        const event = frame.detail && (frame.detail.transport === 'socket.io' || frame.detail.transport === 'sse') ? frame.detail.event : undefined
        if (event === undefined) return { matched: false, reason: 'it carries no event name (only Socket.IO and SSE frames do)' }
        if (event !== spec.event) return { matched: false, reason: `its event is "${event}", not "${spec.event}"` }
      }
    }
    const text = searchableText(frame)
    if (needle !== '') {
      if (text === null) return { matched: false, reason: 'it is binary, so it holds no text to search' }
      const haystack = spec.matchCase ? text : text.toLowerCase()
      if (!haystack.includes(needle)) return { matched: false, reason: `its text does not contain "${spec.contains}"` }
    }
    if (pattern) {
      if (text === null) return { matched: false, reason: 'it is binary, so it holds no text to search' }
      if (!pattern.test(text)) return { matched: false, reason: `its text does not match ${spec.regex}` }
    }
    if (needsJson) {
      const document = frameJson(frame)
      if (!document.ok) return { matched: false, reason: document.reason }
      for (const compiled of predicates) {
        const failure = checkPredicate(document.value, compiled)
        if (failure) return { matched: false, reason: failure }
      }
      if (spec.jsonSubset !== undefined && !containsSubset(document.value, spec.jsonSubset, 0)) {
        return { matched: false, reason: `its JSON does not contain ${preview(spec.jsonSubset)}` }
      }
    }
    return { matched: true }
  }
  return { ok: true, matcher: { spec, test } }
}

type JsonRead = { ok: true; value: unknown } | { ok: false; reason: string }

/** The JSON a frame's predicates look at: its text parsed (a Socket.IO frame's text is `["event", ...args]`). */
export function frameJson(frame: Frame): JsonRead {
  if (frame.kind !== 'message') return { ok: false, reason: `it is ${article(frame.kind)} ${frame.kind} frame, which has no JSON` }
  if (isBinaryPayload(frame.payload)) return { ok: false, reason: 'it is binary, not JSON' }
  try {
    return { ok: true, value: JSON.parse(frame.payload) as unknown }
  } catch {
    return { ok: false, reason: 'its text is not JSON' }
  }
}

function checkPredicate(document: unknown, compiled: CompiledPredicate): string | null {
  const { predicate, steps } = compiled
  const values = selectPath(document, steps)
  const path = predicate.path
  switch (predicate.op) {
    case 'exists':
      return values.length > 0 ? null : `${path} is absent`
    case 'absent':
      return values.length === 0 ? null : `${path} is present (${preview(values[0])})`
  }
  if (values.length === 0) return `${path} is absent`
  const holds = (value: unknown): boolean => {
    switch (predicate.op) {
      case 'equals':
        return deepEqual(value, predicate.value)
      case 'notEquals':
        return !deepEqual(value, predicate.value)
      case 'contains':
        if (typeof value === 'string') return value.includes(String(predicate.value ?? ''))
        if (Array.isArray(value)) return value.some((item) => deepEqual(item, predicate.value))
        return false
      case 'matches':
        return compiled.pattern !== undefined && compiled.pattern.test(typeof value === 'string' ? value : JSON.stringify(value))
      case 'gt':
        return typeof value === 'number' && value > (predicate.value as number)
      case 'gte':
        return typeof value === 'number' && value >= (predicate.value as number)
      case 'lt':
        return typeof value === 'number' && value < (predicate.value as number)
      case 'lte':
        return typeof value === 'number' && value <= (predicate.value as number)
      default:
        return false
    }
  }
  // A path that selects several values (a wildcard) holds when any of them does.
  if (values.some(holds)) return null
  const words = OPERATOR_WORDS[predicate.op]
  return `${path} is ${preview(values[0])}, expected ${words === '' ? '' : `${words} `}${preview(predicate.value)}`
}

const OPERATOR_WORDS: Record<JsonOperator, string> = {
  exists: 'to exist',
  absent: 'to be absent',
  equals: '',
  notEquals: 'not',
  contains: 'to contain',
  matches: 'to match',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]))
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
  }
  return false
}

const MAX_SUBSET_DEPTH = 128

/** `value` contains `subset`: every key of an object subset is present and contains its value; arrays: every subset item is contained by some item. */
export function containsSubset(value: unknown, subset: unknown, depth: number): boolean {
  if (depth > MAX_SUBSET_DEPTH) return false
  if (isRecord(subset)) {
    return isRecord(value) && Object.keys(subset).every((key) => Object.hasOwn(value, key) && containsSubset(value[key], subset[key], depth + 1))
  }
  if (Array.isArray(subset)) {
    return Array.isArray(value) && subset.every((wanted) => value.some((item) => containsSubset(item, wanted, depth + 1)))
  }
  return deepEqual(value, subset)
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a'
}

function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** The matcher in words, for reports and rule lists: "a received message whose $.type equals "tick"". */
export function describeMatcher(spec: Matcher): string {
  const kind = spec.kind ?? 'message'
  const direction = spec.direction === 'in' ? 'received ' : spec.direction === 'out' ? 'sent ' : ''
  const binary = spec.binary === true ? 'binary ' : spec.binary === false ? 'text ' : ''
  const parts: string[] = [`${article(direction || binary || kind)} ${direction}${binary}${kind}`]
  if (spec.event) parts.push(`with event "${spec.event}"`)
  if (spec.contains) parts.push(`containing "${spec.contains}"${spec.matchCase ? ' (match case)' : ''}`)
  if (spec.regex) parts.push(`matching ${spec.regex}`)
  for (const predicate of spec.json ?? []) {
    parts.push(predicate.op === 'exists' || predicate.op === 'absent' ? `where ${predicate.path} ${predicate.op === 'exists' ? 'exists' : 'is absent'}` : `where ${predicate.path} ${predicate.op === 'equals' ? '=' : OPERATOR_WORDS[predicate.op]} ${preview(predicate.value)}`)
  }
  if (spec.jsonSubset !== undefined) parts.push(`whose JSON contains ${preview(spec.jsonSubset)}`)
  return parts.join(' ')
}
