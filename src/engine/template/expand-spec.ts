import type { ConnectionSpec } from '../runtime/connection-runtime.ts'
import type { Expansion } from './template.ts'

/** Keys of a spec that name what it is, never a value a user templates. */
const FIXED_KEYS = new Set(['transport', 'method', 'transports'])

/**
 * Expands `{{name}}` in every text of a connection spec, whatever its transport: strings, lists of
 * strings (subprotocols) and [name, value] pairs (headers, query). Generic on purpose, so a new
 * transport's options are templated without touching this. The first unknown variable stops it.
 */
export function expandSpec(spec: ConnectionSpec, expand: (text: string) => Expansion): { ok: true; spec: ConnectionSpec } | { ok: false; error: string } {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(spec)) {
    if (FIXED_KEYS.has(key)) {
      out[key] = value
      continue
    }
    const expanded = expandValue(value, expand)
    if (!expanded.ok) return { ok: false, error: `${labelOf(key)}: ${expanded.error}` }
    out[key] = expanded.value
  }
  return { ok: true, spec: out as ConnectionSpec }
}

function expandValue(value: unknown, expand: (text: string) => Expansion): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return { ok: true, value }
    const result = expand(value)
    return result.ok ? { ok: true, value: result.text } : { ok: false, error: result.error }
  }
  if (Array.isArray(value)) {
    const items: unknown[] = []
    for (const item of value) {
      const expanded = expandValue(item, expand)
      if (!expanded.ok) return expanded
      items.push(expanded.value)
    }
    return { ok: true, value: items }
  }
  return { ok: true, value }
}

function labelOf(key: string): string {
  switch (key) {
    case 'url':
      return 'URL'
    case 'protocols':
      return 'Subprotocols'
    case 'headers':
      return 'Headers'
    case 'query':
      return 'Query'
    case 'auth':
      return 'Auth payload'
    case 'body':
      return 'Request body'
    default:
      return key
  }
}
