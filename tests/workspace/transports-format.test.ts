import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { WORKSPACE_SCHEMA_PATH } from '../../src/workspace/file-schema.ts'
import { REDACTED } from '../../src/workspace/redact.ts'
import { parseWorkspaceFile, prepareWorkspaceExport, serializeWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { transportSchema, validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { validateAgainstSchema } from './mini-json-schema.ts'
import { FIXED_DATE, goldenWorkspace, readFixture, transportsWorkspace } from './sample-workspaces.ts'

const schema = JSON.parse(readFileSync(`public/${WORKSPACE_SCHEMA_PATH}`, 'utf8'))

function parsed(text: string) {
  const result = parseWorkspaceFile(text)
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`)
  return result.value
}

describe('workspace files: the transport field', () => {
  it('writes the transports fixture byte for byte and reads it back to the same workspace', () => {
    const text = serializeWorkspaceFile(transportsWorkspace(), { redact: false, exportedAt: FIXED_DATE })
    expect(text).toBe(readFixture('v1-transports.frameline.json'))
    expect(parsed(text).workspace).toEqual(transportsWorkspace())
    expect(validateAgainstSchema(schema, JSON.parse(text))).toEqual([])
  })

  it('leaves WebSocket connections without a transport key, so older exports stay byte for byte', () => {
    expect(serializeWorkspaceFile(goldenWorkspace(), { redact: false, exportedAt: FIXED_DATE })).toBe(readFixture('v1-workspace.frameline.json'))
    const workspace = goldenWorkspace()
    workspace.connections = workspace.connections.map((c) => ({ ...c, transport: { kind: 'websocket' as const } }))
    expect(serializeWorkspaceFile(workspace, { redact: false, exportedAt: FIXED_DATE })).toBe(readFixture('v1-workspace.frameline.json'))
    // A file naming "websocket" explicitly reads as no transport.
    const file = JSON.parse(readFixture('v1-workspace.frameline.json'))
    file.workspace.connections[0].transport = { kind: 'websocket' }
    expect(parsed(JSON.stringify(file)).workspace.connections[0]).not.toHaveProperty('transport')
  })

  it('fills the defaults of a hand-written transport that names only its kind', () => {
    const file = JSON.parse(readFixture('v1-workspace.frameline.json'))
    file.workspace.connections[0].url = 'http://localhost:3000'
    file.workspace.connections[0].transport = { kind: 'socket.io' }
    file.workspace.connections[1].url = 'https://example.test/events'
    file.workspace.connections[1].transport = { kind: 'sse' }
    expect(validateAgainstSchema(schema, file)).toEqual([])
    const [sio, sse] = parsed(JSON.stringify(file)).workspace.connections
    expect(sio?.transport).toEqual({ kind: 'socket.io', namespace: '/', path: '/socket.io/', query: [], auth: '', transports: 'websocket', ackTimeoutMs: 5000, reconnection: true })
    expect(sse?.transport).toEqual({ kind: 'sse', method: 'GET', headers: [], query: [], body: '', reconnect: true })
  })

  it('accepts http(s) only where the kind uses it, and says which URL a kind needs', () => {
    const file = JSON.parse(readFixture('v1-transports.frameline.json'))
    file.workspace.connections[0].url = 'http://localhost:5173/demo/echo'
    file.workspace.connections[2].url = 'wss://api.example.test/v1/stream'
    file.workspace.connections[3].url = 'https://x.test/'
    const result = parseWorkspaceFile(JSON.stringify(file))
    expect(result).toEqual({
      ok: false,
      message: 'The file has 3 problems; nothing was imported.',
      details: [
        'workspace.connections[0].url: must be a ws:// or wss:// URL for a WebSocket connection',
        'workspace.connections[2].url: must be an http:// or https:// URL for a Server-Sent Events connection',
        'workspace.connections[3].url: must be a ws:// or wss:// URL for a WebSocketStream connection',
      ],
    })
    // Socket.IO takes all four schemes.
    const sio = JSON.parse(readFixture('v1-transports.frameline.json'))
    sio.workspace.connections[1].url = 'wss://chat.example.test'
    expect(parsed(JSON.stringify(sio)).workspace.connections[1]?.url).toBe('wss://chat.example.test')
  })

  it('refuses a bad transport with the path of the field', () => {
    const file = JSON.parse(readFixture('v1-transports.frameline.json'))
    file.workspace.connections[1].transport.transports = 'webtransport'
    file.workspace.connections[2].transport.method = 'PUT'
    file.workspace.connections[3].transport = { kind: 'mqtt' }
    const result = parseWorkspaceFile(JSON.stringify(file))
    expect(result.ok).toBe(false)
    expect(result.ok ? [] : result.details).toEqual([
      'workspace.connections[1].transport.transports: must be "websocket" or "polling"',
      'workspace.connections[2].transport.method: must be "GET" or "POST"',
      'workspace.connections[3].transport.kind: must be "websocket", "socket.io", "sse" or "websocketstream"',
    ])
    expect(validateAgainstSchema(schema, file)).not.toEqual([])
  })

  it('redacts Socket.IO auth and query, SSE headers, query and body on export, and lists each', () => {
    const prepared = prepareWorkspaceExport(transportsWorkspace(), { exportedAt: FIXED_DATE })
    const [, sio, sse] = JSON.parse(prepared.text).workspace.connections
    expect(sio.transport.auth).toBe(`{"token":"${REDACTED}","user":"${REDACTED}"}`)
    expect(sio.transport.query).toEqual([{ name: 'room', value: 'lobby' }])
    expect(sse.transport.headers).toEqual([
      { name: 'Authorization', value: REDACTED },
      { name: 'Content-Type', value: 'application/json' },
    ])
    expect(sse.transport.query).toEqual([
      { name: 'api_key', value: REDACTED },
      { name: 'model', value: 'small' },
    ])
    expect(sse.transport.body).toBe(`{"prompt":"hello","password":"${REDACTED}"}`)
    expect(prepared.redactions.map((r) => [r.path, r.description])).toEqual([
      ['connections[1].transport.auth', 'Socket.IO auth: auth field "token"'],
      ['connections[1].transport.auth', 'Socket.IO auth: auth field "user"'],
      ['connections[2].transport.headers', 'request headers: header "Authorization"'],
      ['connections[2].transport.query', 'query: query parameter "api_key"'],
      ['connections[2].transport.body', 'request body: field "password"'],
    ])
    // Redacted exports still import, and the markers are counted for the user to fill in.
    const back = parsed(prepared.text)
    expect(back.redactedMarkers).toBe(5)
    // An import of an unredacted file flags the same secrets.
    expect(parsed(readFixture('v1-transports.frameline.json')).secrets).toHaveLength(5)
  })

  it('redacts an auth payload that is not a JSON object whole', () => {
    const workspace = transportsWorkspace()
    const sio = workspace.connections[1]
    if (sio?.transport?.kind !== 'socket.io') throw new Error('fixture')
    sio.transport = { ...sio.transport, auth: 'not json' }
    expect(JSON.parse(prepareWorkspaceExport(workspace).text).workspace.connections[1].transport.auth).toBe(REDACTED)
  })

  it('keeps transports and emits through storage validation', () => {
    const workspace = { id: 'w1', ...transportsWorkspace() }
    expect(validateWorkspace(workspace)).toEqual({ ok: true, value: workspace })
    const bad = { id: 'w1', ...transportsWorkspace() }
    ;(bad.connections[1] as unknown as { draft: { emit: unknown } }).draft.emit = { event: 'x', args: [{ type: 'hex', text: '' }] }
    expect(validateWorkspace(bad)).toEqual({ ok: false, errors: ['connections[1].draft.emit.args[0].type: must be "json", "text" or "binary"'] })
  })

  it('lists in the JSON Schema every option the valibot schema has', () => {
    const variants = (transportSchema.pipe[1] as unknown as { options: { entries: Record<string, unknown> }[] }).options
    const keysOf = (kind: string) => Object.keys(variants.find((o) => (o.entries.kind as { literal: string }).literal === kind)?.entries ?? {}).sort()
    const jsonVariants = schema.$defs.transport.oneOf as { properties: Record<string, { const?: string }> }[]
    expect(Object.keys(jsonVariants[1]?.properties ?? {}).sort()).toEqual(keysOf('socket.io'))
    expect(Object.keys(jsonVariants[2]?.properties ?? {}).sort()).toEqual(keysOf('sse'))
  })
})
