import { describeError } from '../../lib/describe-error.ts'
import { DEFAULT_PREFERENCES, type Preferences, type Workspace } from '../../workspace/model.ts'
import type { WorkspaceState } from '../workspace-state.ts'
import { validatePreferences, validateWorkspace } from '../../workspace/workspace-schema.ts'
import { isRecord } from './guards.ts'

/**
 * Version of the state kept in browser storage (not of the export file format). Bump it, and add
 * a step to MIGRATIONS, whenever a stored field changes shape.
 */
export const STORED_STATE_VERSION = 1

/** MIGRATIONS[n] turns a version-n state into a version n+1 state. Pure; never throws on good data. */
const MIGRATIONS: Readonly<Record<number, (state: unknown) => unknown>> = {}

/**
 * Brings a stored state from `fromVersion` up to STORED_STATE_VERSION one step at a time, then
 * validates it. A version with no migration path, or a newer one, is an error, never a reset.
 */
export function migrateStoredState(state: unknown, fromVersion: number): StoredStateValidation {
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
 * the rest here. Only the allow-listed fields come out. A workspace that fails its schema is left
 * out and listed in `dropped` (the caller keeps the raw record as a backup first), so one damaged
 * workspace does not cost the user the others; dangling selections are repaired. The state as a
 * whole is refused when its frame is wrong or no workspace at all survives.
 */
export function validateStoredState(value: unknown): StoredStateValidation {
  if (!isRecord(value)) return { ok: false, errors: ['state: must be an object'] }
  const errors: string[] = []
  const dropped: string[] = []
  const workspaces: Workspace[] = []
  if (!Array.isArray(value.workspaces)) errors.push('workspaces: must be an array')
  else {
    const seen = new Set<string>()
    value.workspaces.forEach((candidate: unknown, index) => {
      const result = validateWorkspace(candidate)
      if (!result.ok) dropped.push(...result.errors.map((error) => `workspaces[${index}].${error}`))
      else if (seen.has(result.value.id)) dropped.push(`workspaces[${index}].id: duplicate id "${result.value.id}"`)
      else {
        seen.add(result.value.id)
        workspaces.push(result.value)
      }
    })
    if (workspaces.length === 0 && dropped.length > 0) errors.push(...dropped)
  }
  if (typeof value.currentWorkspaceId !== 'string') errors.push('currentWorkspaceId: must be a string')
  if (value.selectedConnectionId !== null && typeof value.selectedConnectionId !== 'string') {
    errors.push('selectedConnectionId: must be a string or null')
  }
  const preferences = readPreferences(value.preferences, errors)
  if (errors.length > 0) return { ok: false, errors }

  const currentWorkspaceId = workspaces.some((w) => w.id === value.currentWorkspaceId)
    ? (value.currentWorkspaceId as string)
    : (workspaces[0]?.id ?? (value.currentWorkspaceId as string))
  const selected = value.selectedConnectionId as string | null
  const selectedConnectionId =
    selected != null && workspaces.some((w) => w.connections.some((c) => c.id === selected)) ? selected : null
  return { ok: true, value: { workspaces, currentWorkspaceId, selectedConnectionId, preferences }, dropped }
}

export type StoredStateValidation = { ok: true; value: WorkspaceState; dropped: string[] } | { ok: false; errors: string[] }

function readPreferences(value: unknown, errors: string[]): Preferences {
  // Missing preferences (or a missing key) fall back to defaults: nothing of the user's is lost.
  if (value === undefined) return { ...DEFAULT_PREFERENCES }
  if (!isRecord(value)) {
    errors.push('preferences: must be an object')
    return { ...DEFAULT_PREFERENCES }
  }
  const known: Record<string, unknown> = { ...DEFAULT_PREFERENCES }
  for (const key of Object.keys(DEFAULT_PREFERENCES)) if (value[key] !== undefined) known[key] = value[key]
  const result = validatePreferences(known)
  if (result.ok) return result.value
  errors.push(...result.errors.map((error) => `preferences.${error}`))
  return { ...DEFAULT_PREFERENCES }
}
