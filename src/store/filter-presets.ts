import { compileQuery } from '../engine/view/frame-view.ts'
import { createId } from '../lib/create-id.ts'
import { FILTER_LIMITS } from '../workspace/filter-schema.ts'
import type { FilterPreset, SavedFilter, Workspace } from '../workspace/model.ts'
import { validateWorkspace } from '../workspace/workspace-schema.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

export type { FilterPreset }

/*
 * Named filters of the current workspace ("Save filter as…"). Stored in the workspace, so they are
 * persisted with it and travel in its exports; every change is checked with the schema storage
 * applies, so nothing is stored that a reload would refuse.
 */

const EMPTY: readonly FilterPreset[] = Object.freeze([])

export function selectFilterPresets(state: Parameters<typeof selectCurrentWorkspace>[0]): readonly FilterPreset[] {
  return selectCurrentWorkspace(state)?.filterPresets ?? EMPTY
}

export function useFilterPresets(): readonly FilterPreset[] {
  return useWorkspaceStore(selectFilterPresets)
}

export function listFilterPresets(): readonly FilterPreset[] {
  return selectFilterPresets(useWorkspaceStore.getState())
}

/** Why a preset's filter would match nothing (a regular expression that does not compile), or null. */
export function presetProblem(filter: SavedFilter): string | null {
  const compiled = compileQuery({ query: filter.query ?? '', regex: filter.regex === true, matchCase: filter.matchCase === true })
  return compiled.ok ? null : compiled.error
}

function commit(next: FilterPreset[]): ActionResult {
  const workspace = selectCurrentWorkspace(useWorkspaceStore.getState())
  if (!workspace) return refuse('There is no workspace to keep filter presets in.')
  const { filterPresets: _old, ...rest } = workspace
  const candidate: Workspace = next.length > 0 ? { ...rest, filterPresets: next } : rest
  const checked = validateWorkspace(candidate)
  if (!checked.ok) return refuse((checked.errors[0] ?? 'The change is not valid.').replace(/^filterPresets\[\d+\]\.?/, 'The preset: '))
  useWorkspaceStore.setState((state) => ({ workspaces: state.workspaces.map((w) => (w.id === workspace.id ? candidate : w)) }))
  return OK
}

function checkPresetName(name: string, exceptId: string | null): string | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'A preset needs a name.'
  if (trimmed.length > 200) return 'A preset name has at most 200 characters.'
  if (listFilterPresets().some((preset) => preset.id !== exceptId && preset.name === trimmed)) return `A preset named "${trimmed}" already exists.`
  return null
}

export type SavePresetResult = { ok: true; preset: FilterPreset } | { ok: false; error: string }

export function saveFilterPreset(name: string, filter: SavedFilter): SavePresetResult {
  const all = listFilterPresets()
  if (all.length >= FILTER_LIMITS.presets) return { ok: false, error: `A workspace holds at most ${FILTER_LIMITS.presets} filter presets.` }
  const problem = checkPresetName(name, null)
  if (problem) return { ok: false, error: problem }
  const preset: FilterPreset = { id: createId('f_'), name: name.trim(), filter: structuredClone(filter) }
  const result = commit([...all, preset])
  return result.ok ? { ok: true, preset } : result
}

export function renameFilterPreset(id: string, name: string): ActionResult {
  const all = listFilterPresets()
  if (!all.some((preset) => preset.id === id)) return refuse('That preset no longer exists.')
  const problem = checkPresetName(name, id)
  if (problem) return refuse(problem)
  return commit(all.map((preset) => (preset.id === id ? { ...preset, name: name.trim() } : preset)))
}

export function deleteFilterPreset(id: string): ActionResult {
  const all = listFilterPresets()
  if (!all.some((preset) => preset.id === id)) return refuse('That preset no longer exists.')
  return commit(all.filter((preset) => preset.id !== id))
}
