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
