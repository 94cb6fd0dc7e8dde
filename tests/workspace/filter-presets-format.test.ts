import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { WORKSPACE_SCHEMA_PATH } from '../../src/workspace/file-schema.ts'
import { parseWorkspaceFile, serializeWorkspaceFile, type WorkspaceContent } from '../../src/workspace/workspace-file.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { validateAgainstSchema } from './mini-json-schema.ts'
import { connection, FIXED_DATE, goldenWorkspace, readFixture } from './sample-workspaces.ts'

const schema = JSON.parse(readFileSync(`public/${WORKSPACE_SCHEMA_PATH}`, 'utf8'))
const FIXTURE = 'v1-filter-presets.frameline.json'

/** A workspace with one preset of every filter kind, and one whose regular expression is broken. */
export function presetsWorkspace(): WorkspaceContent {
  return {
    name: 'Filters',
    connections: [connection({ id: 'c_feed', name: 'Feed', url: 'ws://localhost:5173/demo/ticker', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [] })],
    filterPresets: [
      { id: 'f_errors', name: 'Errors, case-sensitive', filter: { query: '/\\berror\\b/', regex: true, matchCase: true } },
      { id: 'f_big', name: 'Big trades', filter: { direction: 'in', query: '$.type = "trade" && $.qty > 100' } },
      { id: 'f_recent', name: 'Recent binary', filter: { payload: 'binary', lastMinutes: 15 } },
      { id: 'f_window', name: 'Incident window', filter: { from: 1_764_583_200_000, to: 1_764_586_800_000, events: ['price'] } },
      {
        id: 'f_quiet',
        name: 'Without noise',
        filter: {
          decodedTypes: ['MESSAGE'],
          exclude: [
            { kind: 'event', name: 'heartbeat' },
            { kind: 'decodedType', type: 'RECEIPT' },
            { kind: 'field', path: '$.type', value: 'tick' },
            { kind: 'shape', frameKind: 'message', direction: 'in', payload: 'text', prefix: 'PING' },
          ],
        },
      },
      { id: 'f_broken', name: 'Broken regex', filter: { query: '(unclosed', regex: true } },
    ],
  }
}

function parsed(text: string) {
  const result = parseWorkspaceFile(text)
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`)
  return result.value
}

describe('workspace files: filter presets', () => {
  it('writes the presets fixture byte for byte and reads it back to the same workspace', () => {
    const text = serializeWorkspaceFile(presetsWorkspace(), { redact: false, exportedAt: FIXED_DATE })
    if (process.env.UPDATE_FIXTURE === '1') writeFileSync(`tests/workspace/fixtures/${FIXTURE}`, text)
    expect(text).toBe(readFixture(FIXTURE))
    expect(parsed(text).workspace).toEqual(presetsWorkspace())
    expect(validateAgainstSchema(schema, JSON.parse(text))).toEqual([])
  })

  it('writes no filterPresets key without presets: older files stay valid and exports byte for byte', () => {
    expect(serializeWorkspaceFile({ ...goldenWorkspace(), filterPresets: [] }, { redact: false, exportedAt: FIXED_DATE })).toBe(readFixture('v1-workspace.frameline.json'))
    expect(parsed(readFixture('v1-workspace.frameline.json')).workspace).not.toHaveProperty('filterPresets')
  })

  it('keeps a preset with a broken regular expression (the app flags it) and is valid in storage too', () => {
    const workspace = parsed(readFixture(FIXTURE)).workspace
    expect(workspace.filterPresets?.find((p) => p.id === 'f_broken')?.filter).toEqual({ query: '(unclosed', regex: true })
    expect(validateWorkspace({ id: 'w_1', ...workspace }).ok).toBe(true)
  })

  it('refuses malformed presets with the field’s path and a reason, never a crash', () => {
    const file = JSON.parse(readFixture(FIXTURE))
    file.workspace.filterPresets[0].name = ''
    file.workspace.filterPresets[1].filter.direction = 'sideways'
    file.workspace.filterPresets[2].filter.lastMinutes = 0
    file.workspace.filterPresets[4].filter.exclude[0] = { kind: 'everything' }
    file.workspace.filterPresets[4].filter.exclude[2].path = 'type'
    const result = parseWorkspaceFile(JSON.stringify(file))
    expect(result).toMatchObject({
      ok: false,
      details: [
        'workspace.filterPresets[0].name: must not be empty',
        'workspace.filterPresets[1].filter.direction: must be "all", "out", "in" or "events"',
        'workspace.filterPresets[2].filter.lastMinutes: must be at least 1',
        'workspace.filterPresets[4].filter.exclude[0].kind: must be an "event", "decodedType", "field" or "shape" rule',
        'workspace.filterPresets[4].filter.exclude[2].path: must be a JSON path starting with $',
      ],
    })
    expect(validateAgainstSchema(schema, file)).not.toEqual([])

    const repeated = JSON.parse(readFixture(FIXTURE))
    repeated.workspace.filterPresets[1].id = 'f_errors'
    expect(parseWorkspaceFile(JSON.stringify(repeated))).toMatchObject({ ok: false, details: ['workspace.filterPresets: must not repeat a preset id'] })
    const notList = JSON.parse(readFixture(FIXTURE))
    notList.workspace.filterPresets = { f: 1 }
    expect(parseWorkspaceFile(JSON.stringify(notList))).toMatchObject({ ok: false, details: ['workspace.filterPresets: must be a list of filter presets'] })
  })
})
