import { DEFAULT_PREFERENCES, type Preferences, type Workspace } from '../../workspace/model.ts'
import type { WorkspaceState } from '../workspace-store.ts'
import { validateWorkspace } from './workspace-validation-shim.ts'

/**
 * Version of the state kept in browser storage (not of the export file format). Bump it, and add
 * a step to MIGRATIONS, whenever a stored field changes shape.
 */
export const STORED_STATE_VERSION = 1

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] }

/** MIGRATIONS[n] turns a version-n state into a version n+1 state. Pure; never throws on good data. */
const MIGRATIONS: Readonly<Record<number, (state: unknown) => unknown>> = {}

/**
 * Brings a stored state from `fromVersion` up to STORED_STATE_VERSION one step at a time, then
 * validates it. A version with no migration path, or a newer one, is an error, never a reset.
 */
export function migrateStoredState(state: unknown, fromVersion: number): Validation<WorkspaceState> {
  if (!Number.isInteger(fromVersion) || fromVersion < 1) {
    return { ok: false, errors: [`stored version ${String(fromVersion)} is not one this app ever wrote`] }
  }
  if (fromVersion > STORED_STATE_VERSION) {
    return { ok: false, errors: [`stored version ${fromVersion} is newer than this app (${STORED_STATE_VERSION})`] }
  }
  let current = state
  for (let version = fromVersion; version < STORED_STATE_VERSION; version++) {
    const step = MIGRATIONS[version]
    if (!step) return { ok: false, errors: [`no migration from stored version ${version}`] }
    try {
      current = step(current)
    } catch (thrown) {
      return { ok: false, errors: [`migration from version ${version} failed: ${describeError(thrown)}`] }
    }
  }
  return validateStoredState(current)
}

/**
 * Checks everything read back from storage: each workspace through the shared workspace schema,
 * the rest here. Only the allow-listed fields come out; dangling selections are repaired (they
 * point at nothing the user would lose), wrong types are errors.
 */
export function validateStoredState(value: unknown): Validation<WorkspaceState> {
  if (!isRecord(value)) return { ok: false, errors: ['state: must be an object'] }
  const errors: string[] = []
  const workspaces: Workspace[] = []
  if (!Array.isArray(value.workspaces)) errors.push('workspaces: must be an array')
  else {
    const seen = new Set<string>()
    value.workspaces.forEach((candidate: unknown, index) => {
      const result = validateWorkspace(candidate)
      if (!result.ok) {
        errors.push(...result.errors.map((error) => `workspaces[${index}].${error}`))
        return
      }
      if (seen.has(result.value.id)) errors.push(`workspaces[${index}].id: duplicate id "${result.value.id}"`)
      seen.add(result.value.id)
      workspaces.push(result.value)
    })
  }
  if (typeof value.currentWorkspaceId !== 'string') errors.push('currentWorkspaceId: must be a string')
  if (value.selectedConnectionId !== null && typeof value.selectedConnectionId !== 'string') {
    errors.push('selectedConnectionId: must be a string or null')
  }
  const preferences = validatePreferences(value.preferences, errors)
  if (errors.length > 0) return { ok: false, errors }

  const currentWorkspaceId = workspaces.some((w) => w.id === value.currentWorkspaceId)
    ? (value.currentWorkspaceId as string)
    : (workspaces[0]?.id ?? (value.currentWorkspaceId as string))
  const selected = value.selectedConnectionId as string | null
  const selectedConnectionId =
    selected != null && workspaces.some((w) => w.connections.some((c) => c.id === selected)) ? selected : null
  return { ok: true, value: { workspaces, currentWorkspaceId, selectedConnectionId, preferences } }
}

function validatePreferences(value: unknown, errors: string[]): Preferences {
  const preferences = { ...DEFAULT_PREFERENCES }
  // Missing preferences (or a missing key) fall back to defaults: nothing of the user's is lost.
  if (value === undefined) return preferences
  if (!isRecord(value)) {
    errors.push('preferences: must be an object')
    return preferences
  }
  for (const key of Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[]) {
    const field = value[key]
    if (field === undefined) continue
    if (typeof field !== 'number' || !Number.isFinite(field) || field <= 0) {
      errors.push(`preferences.${key}: must be a positive number`)
    } else preferences[key] = field
  }
  return preferences
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function describeError(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name
  if (typeof DOMException !== 'undefined' && thrown instanceof DOMException) return thrown.message || thrown.name
  return String(thrown)
}
