import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { WORKSPACE_SCHEMA_PATH } from '../../src/workspace/file-schema.ts'
import { configOf } from '../../src/workspace/connection-config.ts'
import { DEFAULT_PREFERENCES } from '../../src/workspace/model.ts'
import { parseWorkspaceFile, prepareWorkspaceExport, serializeWorkspaceFile, type WorkspaceContent } from '../../src/workspace/workspace-file.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { validateAgainstSchema } from './mini-json-schema.ts'
import { connection, FIXED_DATE, goldenWorkspace, readFixture } from './sample-workspaces.ts'

const schema = JSON.parse(readFileSync(`public/${WORKSPACE_SCHEMA_PATH}`, 'utf8'))
const FIXTURE = 'v1-pairing.frameline.json'

/** One connection paired by $.id → $.replyTo, one where both sides ask by $['rpc'].seq. */
export function pairingWorkspace(): WorkspaceContent {
  return {
    name: 'Paired',
    connections: [
      connection({
        id: 'c_orders',
        name: 'Orders',
        url: 'ws://localhost:5173/demo/echo',
        protocols: [],
        pairing: { request: '$.id', reply: '$.replyTo' },
        draft: { text: '{"id":1,"op":"list"}', mode: 'json' },
        savedMessages: [],
      }),
      connection({
        id: 'c_peer',
        name: 'Peer',
        url: 'wss://example.test/peer',
        protocols: [],
        decoder: 'none',
        pairing: { request: "$['rpc'].seq", reply: '$.rpc.ack', requests: 'both' },
        draft: { text: '', mode: 'text' },
        savedMessages: [],
      }),
    ],
  }
}

if (process.env.WRITE_FIXTURES === '1') {
  writeFileSync(`tests/workspace/fixtures/${FIXTURE}`, serializeWorkspaceFile(pairingWorkspace(), { redact: false, exportedAt: FIXED_DATE }))
}

function parsed(text: string) {
  const result = parseWorkspaceFile(text)
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`)
  return result.value
}

describe('workspace files: pairing by JSON paths', () => {
  it('writes the pairing fixture byte for byte and reads it back to the same workspace', () => {
    const text = serializeWorkspaceFile(pairingWorkspace(), { redact: false, exportedAt: FIXED_DATE })
    expect(text).toBe(readFixture(FIXTURE))
    expect(parsed(text).workspace).toEqual(pairingWorkspace())
    expect(validateAgainstSchema(schema, JSON.parse(text))).toEqual([])
    expect(JSON.parse(text).workspace.connections[0].pairing).toEqual({ request: '$.id', reply: '$.replyTo' })
  })

  it('keeps the paths through a redacted export: they name fields, not values', () => {
    const text = prepareWorkspaceExport(pairingWorkspace()).text
    expect(parsed(text).workspace.connections.map((c) => c.pairing)).toEqual(pairingWorkspace().connections.map((c) => c.pairing))
  })

  it('writes no pairing key when there is none, so older files and exports stay byte for byte', () => {
    expect(serializeWorkspaceFile(goldenWorkspace(), { redact: false, exportedAt: FIXED_DATE })).toBe(readFixture('v1-workspace.frameline.json'))
    expect(parsed(readFixture('v1-workspace.frameline.json')).workspace.connections[0]).not.toHaveProperty('pairing')
  })

  it('reads "requests": "sent" as the default it is', () => {
    const file = JSON.parse(readFixture(FIXTURE))
    file.workspace.connections[0].pairing.requests = 'sent'
    expect(parsed(JSON.stringify(file)).workspace.connections[0]?.pairing).toEqual({ request: '$.id', reply: '$.replyTo' })
  })

  it('refuses a path that does not parse, an empty one, a missing one and an unknown side, naming the field', () => {
    const file = JSON.parse(readFixture(FIXTURE))
    file.workspace.connections[0].pairing.reply = '$.[x'
    file.workspace.connections[1].pairing = { request: '', requests: 'sometimes' }
    const result = parseWorkspaceFile(JSON.stringify(file))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.details).toEqual([
      'workspace.connections[0].pairing.reply: must be a JSON path: Cannot read the JSON path "$.[x" at ".[x": use $.name, [\'name\'], [0], [*] or ..name.',
      'workspace.connections[1].pairing.request: must be a JSON path: The JSON path is empty: write e.g. $.type or $.items[0].id.',
      'workspace.connections[1].pairing.reply: is missing',
      'workspace.connections[1].pairing.requests: must be "sent", "received" or "both"',
    ])
    expect(validateAgainstSchema(schema, { ...file, workspace: { ...file.workspace, connections: [file.workspace.connections[1]] } })).not.toEqual([])
  })

  it('is checked in storage too, and reaches the runtime config', () => {
    const stored = { id: 'w', ...pairingWorkspace() }
    const checked = validateWorkspace(stored)
    expect(checked.ok).toBe(true)
    stored.connections[0]!.pairing = { request: '$..', reply: '$.x' }
    expect(validateWorkspace(stored)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^connections\[0\]\.pairing\.request: must be a JSON path/)] })

    const [orders] = pairingWorkspace().connections
    expect(configOf(orders!, DEFAULT_PREFERENCES).pairing).toEqual({ request: '$.id', reply: '$.replyTo' })
    expect(configOf(goldenWorkspace().connections[0]!, DEFAULT_PREFERENCES)).not.toHaveProperty('pairing')
  })
})
