/**
 * Workspace variables and environments: plain data in the workspace file, resolved into the one
 * map a template expands against. Precedence, highest first: values given for one run (the
 * runner's `--var`, a scenario's captures), the active environment, the workspace's own variables.
 */

export type Variable = {
  name: string
  value: string
  /** Masked in the UI, left out of exports and share links unless the user includes secrets. */
  secret?: boolean
}

export type Environment = {
  id: string
  name: string
  variables: Variable[]
}

export type VariableSources = {
  readonly variables?: readonly Variable[]
  readonly environments?: readonly Environment[]
  readonly activeEnvironmentId?: string
  readonly overrides?: ReadonlyMap<string, string>
}

/** Names a variable may have: what `{{ }}` recognises (the template's PLACEHOLDER). */
export const VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/

export function resolveVariables(sources: VariableSources): Map<string, string> {
  const resolved = new Map<string, string>()
  for (const variable of sources.variables ?? []) resolved.set(variable.name, variable.value)
  const active = sources.environments?.find((environment) => environment.id === sources.activeEnvironmentId)
  for (const variable of active?.variables ?? []) resolved.set(variable.name, variable.value)
  for (const [name, value] of sources.overrides ?? []) resolved.set(name, value)
  return resolved
}

/** Names of the secret variables in effect: the workspace's and the active environment's. */
export function secretNames(sources: VariableSources): Set<string> {
  const names = new Set<string>()
  for (const variable of sources.variables ?? []) if (variable.secret) names.add(variable.name)
  const active = sources.environments?.find((environment) => environment.id === sources.activeEnvironmentId)
  for (const variable of active?.variables ?? []) if (variable.secret) names.add(variable.name)
  return names
}

/** The values of every secret variable in effect (empty values excluded: they mask nothing). */
export function secretValues(sources: VariableSources): string[] {
  const names = secretNames(sources)
  const resolved = resolveVariables(sources)
  const values: string[] = []
  for (const name of names) {
    const value = resolved.get(name)
    if (value !== undefined && value !== '' && !values.includes(value)) values.push(value)
  }
  // Longest first, so a secret that contains another is masked whole.
  return values.sort((a, b) => b.length - a.length)
}

export const SECRET_MASK = '••••••'

/** Replaces every occurrence of a secret value with a mask, for text shown on screen or printed by the runner. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text
  for (const secret of secrets) if (secret !== '') masked = masked.split(secret).join(SECRET_MASK)
  return masked
}

/** Finds an environment by id or, failing that, by name (the runner's `--env NAME`). */
export function findEnvironment(environments: readonly Environment[] | undefined, idOrName: string): Environment | undefined {
  return environments?.find((environment) => environment.id === idOrName) ?? environments?.find((environment) => environment.name === idOrName)
}
