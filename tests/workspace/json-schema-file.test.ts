import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fileConnectionSchema, fileWorkspaceSchema, envelopeSchema, WORKSPACE_SCHEMA_PATH } from '../../src/workspace/file-schema.ts'
import { LIMITS } from '../../src/workspace/limits.ts'
import { prepareWorkspaceExport } from '../../src/workspace/workspace-file.ts'
import { MALFORMED_CASES } from './malformed-corpus.ts'
import { validateAgainstSchema } from './mini-json-schema.ts'
import { connection, goldenWorkspace, readFixture, sampleFrames } from './sample-workspaces.ts'

const schema = JSON.parse(readFileSync(`public/${WORKSPACE_SCHEMA_PATH}`, 'utf8'))
const defs = schema.$defs

// Valibot object schemas are pipes here (objectSchema); the object schema is the last pipe item.
function entryKeys(piped: { pipe: readonly unknown[] }): string[] {
  const object = piped.pipe[piped.pipe.length - 1] as { entries: Record<string, unknown> }
  return Object.keys(object.entries).sort()
}

describe('public/schema/workspace-v1.schema.json', () => {
  it.each(['v1-workspace.frameline.json', 'v1-with-timeline.frameline.json', 'v1-auto-reconnect.frameline.json'])('accepts the fixture %s', (name) => {
    expect(validateAgainstSchema(schema, JSON.parse(readFixture(name)))).toEqual([])
  })

  it('accepts what the exporter writes, redacted and with timelines', () => {
    const workspace = goldenWorkspace()
    workspace.connections.push(
      connection({ id: 'c_s', name: 'S', url: 'wss://u:p@h/?token=x', protocols: ['bearer', 'y'], draft: { text: '', mode: 'json' }, savedMessages: [] }),
    )
    const text = prepareWorkspaceExport(workspace, { timelines: () => sampleFrames() }).text
    expect(validateAgainstSchema(schema, JSON.parse(text))).toEqual([])
  })

  it('accepts a notice entry (severity "info") and refuses any other severity', () => {
    const notice = { id: 7, at: 1_700_000_000_060, kind: 'notice' as const, message: 'Automatic reconnect cancelled.' }
    const file = JSON.parse(prepareWorkspaceExport(goldenWorkspace(), { timelines: () => [...sampleFrames(), notice] }).text)
    expect(validateAgainstSchema(schema, file)).toEqual([])
    file.workspace.connections[0].timeline[6].severity = 'warning'
    expect(validateAgainstSchema(schema, file)).not.toEqual([])
  })

  it('rejects every malformed file that is JSON, except what only semantic checks can see', () => {
    const semanticOnly = new Set(['duplicate connection ids', 'duplicate saved message ids'])
    for (const malformed of MALFORMED_CASES) {
      if (malformed.message === 'OK' || semanticOnly.has(malformed.name)) continue
      let value: unknown
      try {
        value = JSON.parse(malformed.text())
      } catch {
        continue
      }
      if (malformed.name === 'deep nesting (100,000 arrays)' || malformed.name === 'file over 20 MB') continue
      expect(validateAgainstSchema(schema, value), malformed.name).not.toEqual([])
    }
  })

  it('lists the same fields as the valibot schemas', () => {
    expect(Object.keys(defs.connection.properties).sort()).toEqual(entryKeys(fileConnectionSchema))
    expect(Object.keys(defs.workspace.properties).sort()).toEqual(entryKeys(fileWorkspaceSchema))
    expect(Object.keys(schema.properties).sort()).toEqual([...entryKeys(envelopeSchema), 'workspace'].sort())
  })

  it('states the same limits as src/workspace/limits.ts', () => {
    expect(defs.name.maxLength).toBe(LIMITS.nameChars)
    expect(defs.id.maxLength).toBe(LIMITS.idChars)
    expect(defs.payloadText.maxLength).toBe(LIMITS.payloadChars)
    expect(defs.connection.properties.url.maxLength).toBe(LIMITS.urlChars)
    expect(defs.protocols.maxItems).toBe(LIMITS.protocolsPerConnection)
    expect(defs.protocols.items.maxLength).toBe(LIMITS.protocolChars)
    expect(defs.workspace.properties.connections.maxItems).toBe(LIMITS.connections)
    expect(defs.connection.properties.savedMessages.maxItems).toBe(LIMITS.savedMessagesPerConnection)
    expect(defs.connection.properties.timeline.maxItems).toBe(LIMITS.timelineFrames)
  })
})
