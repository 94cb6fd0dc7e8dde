import type { OutputUnit } from '@cfworker/json-schema'

/** Appends a key or index to a path written as `channels["/chat"].publish` (as workspace errors read). */
function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`
  return path === '' ? key : `${path}.${key}`
}

/*
 * @cfworker/json-schema reports every step of its walk: "A subschema had errors", "Property x does
 * not match schema", one branch per oneOf alternative (e.g. "does not have required property
 * $ref", the Reference Object alternative). The official AsyncAPI schemas are built of $ref,
 * allOf, oneOf and if/then, so a single typo yields a dozen such lines. A person needs the
 * leaves: where the document is wrong and how, the deepest place first. The AsyncAPI importer and
 * the timeline's frame checks (contract-index.ts) both read errors through this module.
 */

/** Keywords whose errors only say "something below failed". */
const STRUCTURAL = new Set([
  '$ref',
  'properties',
  'patternProperties',
  'additionalProperties',
  'allOf',
  'if',
  'then',
  'else',
  'items',
  'additionalItems',
  'prefixItems',
  'contains',
  'propertyNames',
  'dependencies',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
])

/** Alternatives whose own "required" say which alternative was not taken, not what is wrong. */
const ALTERNATIVE_MARKERS = new Set(['$ref', 'oneOf', 'anyOf'])

/** Reported first at the same depth: they name the fix. */
const KEYWORD_RANK: Readonly<Record<string, number>> = { type: 0, enum: 0, const: 0, format: 1, pattern: 1, required: 2, false: 3, oneOf: 4, anyOf: 4, not: 4 }

export type SchemaProblem = { path: string; message: string }

/** `#/channels/~1chat/publish` → `channels["/chat"].publish` (as workspace errors read). */
export function pointerToPath(pointer: string): string {
  const raw = pointer.replace(/^#/, '')
  if (raw === '' || raw === '/') return ''
  let path = ''
  for (const encoded of raw.slice(1).split('/')) {
    let segment = encoded.replace(/~1/g, '/').replace(/~0/g, '~')
    try {
      segment = decodeURIComponent(segment)
    } catch {
      // Not percent-encoded after all: keep it as written.
    }
    path = /^\d+$/.test(segment) ? joinPath(path, Number(segment)) : joinPath(path, segment)
  }
  return path
}

function depthOf(pointer: string): number {
  return pointer.replace(/^#\/?/, '') === '' ? 0 : pointer.replace(/^#\/?/, '').split('/').length
}

const REQUIRED = /^Instance does not have required property "(.*)"\.$/
const TYPE = /^Instance type "(.*)" is invalid\. Expected (.*)\.$/

/** The validator's sentence in the words the rest of Frameline uses. */
function humanise(unit: OutputUnit): string {
  const required = REQUIRED.exec(unit.error)
  if (unit.keyword === 'required' && required) return `"${required[1]}" is missing`
  const type = TYPE.exec(unit.error)
  if (unit.keyword === 'type' && type) return `must be ${(type[2] ?? '').replace(/"/g, '').split(', ').join(' or ')}, found ${type[1]}`
  if (unit.keyword === 'false') return 'is not allowed here'
  return unit.error.replace(/^Instance /, '').replace(/\.$/, '')
}

/**
 * The leaves of a failed validation, deepest first, each once, at most `max` (the last line says
 * how many more there were).
 */
export function summariseSchemaErrors(errors: readonly OutputUnit[], max = 12): SchemaProblem[] {
  const leaves = errors.filter((unit) => !STRUCTURAL.has(unit.keyword))
  const withoutMarkers = leaves.filter((unit) => {
    if (unit.keyword !== 'required') return true
    const property = REQUIRED.exec(unit.error)?.[1]
    return property === undefined || !ALTERNATIVE_MARKERS.has(property)
  })
  // "Matches none of the alternatives" says nothing when an alternative's own error is listed below it.
  const specific = withoutMarkers.filter((unit) => {
    if (unit.keyword !== 'oneOf' && unit.keyword !== 'anyOf') return true
    return !withoutMarkers.some((other) => other !== unit && other.keyword !== 'oneOf' && other.keyword !== 'anyOf' && other.instanceLocation.startsWith(unit.instanceLocation))
  })
  const chosen = specific.length > 0 ? specific : leaves.length > 0 ? leaves : [...errors]
  const sorted = [...chosen].sort(
    (a, b) => depthOf(b.instanceLocation) - depthOf(a.instanceLocation) || (KEYWORD_RANK[a.keyword] ?? 2) - (KEYWORD_RANK[b.keyword] ?? 2),
  )
  const seen = new Set<string>()
  const out: SchemaProblem[] = []
  for (const unit of sorted) {
    const problem = { path: pointerToPath(unit.instanceLocation), message: humanise(unit) }
    const key = `${problem.path}\u0000${problem.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(problem)
  }
  if (out.length <= max) return out
  return [...out.slice(0, max), { path: '', message: `…and ${out.length - max} more problems` }]
}

export function formatProblem(problem: SchemaProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`
}
