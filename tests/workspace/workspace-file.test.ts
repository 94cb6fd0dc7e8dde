import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/workspace/limits.ts'
import type { Connection } from '../../src/workspace/model.ts'
import {
  base64ToBytes,
  parseWorkspaceFile,
  prepareConnectionExport,
  prepareWorkspaceExport,
  serializeWorkspaceFile,
  toTimelineEntry,
  fromTimelineEntry,
  workspaceFileName,
  type WorkspaceContent,
} from '../../src/workspace/workspace-file.ts'
import { autoReconnectWorkspace, connection, FIXED_DATE, goldenWorkspace, sampleFrames, readFixture } from './sample-workspaces.ts'

const fixture = readFixture

function parsed(text: string) {
  const result = parseWorkspaceFile(text)
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`)
  return result.value
}

const modeArb = fc.constantFrom('json' as const, 'text' as const, 'binary' as const)
// Full Unicode (astral planes included), and sometimes large.
const textArb = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 50_000, maxLength: 200_000 }) },
)
const nameArb = fc.string({ unit: 'binary', maxLength: 100 })
const urlArb = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom('ws://', 'wss://', 'WS://'), fc.webPath(), fc.string({ unit: 'binary', maxLength: 40 })).map(
    ([scheme, path, query]) => `${scheme}localhost:8080${path}?q=${encodeURIComponent(query)}`,
  ),
)
const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/)

const workspaceArb: fc.Arbitrary<WorkspaceContent> = fc
  .record({
    name: nameArb,
    connections: fc.uniqueArray(
      fc.record({
        id: idArb,
        name: nameArb,
        url: urlArb,
        protocols: fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 4 }),
        draft: fc.record({ text: textArb, mode: modeArb }),
        savedMessages: fc.array(fc.record({ id: idArb, name: nameArb, text: textArb, mode: modeArb }), { maxLength: 4 }),
        // The app keeps `autoReconnect: true` or no key at all (absent = off).
        autoReconnect: fc.boolean(),
      }),
      { maxLength: 5, selector: (c) => c.id },
    ),
  })
  .map((w) => {
    // Saved-message ids are unique across the workspace: make them so.
    let n = 0
    const connections: Connection[] = w.connections.map(({ autoReconnect, ...c }) => ({
      ...c,
      ...(autoReconnect ? { autoReconnect: true } : {}),
      history: [],
      savedMessages: c.savedMessages.map((m) => ({ ...m, id: `${m.id}_${n++}` })),
    }))
    return { name: w.name, connections }
  })

describe('serializeWorkspaceFile / parseWorkspaceFile', () => {
  it('round-trips any workspace without redaction (unicode, large payloads, every mode)', () => {
    fc.assert(
      fc.property(workspaceArb, (workspace) => {
        const back = parsed(serializeWorkspaceFile(workspace, { redact: false })).workspace
        expect(back).toEqual(workspace)
      }),
      { numRuns: 60 },
    )
  })

  it('round-trips a 5 MiB payload, the largest a draft may be', () => {
    const big = 'é'.repeat(LIMITS.payloadChars)
    const workspace = { name: 'Big', connections: [connection({ id: 'c', name: 'c', url: '', protocols: [], draft: { text: big, mode: 'text' }, savedMessages: [] })] }
    expect(parsed(serializeWorkspaceFile(workspace, { redact: false })).workspace).toEqual(workspace)
  })

  it('writes the golden v1 fixture byte for byte (stable key and item order)', () => {
    expect(serializeWorkspaceFile(goldenWorkspace(), { redact: false, exportedAt: FIXED_DATE })).toBe(fixture('v1-workspace.frameline.json'))
  })

  it('writes autoReconnect after protocols only when on, so existing exports diff cleanly', () => {
    expect(serializeWorkspaceFile(autoReconnectWorkspace(), { redact: false, exportedAt: FIXED_DATE })).toBe(
      fixture('v1-auto-reconnect.frameline.json'),
    )
    const connections = JSON.parse(fixture('v1-auto-reconnect.frameline.json')).workspace.connections
    expect(Object.keys(connections[0])).toEqual(['id', 'name', 'url', 'protocols', 'autoReconnect', 'draft', 'savedMessages'])
    expect(Object.keys(connections[1])).not.toContain('autoReconnect')

    // Off written as `false` by the model (e.g. a hand-edited store) is still omitted.
    const off = goldenWorkspace()
    off.connections = off.connections.map((c) => ({ ...c, autoReconnect: false }))
    expect(serializeWorkspaceFile(off, { redact: false, exportedAt: FIXED_DATE })).toBe(fixture('v1-workspace.frameline.json'))
    // Redaction rebuilds each connection: the option survives it.
    expect(JSON.parse(serializeWorkspaceFile(autoReconnectWorkspace())).workspace.connections[0].autoReconnect).toBe(true)
  })

  it('reads autoReconnect: true kept, false or absent as off, anything else refused with its path', () => {
    expect(parsed(fixture('v1-auto-reconnect.frameline.json')).workspace).toEqual(autoReconnectWorkspace())
    expect(parsed(fixture('v1-workspace.frameline.json')).workspace.connections[0]).not.toHaveProperty('autoReconnect')

    const file = JSON.parse(fixture('v1-auto-reconnect.frameline.json'))
    file.workspace.connections[0].autoReconnect = false
    expect(parsed(JSON.stringify(file)).workspace.connections[0]).not.toHaveProperty('autoReconnect')

    file.workspace.connections[1].autoReconnect = 'yes'
    const result = parseWorkspaceFile(JSON.stringify(file))
    expect(result).toEqual({
      ok: false,
      message: 'The file has 1 problem; nothing was imported.',
      details: ['workspace.connections[1].autoReconnect: must be true or false'],
    })
  })

  it('does not export history, and says so by returning none', () => {
    const workspace = goldenWorkspace()
    const first = workspace.connections[0] as Connection
    first.history = [{ text: 'sent before', mode: 'text', at: 1 }]
    const text = serializeWorkspaceFile(workspace, { redact: false })
    expect(text).not.toContain('sent before')
    expect(parsed(text).workspace.connections[0]?.history).toEqual([])
  })

  it('writes timelines only when asked, binary as base64, and reads them back', () => {
    const without = prepareWorkspaceExport(goldenWorkspace(), { redact: false })
    expect(without.text).not.toContain('"timeline"')
    expect(JSON.parse(without.text).includesTimelines).toBe(false)

    const text = fixture('v1-with-timeline.frameline.json')
    const result = parsed(text)
    expect(JSON.parse(text).includesTimelines).toBe(true)
    expect(result.timelines.get('c_echo')).toEqual(sampleFrames().map(toTimelineEntry))
    const binary = result.timelines.get('c_echo')?.[3]
    expect(binary?.kind === 'message' && binary.payloadBase64).toBe('3q2+7wB/')
    expect([...base64ToBytes('3q2+7wB/')]).toEqual([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7f])
  })

  it('writes notices as errors with severity "info" (readable by every version), errors exactly as before, and reads both back', () => {
    const notice = { id: 7, at: 1_700_000_000_060, kind: 'notice' as const, message: 'Reconnecting in 2.1 s (attempt 1 of 10).' }
    const error = sampleFrames()[4]!
    const text = prepareWorkspaceExport(goldenWorkspace(), { redact: false, timelines: () => [error, notice] }).text
    expect(text).toContain('"kind": "error",\n            "message": "Not sent: connect first."')
    expect(text).toContain('"kind": "error",\n            "severity": "info",\n            "message": "Reconnecting in 2.1 s (attempt 1 of 10)."')
    const timeline = parsed(text).timelines.get('c_echo')
    expect(timeline).toEqual([toTimelineEntry(error), toTimelineEntry(notice)])
    expect(timeline?.[1]).toMatchObject({ kind: 'error', severity: 'info' })
    expect(timeline?.[0]).not.toHaveProperty('severity')
    // Read back into the frame vocabulary: the notice is a notice again, the error an error.
    expect(timeline?.map(fromTimelineEntry)).toEqual([
      { at: error.at, kind: 'error', message: 'Not sent: connect first.' },
      { at: notice.at, kind: 'notice', message: notice.message },
    ])

    const wrong = text.replace('"severity": "info"', '"severity": "warning"')
    const refused = parseWorkspaceFile(wrong)
    expect(refused.ok).toBe(false)
    expect(refused.ok ? [] : refused.details.join('\n')).toContain('timeline[1].severity: must be "info" or absent')
  })

  it('exports one connection in the same envelope, named after it', () => {
    const only = goldenWorkspace().connections[1] as Connection
    const prepared = prepareConnectionExport(only, { redact: false })
    const back = parsed(prepared.text)
    expect(back.workspace).toEqual({ name: only.name, connections: [only] })
    expect(prepared.fileName).toBe('Prices — ünïcødé 价格 🚀.frameline.json')
  })

  it('rewrites http(s) URLs to ws(s) and exports an unfinished URL empty with a warning', () => {
    const workspace = {
      name: 'w',
      connections: [
        connection({ id: 'a', name: 'A', url: 'https://example.test/s', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [] }),
        connection({ id: 'b', name: 'B', url: 'localhost:80', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [] }),
      ],
    }
    const prepared = prepareWorkspaceExport(workspace)
    const back = parsed(prepared.text)
    expect(back.workspace.connections.map((c) => c.url)).toEqual(['wss://example.test/s', ''])
    expect(prepared.warnings).toEqual(['"B": its URL is not a ws:// or wss:// URL yet, so it is exported empty.'])
  })

  it('accepts a hand-written file without the optional fields', () => {
    const text = JSON.stringify({ format: 'frameline.workspace', version: 1, workspace: { name: 'Mine', connections: [{ id: 'x', name: 'X', url: 'ws://h' }] } })
    expect(parsed(text).workspace.connections[0]).toEqual({
      id: 'x', name: 'X', url: 'ws://h', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [], history: [],
    })
  })

  it('drops unknown keys from the result', () => {
    const file = JSON.parse(fixture('v1-workspace.frameline.json'))
    file.workspace.connections[0].color = 'red'
    file.workspace.extra = 1
    const back = parsed(JSON.stringify(file))
    expect(back.workspace.connections[0]).not.toHaveProperty('color')
    expect(back.workspace).not.toHaveProperty('extra')
  })

  it('makes file names safe', () => {
    expect(workspaceFileName('a/b:c*?')).toBe('a-b-c.frameline.json')
    expect(workspaceFileName('  ..  ')).toBe('workspace.frameline.json')
  })
})
