/**
 * A deliberately small JSON Schema (2020-12) checker covering only the keywords
 * public/schema/workspace-v1.schema.json uses, so the schema can be tested without adding ajv.
 * It throws on any keyword it does not know, so the schema cannot silently outgrow it.
 */
type Schema = Record<string, unknown>

const KNOWN = new Set([
  '$schema', '$id', 'title', 'description', '$defs', '$ref', 'type', 'required', 'additionalProperties', 'properties',
  'items', 'maxItems', 'minLength', 'maxLength', 'pattern', 'const', 'enum', 'minimum', 'maximum', 'oneOf',
])

export function validateAgainstSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = []
  check(root, root, value, '', errors)
  return errors
}

function resolve(root: Schema, ref: string): Schema {
  const match = /^#\/\$defs\/(.+)$/.exec(ref)
  const defs = root.$defs as Record<string, Schema> | undefined
  const target = match?.[1] !== undefined ? defs?.[match[1]] : undefined
  if (!target) throw new Error(`unresolvable $ref ${ref}`)
  return target
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function check(root: Schema, schema: Schema, value: unknown, path: string, errors: string[]): void {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`mini-json-schema does not support "${key}"`)
  if (typeof schema.$ref === 'string') check(root, resolve(root, schema.$ref), value, path, errors)
  if ('const' in schema && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`)
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: not in enum`)
  if (typeof schema.type === 'string') {
    const actual = typeOf(value)
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer')
    if (!ok) {
      errors.push(`${path}: must be ${schema.type}`)
      return
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const matching = schema.oneOf.filter((option) => {
      const sub: string[] = []
      check(root, option as Schema, value, path, sub)
      return sub.length === 0
    })
    if (matching.length !== 1) errors.push(`${path}: matches ${matching.length} of oneOf`)
  }
  if (typeof value === 'string') {
    const length = [...value].length // JSON Schema counts code points
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) errors.push(`${path}: too long`)
    if (typeof schema.minLength === 'number' && length < schema.minLength) errors.push(`${path}: too short`)
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: pattern`)
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`)
  if (typeof value === 'number' && typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above maximum`)
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${path}: too many items`)
    if (schema.items) value.forEach((item, i) => check(root, schema.items as Schema, item, `${path}[${i}]`, errors))
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const key of (schema.required ?? []) as string[]) if (!Object.hasOwn(object, key)) errors.push(`${path}.${key}: required`)
    for (const key of Object.keys(object)) {
      const sub = Object.hasOwn(properties, key) ? properties[key] : undefined
      if (sub) check(root, sub, object[key], `${path}.${key}`, errors)
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not allowed`)
    }
  }
}
