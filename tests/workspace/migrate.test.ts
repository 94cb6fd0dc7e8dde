import { describe, expect, it } from 'vitest'
import { parseWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { goldenWorkspace, readFixture } from './sample-workspaces.ts'

const fixture = readFixture

describe('migration from every fixture version', () => {
  it('migrates the v0 pre-release shape step by step to the expected v1 result', () => {
    const result = parseWorkspaceFile(fixture('v0-prerelease.frameline.json'))
    if (!result.ok) throw new Error(result.message + result.details.join('\n'))
    expect(result.value.migratedFrom).toBe(0)
    expect(result.value.workspace).toEqual(JSON.parse(fixture('v0-prerelease.expected.json')))
  })

  it('reads the v1 fixture as current, with nothing to migrate', () => {
    const result = parseWorkspaceFile(fixture('v1-workspace.frameline.json'))
    if (!result.ok) throw new Error(result.message)
    expect(result.value.migratedFrom).toBeNull()
    expect(result.value.workspace).toEqual(goldenWorkspace())
    expect(result.value.exportedAt).toBe('2026-11-22T10:00:00.000Z')
  })

  it('still validates after migrating: a broken v0 file gets paths, not a crash', () => {
    const broken = JSON.parse(fixture('v0-prerelease.frameline.json'))
    broken.workspace.connections[1].draft = 42
    const result = parseWorkspaceFile(JSON.stringify(broken))
    expect(result).toEqual({
      ok: false,
      message: 'The file has 1 problem; nothing was imported.',
      details: ['workspace.connections[1].draft: must be an object'],
    })
  })
})
