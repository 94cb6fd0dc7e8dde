/**
 * Keys that turn a later copy or merge into prototype pollution. JSON.parse keeps `__proto__` as a
 * harmless own key; the damage happens when code copies it with [[Set]] semantics (Object.assign,
 * for...in loops, deep merges). Refusing them anywhere means no later code has to be careful.
 * docs/reliability.md §2.11.
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

export type StructureProblem = { path: string; message: string }

/** Appends an object key or array index to a path written as `connections[2].url`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)
  if (safe !== key) return `${path}[${safe}]`
  return path === '' ? key : `${path}.${key}`
}

/**
 * Walks parsed JSON iteratively (a recursive walk would overflow the stack on hostile nesting) and
 * reports the first unsafe key or the first value nested deeper than `maxDepth`. Only own keys are
 * visited, which is what JSON.parse produces.
 */
export function findStructureProblem(value: unknown, maxDepth: number, rootPath = ''): StructureProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: rootPath, depth: 0 }]
  while (stack.length > 0) {
    const item = stack.pop()
    if (!item || item.value === null || typeof item.value !== 'object') continue
    if (item.depth >= maxDepth) {
      return { path: item.path, message: `nested more than ${maxDepth} levels deep` }
    }
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--) {
        stack.push({ value: item.value[i], path: joinPath(item.path, i), depth: item.depth + 1 })
      }
      continue
    }
    const keys = Object.keys(item.value)
    for (const key of keys) {
      if (UNSAFE_KEYS.has(key)) {
        return { path: joinPath(item.path, key), message: `unsafe key "${key}" is not allowed` }
      }
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string
      stack.push({ value: (item.value as Record<string, unknown>)[key], path: joinPath(item.path, key), depth: item.depth + 1 })
    }
  }
  return null
}

export type JsonProblem = {
  /** UTF-16 offset into the text, where the problem starts. */
  position: number
  /** `comment` and `trailing-comma` are JSONC habits; `end` is text that stops too early. */
  kind: 'comment' | 'trailing-comma' | 'end' | 'syntax'
  /** For a trailing comma: the bracket it stands before. */
  closer?: '}' | ']'
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y

/**
 * Finds where text that JSON.parse refused goes wrong, by reading it as strict JSON (RFC 8259).
 * Engines word their errors differently and some give no position at all (V8 for a comment or a
 * trailing comma in a list), so the import message cannot rely on them for where. Iterative, so
 * hostile nesting cannot overflow the stack; linear in the text. Returns null for valid JSON.
 */
export function locateJsonProblem(text: string): JsonProblem | null {
  const stack: ('}' | ']')[] = []
  type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end'
  let want: Want = 'value'
  let lastComma = -1
  let i = 0
  const afterValue = (): Want => (stack.length === 0 ? 'end' : 'comma-or-close')
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
    if (text.startsWith('//', i) || text.startsWith('/*', i)) return { position: i, kind: 'comment' }
    if (i >= text.length) return want === 'end' ? null : { position: i, kind: 'end' }
    const ch = text[i]
    const top = stack[stack.length - 1]
    if (want === 'end') return { position: i, kind: 'syntax' }
    if (want === 'colon') {
      if (ch !== ':') return { position: i, kind: 'syntax' }
      i++
      want = 'value'
      continue
    }
    if (want === 'comma-or-close') {
      if (ch === ',') {
        lastComma = i
        i++
        want = top === '}' ? 'key' : 'value'
      } else if (ch === top) {
        stack.pop()
        i++
        want = afterValue()
      } else {
        return { position: i, kind: 'syntax' }
      }
      continue
    }
    // A closing bracket where a key or value should follow a comma: the JSONC trailing comma.
    if ((ch === '}' || ch === ']') && ch === top) {
      if (want === 'key-or-close' || want === 'value-or-close') {
        stack.pop()
        i++
        want = afterValue()
        continue
      }
      return { position: lastComma, kind: 'trailing-comma', closer: ch }
    }
    if (want === 'key' || want === 'key-or-close') {
      if (ch !== '"') return { position: i, kind: 'syntax' }
      const end = skipString(text, i)
      if (end.problem) return end.problem
      i = end.next
      want = 'colon'
      continue
    }
    // A value.
    if (ch === '{' || ch === '[') {
      stack.push(ch === '{' ? '}' : ']')
      want = ch === '{' ? 'key-or-close' : 'value-or-close'
      i++
      continue
    }
    if (ch === '"') {
      const end = skipString(text, i)
      if (end.problem) return end.problem
      i = end.next
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4
    } else if (text.startsWith('false', i)) {
      i += 5
    } else {
      NUMBER.lastIndex = i
      if (!NUMBER.test(text)) return { position: i, kind: 'syntax' }
      i = NUMBER.lastIndex
    }
    want = afterValue()
  }
}

function skipString(text: string, start: number): { next: number; problem?: JsonProblem } {
  let i = start + 1
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (code === 0x22) return { next: i + 1 }
    if (code < 0x20) return { next: i, problem: { position: i, kind: 'syntax' } }
    if (code === 0x5c) {
      ESCAPE.lastIndex = i
      if (!ESCAPE.test(text)) return { next: i, problem: { position: i, kind: 'syntax' } }
      i = ESCAPE.lastIndex
    } else {
      i++
    }
  }
  return { next: i, problem: { position: i, kind: 'end' } }
}
