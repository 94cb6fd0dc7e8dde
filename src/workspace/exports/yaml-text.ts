/**
 * A minimal YAML writer for plain data (objects, arrays, strings, numbers, booleans, null): every
 * string is a double-quoted scalar (JSON string syntax is valid YAML), so nothing a user typed can
 * turn into YAML syntax. Enough for the scripts Frameline exports; reading YAML is not its job.
 */
export function toYaml(value: unknown, comments: readonly string[] = []): string {
  const lines = comments.map((comment) => `# ${comment}`)
  lines.push(...emit(value, 0))
  return `${lines.join('\n')}\n`
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value))
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return 'null'
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function key(name: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name)
}

function emit(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`]
    const out: string[] = []
    for (const item of value) {
      if (isPlainObject(item) || Array.isArray(item)) {
        const inner = emit(item, indent + 2)
        const first = inner[0] ?? ''
        out.push(`${pad}- ${first.trimStart()}`, ...inner.slice(1))
      } else out.push(`${pad}- ${scalar(item)}`)
    }
    return out
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined)
    if (entries.length === 0) return [`${pad}{}`]
    const out: string[] = []
    for (const [name, item] of entries) {
      if ((isPlainObject(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
        out.push(`${pad}${key(name)}:`, ...emit(item, indent + 2))
      } else if (isPlainObject(item)) out.push(`${pad}${key(name)}: {}`)
      else if (Array.isArray(item)) out.push(`${pad}${key(name)}: []`)
      else out.push(`${pad}${key(name)}: ${scalar(item)}`)
    }
    return out
  }
  return [`${pad}${scalar(value)}`]
}
