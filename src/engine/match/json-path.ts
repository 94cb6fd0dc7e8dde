/**
 * A JSONPath subset, evaluated by hand: our Content-Security-Policy forbids eval and new Function,
 * which full JSONPath engines use for filter expressions. Supported:
 *   $            the document            .name / ['name'] / ["name"]   a member
 *   [0] / [-1]   an array element        [*] / .*                      every element or member
 *   ..name       every `name` at any depth below
 * A path without a leading `$` is taken relative to the root (`user.id` = `$.user.id`).
 */

export type PathStep = { type: 'member'; name: string } | { type: 'index'; index: number } | { type: 'wildcard' } | { type: 'descendant'; name: string }

export type ParsedPath = { ok: true; steps: PathStep[] } | { ok: false; error: string }

const IDENTIFIER = /^[A-Za-z_$][\w$-]*/

export function parseJsonPath(path: string): ParsedPath {
  let rest = path.trim()
  if (rest === '') return { ok: false, error: 'The JSON path is empty: write e.g. $.type or $.items[0].id.' }
  if (rest.startsWith('$')) rest = rest.slice(1)
  else if (!rest.startsWith('.') && !rest.startsWith('[')) rest = `.${rest}`
  const steps: PathStep[] = []
  while (rest !== '') {
    if (rest.startsWith('..')) {
      const name = IDENTIFIER.exec(rest.slice(2))?.[0]
      if (!name) return fail(path, rest)
      steps.push({ type: 'descendant', name })
      rest = rest.slice(2 + name.length)
    } else if (rest.startsWith('.*')) {
      steps.push({ type: 'wildcard' })
      rest = rest.slice(2)
    } else if (rest.startsWith('.')) {
      const name = IDENTIFIER.exec(rest.slice(1))?.[0]
      if (!name) return fail(path, rest)
      steps.push({ type: 'member', name })
      rest = rest.slice(1 + name.length)
    } else if (rest.startsWith('[')) {
      const bracket = /^\[\s*(?:(\*)|(-?\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/.exec(rest)
      if (!bracket) return fail(path, rest)
      if (bracket[1]) steps.push({ type: 'wildcard' })
      else if (bracket[2] !== undefined) steps.push({ type: 'index', index: Number(bracket[2]) })
      else steps.push({ type: 'member', name: unescapeQuoted(bracket[3] ?? bracket[4] ?? '') })
      rest = rest.slice(bracket[0].length)
    } else return fail(path, rest)
  }
  return { ok: true, steps }
}

function fail(path: string, rest: string): ParsedPath {
  return { ok: false, error: `Cannot read the JSON path "${path}" at "${rest.slice(0, 20)}": use $.name, ['name'], [0], [*] or ..name.` }
}

function unescapeQuoted(text: string): string {
  return text.replace(/\\(.)/g, '$1')
}

/** Every value the path selects (none when it leads nowhere). */
export function selectPath(document: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [document]
  for (const step of steps) {
    const next: unknown[] = []
    for (const value of current) applyStep(value, step, next)
    current = next
    if (current.length === 0) break
  }
  return current
}

function applyStep(value: unknown, step: PathStep, out: unknown[]): void {
  switch (step.type) {
    case 'member':
      if (isRecord(value) && Object.hasOwn(value, step.name)) out.push(value[step.name])
      return
    case 'index':
      if (Array.isArray(value)) {
        const index = step.index < 0 ? value.length + step.index : step.index
        if (index >= 0 && index < value.length) out.push(value[index])
      }
      return
    case 'wildcard':
      if (Array.isArray(value)) out.push(...value)
      else if (isRecord(value)) out.push(...Object.values(value))
      return
    case 'descendant':
      collectDescendants(value, step.name, out, 0)
      return
  }
}

/** Depth-bounded: a hostile document nested 10,000 levels deep cannot overflow the stack. */
const MAX_DESCENT = 256

function collectDescendants(value: unknown, name: string, out: unknown[], depth: number): void {
  if (depth > MAX_DESCENT) return
  if (Array.isArray(value)) {
    for (const item of value) collectDescendants(item, name, out, depth + 1)
  } else if (isRecord(value)) {
    if (Object.hasOwn(value, name)) out.push(value[name])
    for (const child of Object.values(value)) collectDescendants(child, name, out, depth + 1)
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
