import type { JsonSchema } from '../model.ts'

/*
 * `$ref` inside one AsyncAPI document. Only references into the same document (`#/…`) are
 * followed; anything else names another file or URL, which Frameline does not fetch (an import
 * reads one file and fetches nothing), so the importer lists them and refuses the document.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export class RefError extends Error {}

/** At most this many `$ref` hops to reach an object: real documents need one or two. */
const MAX_HOPS = 32

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every `$ref` that does not start with `#`, with where it is (a JSON pointer), in document order. */
export function findExternalRefs(document: Json): { ref: string; at: string }[] {
  const found: { ref: string; at: string }[] = []
  const stack: { value: Json; at: string }[] = [{ value: document, at: '#' }]
  while (stack.length > 0) {
    const item = stack.pop()
    if (!item) break
    const { value, at } = item
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] ?? null, at: `${at}/${i}` })
    } else if (isObject(value)) {
      const ref = value.$ref
      if (typeof ref === 'string' && !ref.startsWith('#')) found.push({ ref, at: `${at}/$ref` })
      const keys = Object.keys(value)
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string
        stack.push({ value: value[key] ?? null, at: `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` })
      }
    }
  }
  return found
}

function decodeSegment(segment: string): string {
  let text = segment.replace(/~1/g, '/').replace(/~0/g, '~')
  try {
    text = decodeURIComponent(text)
  } catch {
    // Not percent-encoded: as written.
  }
  return text
}

/** The value a `#/…` pointer names, own properties only (a pointer may not reach Object.prototype). */
export function resolvePointer(document: Json, ref: string): Json {
  if (ref === '#' || ref === '#/') return document
  if (!ref.startsWith('#/')) throw new RefError(`"${ref}" is not a reference inside this document`)
  let node: Json = document
  for (const segment of ref.slice(2).split('/').map(decodeSegment)) {
    if (Array.isArray(node) && /^\d+$/.test(segment) && Number(segment) < node.length) node = node[Number(segment)] ?? null
    else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment] ?? null
    else throw new RefError(`"${ref}" points at nothing in this document`)
  }
  return node
}

/**
 * Follows `$ref`s until a value that is not a reference. A chain that comes back to where it was
 * is circular and can never resolve: refused with the chain.
 */
export function deref(document: Json, value: Json): { value: Json; ref: string | null } {
  let node = value
  let last: string | null = null
  const chain: string[] = []
  while (isObject(node) && typeof node.$ref === 'string') {
    const ref = node.$ref
    if (chain.includes(ref)) throw new RefError(`circular $ref: ${[...chain, ref].join(' → ')}`)
    if (chain.length >= MAX_HOPS) throw new RefError(`more than ${MAX_HOPS} $ref in a row: ${chain.slice(0, 3).join(' → ')} → …`)
    chain.push(ref)
    last = ref
    node = resolvePointer(document, ref)
  }
  return { value: node, ref: last }
}

/** The last segment of a pointer: `#/components/messages/chatMessage` → `chatMessage`. */
export function refName(ref: string): string {
  const last = ref.split('/').pop() ?? ''
  return decodeSegment(last)
}

/**
 * A payload schema made self-contained: every `$ref` into the document becomes a reference into
 * the schema's own `definitions` (draft-07, as AsyncAPI schemas are), holding a copy of what it
 * pointed at. Recursive schemas (a tree node whose children are nodes) stay recursive; a chain of
 * references that never reaches a schema is refused as circular.
 */
export function bundleSchema(document: Json, root: Json): JsonSchema {
  const definitions: JsonObject = {}
  const keyOfPointer = new Map<string, string>()
  const usedKeys = new Set<string>()

  const definitionFor = (ref: string): string => {
    const known = keyOfPointer.get(ref)
    if (known !== undefined) return known
    // Followed now so a circular chain is refused before anything recurses on it.
    deref(document, { $ref: ref })
    const base = refName(ref).replace(/[^A-Za-z0-9_.-]/g, '_') || 'schema'
    let key = base
    for (let n = 2; usedKeys.has(key); n++) key = `${base}_${n}`
    usedKeys.add(key)
    keyOfPointer.set(ref, key)
    definitions[key] = rewrite(resolvePointer(document, ref))
    return key
  }

  function rewrite(value: Json): Json {
    if (Array.isArray(value)) return value.map(rewrite)
    if (!isObject(value)) return value
    const out: JsonObject = {}
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') out.$ref = `#/definitions/${definitionFor(item)}`
      else out[key] = rewrite(item)
    }
    return out
  }

  const start = deref(document, root).value
  if (typeof start === 'boolean') return start
  if (!isObject(start)) throw new RefError('is not a schema (an object, true or false)')
  const schema = rewrite(start) as JsonObject
  if (Object.keys(definitions).length > 0) schema.definitions = definitions
  return schema
}
