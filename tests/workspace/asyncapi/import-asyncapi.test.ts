import { readFileSync } from 'node:fs'
import { Validator } from '@cfworker/json-schema'
import { describe, expect, it } from 'vitest'
import { looksLikeAsyncApi } from '../../../src/workspace/asyncapi/detect.ts'
import { importAsyncApi, MAX_DOCUMENT_CHARS, type AsyncApiImport } from '../../../src/workspace/asyncapi/import-asyncapi.ts'
import { parseWorkspaceFile, serializeWorkspaceFile } from '../../../src/workspace/workspace-file.ts'

const fixture = (name: string) => readFileSync(`tests/workspace/asyncapi/fixtures/${name}`, 'utf8')

async function imported(text: string): Promise<AsyncApiImport> {
  const result = await importAsyncApi(text)
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`)
  return result
}

async function refused(text: string) {
  const result = await importAsyncApi(text)
  if (result.ok) throw new Error('expected the document to be refused')
  return result
}

function validatorFor(schema: unknown) {
  return new Validator(schema as object, '7', false)
}

const MINIMAL_3 = `asyncapi: 3.0.0
info: { title: Minimal, version: '1' }
servers:
  local: { host: 'localhost:8080', protocol: ws }
channels:
  c:
    address: /c
    messages:
      m:
        payload: { type: object, properties: { n: { type: integer } } }
`

describe('AsyncAPI 2.6 (chat-2.6.yaml)', () => {
  it('crosses its WebSocket servers with channels, skips MQTT, and turns server variables into workspace variables', async () => {
    const result = await imported(fixture('chat-2.6.yaml'))
    expect(result.describedAs).toBe('AsyncAPI 2.6.0 · Team Chat 1.4.0')
    const { workspace } = result.value
    expect(workspace.name).toBe('Team Chat')
    expect(workspace.connections.map((c) => [c.name, c.url])).toEqual([
      // The server variable becomes a workspace variable holding its default, named after its server.
      ['/demo/echo (local)', 'ws://127.0.0.1:{{local.port}}/demo/echo'],
      ['/demo/echo (production)', 'wss://chat.example.com/demo/echo'],
      // The channel parameter's default fills the address; the channel lists only production.
      ['/rooms/{roomId} (production)', 'wss://chat.example.com/rooms/general'],
    ])
    expect(workspace.variables).toEqual([{ name: 'local.port', value: '5173' }])
    expect(result.notes).toEqual([expect.stringContaining('Server "broker" speaks mqtt')])
  })

  it('turns message examples into saved messages and payload schemas (with $ref resolved) into message schemas', async () => {
    const [echo] = (await imported(fixture('chat-2.6.yaml'))).value.workspace.connections
    expect(echo?.savedMessages.map((m) => [m.name, m.mode])).toEqual([
      ['chat.message · hello', 'json'],
      ['chat.message · with reply', 'json'],
      ['ping · example 1', 'json'],
    ])
    expect(JSON.parse(echo?.savedMessages[0]?.text ?? '')).toEqual({ type: 'chat.message', room: 'general', text: 'Hello, team', author: { id: 'u_1', name: 'Ann' } })
    // Sent and received use the same message: listed once.
    expect(echo?.schemas?.map((s) => s.name)).toEqual(['chat.message', 'ping'])
    const chat = echo?.schemas?.[0]?.schema
    expect(chat).toMatchObject({ properties: { author: { $ref: '#/definitions/User' } }, definitions: { User: { required: ['id', 'name'] } } })
    const validator = validatorFor(chat)
    expect(validator.validate({ type: 'chat.message', room: 'r', text: 't', author: { id: 'u_1', name: 'A' } }).valid).toBe(true)
    // The referenced User schema is applied: its pattern fails.
    expect(validator.validate({ type: 'chat.message', room: 'r', text: 't', author: { id: 'x', name: 'A' } }).valid).toBe(false)
    // Every example of the document passes its own schema.
    for (const message of echo?.savedMessages ?? []) {
      const ok = echo?.schemas?.some((s) => validatorFor(s.schema).validate(JSON.parse(message.text)).valid)
      expect(ok, message.name).toBe(true)
    }
  })

  it('round-trips through a workspace file: schemas are written and read back', async () => {
    const { workspace } = (await imported(fixture('chat-2.6.yaml'))).value
    const text = serializeWorkspaceFile(workspace, { exportedAt: new Date(0) })
    const back = parseWorkspaceFile(text)
    if (!back.ok) throw new Error(back.message)
    expect(back.value.workspace.connections.map((c) => c.schemas)).toEqual(workspace.connections.map((c) => c.schemas))
  })
})

describe('AsyncAPI 3.0 (ticker-3.0.yaml)', () => {
  it('uses host + pathname + channel address and the channel message map', async () => {
    const { workspace } = (await imported(fixture('ticker-3.0.yaml'))).value
    expect(workspace.connections.map((c) => [c.name, c.url, c.schemas?.map((s) => s.name), c.savedMessages.map((m) => m.name)])).toEqual([
      ['Price ticks', 'ws://127.0.0.1:5173/demo/ticker', ['tick'], ['tick · btc']],
      ['echo', 'ws://127.0.0.1:5173/demo/echo', ['subscribe', 'tick', 'book'], ['subscribe · btc and eth', 'tick · btc', 'book · two levels']],
    ])
  })

  it('keeps a recursive schema recursive, inside its own definitions, and reads a Multi Format Schema Object', async () => {
    const echo = (await imported(fixture('ticker-3.0.yaml'))).value.workspace.connections[1]
    const book = echo?.schemas?.find((s) => s.name === 'book')?.schema
    expect(book).toMatchObject({ properties: { children: { items: { $ref: '#/definitions/BookLevel' } } }, definitions: { BookLevel: { required: ['price', 'size'] } } })
    const validator = validatorFor(book)
    expect(validator.validate({ price: 1, size: 1, children: [{ price: 1, size: 2, children: [{ price: 3, size: 4 }] }] }).valid).toBe(true)
    expect(validator.validate({ price: 1, size: 1, children: [{ price: 1, size: 2, children: [{ price: 'three', size: 4 }] }] }).valid).toBe(false)
  })
})

describe('AsyncAPI 2.0 in JSON (notify-2.0.json)', () => {
  it('makes Server-Sent Events of an http server with text/event-stream messages and Socket.IO of socketio', async () => {
    const text = fixture('notify-2.0.json')
    expect(looksLikeAsyncApi(text)).toBe(true)
    const { workspace } = (await imported(text)).value
    const [sse, sio] = workspace.connections
    expect(sse).toMatchObject({ url: 'http://127.0.0.1:5173/demo/chat', transport: { kind: 'sse', method: 'GET' } })
    expect(sse?.savedMessages).toEqual([expect.objectContaining({ name: 'notice · example 1', text: 'server restarting', mode: 'text' })])
    // Socket.IO: the channel is the namespace, the message an event.
    expect(sio).toMatchObject({ url: 'ws://127.0.0.1:5173', transport: { kind: 'socket.io', namespace: '/chat' } })
    expect(sio?.savedMessages[0]?.emit).toEqual({ event: 'notice', args: [{ type: 'text', text: 'server restarting' }], ack: false })
  })
})

describe('refusals: a clear message and nothing imported', () => {
  it('says where an invalid document is wrong, deepest first, without the validator noise', async () => {
    const result = await refused(MINIMAL_3.replace("version: '1'", 'version: 1').replace('address: /c', 'address: 5'))
    expect(result.message).toMatch(/^This is not a valid AsyncAPI 3\.0\.0 document/)
    expect(result.details).toEqual(['channels.c.address: must be string or null, found number', 'info.version: must be string, found number'])
    expect(result.details.join('\n')).not.toMatch(/subschema|\$ref/)
  })

  it('names a missing required field', async () => {
    const result = await refused('asyncapi: 2.6.0\ninfo:\n  title: No version\nchannels: {}\n')
    expect(result.details).toEqual(['info: "version" is missing'])
  })

  it('reports malformed YAML with its line', async () => {
    const result = await refused('asyncapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n')
    expect(result.message).toMatch(/^This AsyncAPI document is not valid YAML \(line \d+, column \d+\)/)
  })

  it('refuses versions it does not read, and says how to convert 1.x', async () => {
    expect((await refused('asyncapi: 1.2.0\ninfo: {title: t, version: "1"}\n')).message).toMatch(/AsyncAPI 1\.2\.0 is not supported.*asyncapi convert/)
    expect((await refused('asyncapi: 4.0.0\ninfo: {title: t, version: "1"}\n')).message).toMatch(/AsyncAPI 4\.0\.0 is not supported: Frameline imports versions 2\.0, 2\.1, .*3\.0/)
    expect((await refused('{"asyncapi": 3}')).message).toMatch(/no "asyncapi" version string/)
  })

  it('refuses references to other files and names them', async () => {
    const text = MINIMAL_3.replace("payload: { type: object, properties: { n: { type: integer } } }", "payload: { $ref: './schemas/m.json#/M' }").replace(
      'servers:',
      "components:\n  schemas:\n    X: { $ref: 'https://example.com/x.yaml' }\nservers:",
    )
    const result = await refused(text)
    expect(result.message).toMatch(/refers to other files: https:\/\/example\.com\/x\.yaml, \.\/schemas\/m\.json\..*fetches nothing/)
    expect(result.details).toEqual(['/components/schemas/X/$ref: $ref "https://example.com/x.yaml"', '/channels/c/messages/m/payload/$ref: $ref "./schemas/m.json#/M"'])
  })

  it('refuses a circular chain of references that never reaches a schema', async () => {
    const text = MINIMAL_3.replace("payload: { type: object, properties: { n: { type: integer } } }", "payload: { $ref: '#/components/schemas/A' }").replace(
      'servers:',
      "components:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }\nservers:",
    )
    const result = await refused(text)
    expect(result.message).toBe(
      'A reference in the document cannot be resolved: circular $ref: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A. Nothing was imported.',
    )
  })

  it('refuses a reference that points at nothing', async () => {
    const text = MINIMAL_3.replace("payload: { type: object, properties: { n: { type: integer } } }", "payload: { $ref: '#/components/schemas/Missing' }")
    expect((await refused(text)).message).toMatch(/"#\/components\/schemas\/Missing" points at nothing in this document/)
  })

  it('refuses a billion-laughs document before it expands', async () => {
    const lol = [
      'asyncapi: 3.0.0',
      'info: {title: lol, version: "1"}',
      'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'x-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'x-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'x-f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n')
    const started = performance.now()
    expect((await refused(lol)).message).toMatch(/expands YAML aliases .* too many times .*billion laughs/)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('refuses a huge document before parsing it', async () => {
    const huge = `asyncapi: 3.0.0\ninfo: {title: big, version: "1"}\nx-pad: "${'a'.repeat(MAX_DOCUMENT_CHARS)}"\n`
    expect((await refused(huge)).message).toMatch(/^The document is too large: 4,194,3\d\d characters; Frameline imports AsyncAPI documents up to 4,194,304/)
  })

  it('refuses __proto__ keys and hostile nesting', async () => {
    const proto = await refused('{"asyncapi": "3.0.0", "info": {"title": "t", "version": "1", "__proto__": {"polluted": true}}}')
    expect(proto.details).toEqual(['info.__proto__: unsafe key "__proto__" is not allowed'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const deep = await refused(`{"asyncapi": "3.0.0", "info": {"title": "t", "version": "1"}, "x-deep": ${'['.repeat(100)}${']'.repeat(100)}}`)
    expect(deep.details[0]).toMatch(/nested more than 64 levels deep/)
  })

  it('refuses a document without any channel to connect to', async () => {
    const result = await refused('asyncapi: 2.6.0\ninfo: {title: t, version: "1"}\nchannels: {}\n')
    expect(result.message).toMatch(/describes no channel/)
  })
})

describe('detection', () => {
  it('tells AsyncAPI documents from workspace files by their head', () => {
    expect(looksLikeAsyncApi(fixture('chat-2.6.yaml'))).toBe(true)
    expect(looksLikeAsyncApi('{"asyncapi":"3.0.0"}')).toBe(true)
    expect(looksLikeAsyncApi(readFileSync('tests/workspace/fixtures/v1-workspace.frameline.json', 'utf8'))).toBe(false)
    expect(looksLikeAsyncApi('{"format": "frameline.workspace", "note": "asyncapi: 3"}')).toBe(false)
  })
})
