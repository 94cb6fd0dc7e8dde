/**
 * `{{name}}` templates: the one expansion used by the composer, connect, auto-responders, schedules,
 * scenarios and the headless runner, so a message behaves the same in the browser and in CI.
 *
 * Syntax: `{{ name }}` (spaces inside the braces are ignored) is a variable; `{{$name args}}` is a
 * built-in. Names are letters, digits, `_`, `-` and `.`. A `{{` that does not form a placeholder
 * (no closing `}}`, or something that is not a name inside) stays as written: a JSON payload with
 * `{{` in a string is not broken by templating. An unknown variable is an error that names it, so
 * a send never goes out with a hole in it.
 */

export type TemplateScope = {
  /** Variable values by name, already resolved (environment over workspace over defaults). */
  readonly variables: ReadonlyMap<string, string>
  /** Milliseconds since the epoch. */
  now(): number
  uuid(): string
  /** A number in [0, 1). */
  random(): number
  /** The next value of this connection's `{{$counter}}` (1, 2, 3, ...). */
  nextCounter(): number
}

export type Expansion =
  | { ok: true; text: string; used: readonly string[] }
  | { ok: false; error: string; missing: readonly string[] }

type Part = { type: 'text'; text: string } | { type: 'variable'; name: string; raw: string } | { type: 'builtin'; name: string; args: string[]; raw: string }

// Arguments only after a built-in: `{{ not a name }}` is text, not the variable `not`.
const PLACEHOLDER = /\{\{\s*(?:(\$[A-Za-z_][\w.-]*)((?:\s+[^\s{}]+)*)|([A-Za-z_][\w.-]*))\s*\}\}/g

export const BUILTIN_NAMES = ['$uuid', '$timestamp', '$isoTimestamp', '$randomInt', '$counter'] as const

/** Splits a template into literal text and placeholders. */
export function parseTemplate(text: string): Part[] {
  const parts: Part[] = []
  let last = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    const start = match.index
    if (start > last) parts.push({ type: 'text', text: text.slice(last, start) })
    const name = match[1] ?? match[3] ?? ''
    const raw = match[0]
    if (match[1] !== undefined) {
      const args = (match[2] ?? '').trim().split(/\s+/).filter((arg) => arg !== '')
      parts.push({ type: 'builtin', name, args, raw })
    } else {
      parts.push({ type: 'variable', name, raw })
    }
    last = start + raw.length
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) })
  return parts
}

/** True when the text holds at least one placeholder (cheap check before expanding). */
export function hasPlaceholders(text: string): boolean {
  PLACEHOLDER.lastIndex = 0
  const found = PLACEHOLDER.test(text)
  PLACEHOLDER.lastIndex = 0
  return found
}

/** The variable names a template refers to (built-ins excluded), in order of first use. */
export function referencedVariables(text: string): string[] {
  const names: string[] = []
  for (const part of parseTemplate(text)) if (part.type === 'variable' && !names.includes(part.name)) names.push(part.name)
  return names
}

/**
 * Expands every placeholder. Built-ins are evaluated left to right, so two `{{$counter}}` in one
 * text get consecutive values. Nothing is consumed (no counter step) when the expansion fails.
 */
export function expandTemplate(text: string, scope: TemplateScope): Expansion {
  const parts = parseTemplate(text)
  const missing: string[] = []
  const problems: string[] = []
  for (const part of parts) {
    if (part.type === 'variable' && !scope.variables.has(part.name) && !missing.includes(part.name)) missing.push(part.name)
    if (part.type === 'builtin') {
      const problem = checkBuiltin(part.name, part.args)
      if (problem) problems.push(problem)
    }
  }
  if (missing.length > 0) {
    const list = missing.map((name) => `{{${name}}}`).join(', ')
    return { ok: false, missing, error: `Unknown variable${missing.length > 1 ? 's' : ''} ${list}: define ${missing.length > 1 ? 'them' : 'it'} in the workspace or the active environment.` }
  }
  if (problems.length > 0) return { ok: false, missing: [], error: problems[0] ?? 'Invalid placeholder.' }
  const used: string[] = []
  let out = ''
  for (const part of parts) {
    if (part.type === 'text') out += part.text
    else if (part.type === 'variable') {
      out += scope.variables.get(part.name) ?? ''
      if (!used.includes(part.name)) used.push(part.name)
    } else out += evaluateBuiltin(part.name, part.args, scope)
  }
  return { ok: true, text: out, used }
}

function checkBuiltin(name: string, args: string[]): string | null {
  switch (name) {
    case '$uuid':
    case '$timestamp':
    case '$isoTimestamp':
    case '$counter':
      return args.length === 0 ? null : `{{${name}}} takes no arguments.`
    case '$randomInt': {
      if (args.length !== 2) return '{{$randomInt min max}} needs two whole numbers, e.g. {{$randomInt 1 100}}.'
      const [min, max] = args.map(Number)
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return `{{$randomInt ${args.join(' ')}}}: min and max must be whole numbers.`
      if ((min as number) > (max as number)) return `{{$randomInt ${args.join(' ')}}}: min must not be greater than max.`
      return null
    }
    default:
      return `Unknown built-in {{${name}}}: use one of ${BUILTIN_NAMES.map((builtin) => `{{${builtin}}}`).join(', ')}.`
  }
}

function evaluateBuiltin(name: string, args: string[], scope: TemplateScope): string {
  switch (name) {
    case '$uuid':
      return scope.uuid()
    case '$timestamp':
      return String(scope.now())
    case '$isoTimestamp':
      return new Date(scope.now()).toISOString()
    case '$counter':
      return String(scope.nextCounter())
    case '$randomInt': {
      const min = Number(args[0])
      const max = Number(args[1])
      return String(min + Math.floor(scope.random() * (max - min + 1)))
    }
    default:
      return ''
  }
}

/** A scope on the platform's clock and randomness, with a counter per key (a connection id). */
export function createTemplateScope(variables: ReadonlyMap<string, string>, counters: Map<string, number>, counterKey: string): TemplateScope {
  return {
    variables,
    now: () => Date.now(),
    uuid: () => globalThis.crypto.randomUUID(),
    random: () => Math.random(),
    nextCounter: () => {
      const next = (counters.get(counterKey) ?? 0) + 1
      counters.set(counterKey, next)
      return next
    },
  }
}
