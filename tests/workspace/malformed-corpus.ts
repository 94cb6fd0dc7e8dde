import { LIMITS } from '../../src/workspace/limits.ts'
import { readFixture } from './sample-workspaces.ts'

const valid = () => JSON.parse(readFixture('v1-workspace.frameline.json'))
// Test inputs are deliberately arbitrary JSON; typing every mutation would hide what each case breaks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const withChange = (change: (file: any) => void) => {
  const file = valid()
  change(file)
  return JSON.stringify(file, null, 2)
}
/** Inserts a raw key (JSON.stringify cannot write `__proto__` as an own key) into a JSON object text. */
const injectKey = (text: string, marker: string, key: string) => text.replace(marker, `"${key}": { "polluted": true }, ${marker}`)

export type MalformedCase = { name: string; text: () => string; message: string | RegExp; details?: string[] }

/**
 * Every malformed input we try, with the exact message the user sees. The closing note
 * lists this table, so keep names readable.
 */
export const MALFORMED_CASES: MalformedCase[] = [
  { name: 'plain text "hello"', text: () => 'hello', message: /^This is not valid JSON \(line 1, column 1\): Unexpected token/ },
  { name: 'empty file', text: () => '', message: "The file is empty." },
  { name: 'whitespace only', text: () => '  \n\t', message: "The file is empty." },
  { name: 'truncated JSON', text: () => readFixture('v1-workspace.frameline.json').slice(0, 200), message: /^This is not valid JSON \(line 8, column 3\): the text ends too early/ },
  { name: 'trailing comma', text: () => '{\n  "format": "frameline.workspace",\n}', message: /^This is not valid JSON \(line 2, column 34\): a comma before "}"/ },
  { name: 'single quotes', text: () => "{'format': 'frameline.workspace'}", message: /^This is not valid JSON \(line 1, column 2\):/ },
  { name: 'JSON with a BOM and garbage', text: () => '\uFEFF{ nope }', message: /^This is not valid JSON \(line 1, column 3\):/ },
  { name: 'empty list []', text: () => '[]', message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\", found a list." },
  { name: 'null', text: () => 'null', message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\", found null." },
  { name: 'number 42', text: () => '42', message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\", found a number." },
  { name: 'string "workspace"', text: () => '"workspace"', message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\", found a string." },
  { name: 'true', text: () => 'true', message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\", found a boolean." },
  { name: 'empty object {}', text: () => '{}', message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\"; this object has no \"format\"." },
  { name: 'Postman collection', text: () => JSON.stringify({ info: { _postman_id: 'x', name: 'API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] }), message: "This looks like a Postman collection. Frameline imports only its own workspace files (format \"frameline.workspace\")." },
  { name: 'Postman environment', text: () => JSON.stringify({ id: 'e', name: 'env', values: [], _postman_variable_scope: 'environment' }), message: "This looks like a Postman environment. Frameline imports only its own workspace files (format \"frameline.workspace\")." },
  { name: 'Insomnia export', text: () => JSON.stringify({ _type: 'export', __export_format: 4, resources: [] }), message: "This looks like an Insomnia export. Frameline imports only its own workspace files (format \"frameline.workspace\")." },
  { name: 'Hoppscotch collection', text: () => JSON.stringify({ v: 2, name: 'c', folders: [], requests: [] }), message: "This looks like a Hoppscotch collection. Frameline imports only its own workspace files (format \"frameline.workspace\")." },
  { name: 'wrong format string', text: () => withChange((f) => (f.format = 'frameline.settings')), message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\"; its \"format\" is \"frameline.settings\"." },
  { name: 'format is a number', text: () => withChange((f) => (f.format = 7)), message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\"; its \"format\" is a number." },
  { name: 'format is an object', text: () => withChange((f) => (f.format = { name: 'frameline.workspace' })), message: "This is not a Frameline workspace file: expected a JSON object with \"format\": \"frameline.workspace\"; its \"format\" is an object." },
  { name: 'missing version', text: () => withChange((f) => delete f.version), message: "The file has no \"version\", so Frameline cannot tell how to read it." },
  { name: 'version "1" as a string', text: () => withChange((f) => (f.version = '1')), message: "The file's \"version\" must be a whole number, found a string." },
  { name: 'version 1.5', text: () => withChange((f) => (f.version = 1.5)), message: "The file's \"version\" must be a whole number, found 1.5." },
  { name: 'version -1', text: () => withChange((f) => (f.version = -1)), message: "The file's \"version\" must be a whole number, found -1." },
  { name: 'future version 2', text: () => withChange((f) => (f.version = 2)), message: "This file was made by a newer version of Frameline (file format version 2; this app reads up to version 1). Update Frameline to import it." },
  { name: 'future version 999', text: () => withChange((f) => (f.version = 999)), message: "This file was made by a newer version of Frameline (file format version 999; this app reads up to version 1). Update Frameline to import it." },
  { name: 'missing workspace', text: () => withChange((f) => delete f.workspace), message: "The file has no \"workspace\" object." },
  { name: 'workspace is a list', text: () => withChange((f) => (f.workspace = [])), message: "The file has 1 problem; nothing was imported.", details: ["workspace: must be an object"] },
  { name: 'exportedAt is a number', text: () => withChange((f) => (f.exportedAt = 5)), message: "The file has 1 problem; nothing was imported.", details: ["exportedAt: must be text"] },
  { name: 'connections missing', text: () => withChange((f) => delete f.workspace.connections), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections: is missing"] },
  { name: 'connections is an object', text: () => withChange((f) => (f.workspace.connections = {})), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections: must be a list"] },
  { name: 'url is a number', text: () => withChange((f) => (f.workspace.connections[1].url = 42)), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[1].url: must be text"] },
  { name: 'url with http-less scheme ftp://', text: () => withChange((f) => (f.workspace.connections[1].url = 'ftp://example.test')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[1].url: must start with ws://, wss://, http://, https:// or a {{variable}}"] },
  { name: 'url javascript:', text: () => withChange((f) => (f.workspace.connections[0].url = 'javascript:alert(1)')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].url: must start with ws://, wss://, http://, https:// or a {{variable}}"] },
  { name: 'connection id missing', text: () => withChange((f) => delete f.workspace.connections[0].id), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].id: is missing"] },
  { name: 'connection id empty', text: () => withChange((f) => (f.workspace.connections[0].id = '')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].id: must not be empty"] },
  { name: 'connection id with spaces', text: () => withChange((f) => (f.workspace.connections[0].id = 'a b')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].id: must be visible ASCII characters without spaces"] },
  { name: 'name is null', text: () => withChange((f) => (f.workspace.connections[0].name = null)), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].name: must be text"] },
  { name: 'protocols is a string', text: () => withChange((f) => (f.workspace.connections[0].protocols = 'chat')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].protocols: must be a list of subprotocols"] },
  { name: 'protocol entry is a number', text: () => withChange((f) => (f.workspace.connections[1].protocols = ['ok', 3])), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[1].protocols[1]: must be text"] },
  { name: 'draft mode unknown', text: () => withChange((f) => (f.workspace.connections[0].draft.mode = 'xml')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].draft.mode: must be \"json\", \"text\" or \"binary\""] },
  { name: 'saved message text missing', text: () => withChange((f) => delete f.workspace.connections[0].savedMessages[1].text), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].savedMessages[1].text: is missing"] },
  { name: 'saved message is a string', text: () => withChange((f) => (f.workspace.connections[0].savedMessages[0] = 'Ping')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].savedMessages[0]: must be an object"] },
  { name: 'several wrong fields at once', text: () => withChange((f) => { f.workspace.name = 1; f.workspace.connections[0].url = 'x'; f.workspace.connections[1].draft.mode = 2 }), message: "The file has 3 problems; nothing was imported.", details: ["workspace.name: must be text", "workspace.connections[0].url: must start with ws://, wss://, http://, https:// or a {{variable}}", "workspace.connections[1].draft.mode: must be \"json\", \"text\" or \"binary\""] },
  { name: 'duplicate connection ids', text: () => withChange((f) => (f.workspace.connections[1].id = f.workspace.connections[0].id)), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[1].id: duplicate connection id \"c_echo\" (also used by workspace.connections[0])"] },
  { name: 'duplicate saved message ids', text: () => withChange((f) => (f.workspace.connections[0].savedMessages[2].id = 'm_ping')), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].savedMessages[2].id: duplicate saved message id \"m_ping\" (also used by workspace.connections[0].savedMessages[0])"] },
  { name: 'duplicate JSON keys (last wins, as JSON.parse does)', text: () => readFixture('v1-workspace.frameline.json').replace('"name": "Team sockets"', '"name": "first", "name": "Team sockets"'), message: "OK" },
  { name: '__proto__ at top level', text: () => injectKey(readFixture('v1-workspace.frameline.json'), '"format"', '__proto__'), message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["__proto__: unsafe key \"__proto__\" is not allowed"] },
  { name: 'constructor at top level', text: () => injectKey(readFixture('v1-workspace.frameline.json'), '"format"', 'constructor'), message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["constructor: unsafe key \"constructor\" is not allowed"] },
  { name: '__proto__ inside the workspace', text: () => injectKey(readFixture('v1-workspace.frameline.json'), '"name": "Team sockets"', '__proto__'), message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["workspace.__proto__: unsafe key \"__proto__\" is not allowed"] },
  { name: '__proto__ inside a connection', text: () => injectKey(readFixture('v1-workspace.frameline.json'), '"id": "c_prices"', '__proto__'), message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["workspace.connections[1].__proto__: unsafe key \"__proto__\" is not allowed"] },
  { name: 'constructor inside a saved message', text: () => injectKey(readFixture('v1-workspace.frameline.json'), '"id": "m_hello"', 'constructor'), message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["workspace.connections[0].savedMessages[1].constructor: unsafe key \"constructor\" is not allowed"] },
  { name: 'prototype inside a draft', text: () => readFixture('v1-workspace.frameline.json').replace('"draft": {', '"draft": { "prototype": { "polluted": true },'), message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["workspace.connections[0].draft.prototype: unsafe key \"prototype\" is not allowed"] },
  { name: '__proto__ nested in an unknown field', text: () => withChange((f) => (f.workspace.connections[0].extra = { deep: [{}] })).replace('"deep": [\n', '"deep": [ { "__proto__": { "polluted": true } },\n'), message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["workspace.connections[0].extra.deep[0].__proto__: unsafe key \"__proto__\" is not allowed"] },
  { name: 'deep nesting (100,000 arrays)', text: () => `{"format":"frameline.workspace","version":1,"workspace":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, message: "The file contains something Frameline refuses to import; nothing was imported.", details: ["workspace[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 32 levels deep"] },
  { name: 'file over 20 MB', text: () => `{"format":"frameline.workspace","pad":"${'x'.repeat(LIMITS.fileBytes)}"}`, message: "The file is too large: 20.0 MB (20,971,561 bytes); Frameline imports workspace files up to 20.0 MB (20,971,520 bytes). It was not imported." },
  { name: 'huge name (1 MiB)', text: () => withChange((f) => (f.workspace.connections[0].name = 'n'.repeat(1024 * 1024))), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].name: must be at most 200 characters"] },
  { name: 'huge URL (1 MiB)', text: () => withChange((f) => (f.workspace.connections[0].url = `ws://h/${'u'.repeat(1024 * 1024)}`)), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].url: must be at most 8192 characters"] },
  { name: 'saved payload over 5 MiB', text: () => withChange((f) => (f.workspace.connections[0].savedMessages[0].text = 'p'.repeat(5 * 1024 * 1024 + 1))), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].savedMessages[0].text: must be at most 5242880 characters"] },
  { name: '5,001 connections', text: () => withChange((f) => (f.workspace.connections = Array.from({ length: 5001 }, (_, i) => ({ id: `c${i}`, name: '', url: '' })))), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections: must have at most 5000 connections"] },
  { name: 'timeline message with neither payload', text: () => withChange((f) => (f.workspace.connections[0].timeline = [{ at: 1, direction: 'in', kind: 'message', size: 0 }])), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].timeline[0]: a message needs either \"payload\" (text) or \"payloadBase64\" (binary), not both or neither"] },
  { name: 'timeline entry of unknown kind', text: () => withChange((f) => (f.workspace.connections[0].timeline = [{ at: 1, direction: 'in', kind: 'ping' }])), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].timeline[0].kind: must be \"message\", \"connecting\", \"open\", \"error\" or \"close\""] },
  { name: 'timeline binary that is not base64', text: () => withChange((f) => (f.workspace.connections[0].timeline = [{ at: 1, direction: 'in', kind: 'message', size: 1, payloadBase64: '***' }])), message: "The file has 1 problem; nothing was imported.", details: ["workspace.connections[0].timeline[0].payloadBase64: must be base64"] },
]
