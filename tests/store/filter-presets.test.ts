import { afterEach, describe, expect, it } from 'vitest'
import { applyImport } from '../../src/store/import-actions.ts'
import { deleteFilterPreset, listFilterPresets, presetProblem, renameFilterPreset, saveFilterPreset } from '../../src/store/filter-presets.ts'
import { flushPersistedFilters, persistedFilterOf, persistFilter } from '../../src/store/timeline-filter.ts'
import { forgetAllTimelineUi, rememberTimelineUi, timelineUiOf } from '../../src/store/timeline-ui.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { persistedWorkspaceState, useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { parseWorkspaceFile, serializeWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { createProfile } from './persistence-harness.ts'

let profile: ReturnType<typeof createProfile> | undefined
afterEach(() => {
  profile?.closeAll()
  profile = undefined
  forgetAllTimelineUi()
})

const workspace = () => selectCurrentWorkspace(useWorkspaceStore.getState())!
const firstConnectionId = () => workspace().connections[0]!.id

describe('filter presets (workspace store actions)', () => {
  it('saves the filter under a name, renames and deletes it', () => {
    const saved = saveFilterPreset('  Ticks  ', { query: 'tick', regex: true })
    expect(saved.ok).toBe(true)
    expect(listFilterPresets()).toEqual([{ id: expect.stringMatching(/^f_/), name: 'Ticks', filter: { query: 'tick', regex: true } }])
    const id = listFilterPresets()[0]!.id
    expect(renameFilterPreset(id, 'Only ticks')).toEqual({ ok: true })
    expect(listFilterPresets()[0]!.name).toBe('Only ticks')
    expect(validateWorkspace(workspace()).ok).toBe(true)
    expect(deleteFilterPreset(id)).toEqual({ ok: true })
    expect(listFilterPresets()).toEqual([])
    // None left: the key goes, so the workspace is as it was before presets.
    expect('filterPresets' in workspace()).toBe(false)
  })

  it('refuses an empty or taken name, and a preset storage would refuse, changing nothing', () => {
    expect(saveFilterPreset('   ', { query: 'x' })).toEqual({ ok: false, error: 'A preset needs a name.' })
    saveFilterPreset('A', { query: 'x' })
    expect(saveFilterPreset('A', { query: 'y' })).toEqual({ ok: false, error: 'A preset named "A" already exists.' })
    saveFilterPreset('B', { query: 'y' })
    const b = listFilterPresets()[1]!
    expect(renameFilterPreset(b.id, 'A')).toEqual({ ok: false, error: 'A preset named "A" already exists.' })
    const tooLong = saveFilterPreset('Long', { query: 'q'.repeat(5000) })
    expect(tooLong.ok).toBe(false)
    expect(listFilterPresets().map((p) => p.name)).toEqual(['A', 'B'])
    expect(renameFilterPreset('f_missing', 'C')).toEqual({ ok: false, error: 'That preset no longer exists.' })
  })

  it('keeps a preset whose regular expression does not compile, and flags it', () => {
    expect(saveFilterPreset('Broken', { query: '(unclosed', regex: true }).ok).toBe(true)
    const preset = listFilterPresets()[0]!
    expect(presetProblem(preset.filter)).toMatch(/^Not a regular expression/)
    expect(presetProblem({ query: '(fine)', regex: true })).toBeNull()
    expect(presetProblem({ query: '$.price >' })).toMatch(/needs a path and a value/)
  })
})

describe('a connection’s current filter', () => {
  it('is written to the workspace after the typing pause, and read back once the page forgot it', () => {
    const id = firstConnectionId()
    rememberTimelineUi(id, { direction: 'in', query: '/tick|trade/i', regex: true, matchCase: false, events: [], more: { payload: 'text', lastMinutes: 5 }, selectedSeq: 12 })
    flushPersistedFilters()
    expect(persistedFilterOf(id)).toEqual({ direction: 'in', query: '/tick|trade/i', regex: true, payload: 'text', lastMinutes: 5 })
    forgetAllTimelineUi()
    // As after a reload: the filter comes back, the selection does not.
    expect(timelineUiOf(id)).toEqual({ direction: 'in', query: '/tick|trade/i', regex: true, matchCase: false, events: [], more: { payload: 'text', lastMinutes: 5 }, selectedSeq: null })
  })

  it('an empty filter removes the key; a filter over the bounds is applied but not kept', () => {
    const id = firstConnectionId()
    persistFilter(id, { query: 'x' })
    flushPersistedFilters()
    expect(persistedFilterOf(id)).toEqual({ query: 'x' })
    persistFilter(id, {})
    flushPersistedFilters()
    expect('filter' in workspace().connections[0]!).toBe(false)
    persistFilter(id, { events: Array.from({ length: 500 }, (_, i) => `e${i}`) })
    flushPersistedFilters()
    expect(persistedFilterOf(id)).toBeNull()
    expect(validateWorkspace(workspace()).ok).toBe(true)
  })
})

describe('presets and filters in IndexedDB (fake-indexeddb)', () => {
  it('are stored with the workspace and read back in a new session', async () => {
    saveFilterPreset('Errors', { query: 'error', exclude: [{ kind: 'field', path: '$.type', value: 'tick' }] })
    persistFilter(firstConnectionId(), { query: '^\\{', regex: true, decodedTypes: ['MESSAGE'] })
    flushPersistedFilters()
    const state = persistedWorkspaceState(useWorkspaceStore.getState())

    profile = createProfile()
    const first = profile.openTab()
    await first.persistence.start()
    first.store.setState(state)
    await first.persistence.flush()
    const second = profile.openTab()
    await second.persistence.start()
    const reloaded = selectCurrentWorkspace(second.store.getState())!
    expect(second.status().problem).toBeNull()
    expect(reloaded.filterPresets).toEqual(state.workspaces.find((w) => w.id === state.currentWorkspaceId)!.filterPresets)
    expect(reloaded.connections[0]!.filter).toEqual({ query: '^\\{', regex: true, decodedTypes: ['MESSAGE'] })
  })
})

describe('presets in workspace files', () => {
  it('are exported, and a merge import adds those of new names and keeps its own of the same name', () => {
    saveFilterPreset('Ticks', { query: 'tick' })
    saveFilterPreset('Shared', { query: 'mine' })
    persistFilter(firstConnectionId(), { query: 'current' })
    flushPersistedFilters()
    const text = serializeWorkspaceFile(workspace())
    expect(JSON.parse(text).workspace.filterPresets).toEqual(listFilterPresets())
    // The connection's current filter is view state: not in the file.
    expect(Object.keys(JSON.parse(text).workspace.connections[0])).not.toContain('filter')

    const file = JSON.parse(text)
    file.workspace.filterPresets = [
      { id: 'f_new', name: 'Imported', filter: { query: 'x', payload: 'binary' } },
      { id: 'f_other', name: 'Shared', filter: { query: 'theirs' } },
    ]
    file.workspace.connections = []
    const parsed = parseWorkspaceFile(JSON.stringify(file))
    if (!parsed.ok) throw new Error(`${parsed.message}\n${parsed.details.join('\n')}`)
    const outcome = applyImport(parsed.value, 'merge')
    expect(outcome.ok).toBe(true)
    expect(listFilterPresets().map((p) => [p.name, p.filter.query])).toEqual([
      ['Ticks', 'tick'],
      ['Shared', 'mine'],
      ['Imported', 'x'],
    ])
  })
})
