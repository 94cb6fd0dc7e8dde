import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { WORKSPACE_SCHEMA_PATH } from '../../src/workspace/file-schema.ts'
import { LIMITS } from '../../src/workspace/limits.ts'
import { parseWorkspaceFile, serializeWorkspaceFile, type WorkspaceContent } from '../../src/workspace/workspace-file.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { validateAgainstSchema } from './mini-json-schema.ts'
import { connection, FIXED_DATE, goldenWorkspace, readFixture } from './sample-workspaces.ts'

const schema = JSON.parse(readFileSync(`public/${WORKSPACE_SCHEMA_PATH}`, 'utf8'))
const FIXTURE = 'v1-schemas.frameline.json'

/** A connection with message schemas: one object schema with its own definitions, and `true`. */
export function schemasWorkspace(): WorkspaceContent {
  return {
    name: 'Contracts',
    connections: [
      connection({
        id: 'c_chat',
        name: 'Chat',
        url: 'ws://localhost:5173/demo/echo',
        protocols: [],
        schemas: [
          {
            name: 'chat.message',
            schema: {
              type: 'object',
              required: ['type', 'text', 'author'],
              properties: { type: { const: 'chat.message' }, text: { type: 'string' }, author: { $ref: '#/definitions/User' } },
              definitions: { User: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
            },
          },
          { name: 'anything', schema: true },
        ],
        draft: { text: '', mode: 'json' },
        savedMessages: [{ id: 'm_hi', name: 'chat.message · hi', text: '{"type":"chat.message","text":"hi","author":{"id":"u1"}}', mode: 'json' }],
      }),
    ],
  }
}

function parsed(text: string) {
  const result = parseWorkspaceFile(text)
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`)
  return result.value
}

describe('workspace files: message schemas on connections', () => {
  it('writes the schemas fixture byte for byte and reads it back to the same workspace', () => {
    const text = serializeWorkspaceFile(schemasWorkspace(), { redact: false, exportedAt: FIXED_DATE })
    expect(text).toBe(readFixture(FIXTURE))
    expect(parsed(text).workspace).toEqual(schemasWorkspace())
    expect(validateAgainstSchema(schema, JSON.parse(text))).toEqual([])
  })

  it('writes no schemas key for connections without schemas, so older exports stay byte for byte', () => {
    const workspace = goldenWorkspace()
    workspace.connections = workspace.connections.map((c) => ({ ...c, schemas: [] }))
    expect(serializeWorkspaceFile(workspace, { redact: false, exportedAt: FIXED_DATE })).toBe(readFixture('v1-workspace.frameline.json'))
    expect(parsed(readFixture('v1-workspace.frameline.json')).workspace.connections[0]).not.toHaveProperty('schemas')
  })

  it('keeps schemas through a redacted export', () => {
    const text = serializeWorkspaceFile(schemasWorkspace(), { exportedAt: FIXED_DATE })
    expect(parsed(text).workspace.connections[0]?.schemas).toEqual(schemasWorkspace().connections[0]?.schemas)
  })

  it('refuses schemas that are not JSON Schemas, too many, too large or too deep, with their paths', () => {
    const file = JSON.parse(readFixture(FIXTURE))
    file.workspace.connections[0].schemas[0].schema = 'a string'
    file.workspace.connections[0].schemas[1] = { name: 'no schema' }
    const result = parseWorkspaceFile(JSON.stringify(file))
    expect(result).toMatchObject({
      ok: false,
      details: ['workspace.connections[0].schemas[0].schema: must be a JSON Schema (an object, true or false)', 'workspace.connections[0].schemas[1].schema: is missing'],
    })

    const many = JSON.parse(readFixture(FIXTURE))
    many.workspace.connections[0].schemas = Array.from({ length: LIMITS.schemasPerConnection + 1 }, (_, i) => ({ name: `s${i}`, schema: true }))
    expect(parseWorkspaceFile(JSON.stringify(many))).toMatchObject({ ok: false, details: [`workspace.connections[0].schemas: must have at most ${LIMITS.schemasPerConnection} message schemas`] })

    const large = JSON.parse(readFixture(FIXTURE))
    large.workspace.connections[0].schemas[0].schema = { description: 'x'.repeat(LIMITS.schemaChars) }
    expect(parseWorkspaceFile(JSON.stringify(large))).toMatchObject({ ok: false, details: [`workspace.connections[0].schemas[0].schema: must be at most ${LIMITS.schemaChars} characters of JSON`] })

    const stored = schemasWorkspace()
    let deep: Record<string, unknown> = {}
    const root = deep
    for (let i = 0; i < LIMITS.schemaDepth + 1; i++) {
      const next = {}
      deep.items = next
      deep = next
    }
    stored.connections[0]!.schemas![0]!.schema = root
    expect(validateWorkspace({ id: 'w', ...stored })).toMatchObject({ ok: false, errors: [`connections[0].schemas[0].schema: must be nested at most ${LIMITS.schemaDepth} levels deep`] })
  })

  it('stores a copy: a schema read from storage shares nothing with the value it came from', () => {
    const source = schemasWorkspace()
    const checked = validateWorkspace({ id: 'w', ...source })
    if (!checked.ok) throw new Error(checked.errors.join('\n'))
    expect(checked.value.connections[0]?.schemas?.[0]?.schema).toEqual(source.connections[0]?.schemas?.[0]?.schema)
    expect(checked.value.connections[0]?.schemas?.[0]?.schema).not.toBe(source.connections[0]?.schemas?.[0]?.schema)
  })
})
