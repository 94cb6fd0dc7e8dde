import { readFileSync } from 'node:fs'
import type { Frame } from '../../src/engine/frame.ts'
import type { Connection } from '../../src/workspace/model.ts'
import type { WorkspaceContent } from '../../src/workspace/workspace-file.ts'

/** A small, fixed workspace: what the golden v1 fixture was written from. */
export function goldenWorkspace(): WorkspaceContent {
  return {
    name: 'Team sockets',
    connections: [
      connection({
        id: 'c_echo',
        name: 'Local echo',
        url: 'ws://localhost:5173/demo/echo',
        protocols: [],
        draft: { text: '{\n  "type": "ping",\n  "id": 1\n}', mode: 'json' },
        savedMessages: [
          { id: 'm_ping', name: 'Ping', text: '{"type":"ping"}', mode: 'json' },
          { id: 'm_hello', name: 'Hello (text)', text: 'hello, echo', mode: 'text' },
          { id: 'm_bytes', name: 'Bytes', text: 'de ad be ef', mode: 'binary' },
        ],
      }),
      connection({
        id: 'c_prices',
        name: 'Prices — ünïcødé 价格 🚀',
        url: 'wss://example.test/prices?market=BTC-USD',
        protocols: ['graphql-transport-ws'],
        draft: { text: '', mode: 'text' },
        savedMessages: [],
      }),
    ],
  }
}

/** The golden workspace with automatic reconnect on for its first connection only. */
export function autoReconnectWorkspace(): WorkspaceContent {
  const workspace = goldenWorkspace()
  const [first, ...rest] = workspace.connections
  if (!first) throw new Error('the golden workspace has connections')
  return { ...workspace, connections: [{ ...first, autoReconnect: true }, ...rest] }
}

export function connection(fields: Omit<Connection, 'history'> & Partial<Pick<Connection, 'history'>>): Connection {
  return { history: [], ...fields }
}

/** Frames of every kind, binary included, as the engine records them. */
export function sampleFrames(): Frame[] {
  const bytes = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7f])
  return [
    { id: 1, at: 1_700_000_000_000, kind: 'connecting', url: 'ws://localhost:5173/demo/echo', protocols: ['chat'] },
    { id: 2, at: 1_700_000_000_010, kind: 'open', protocol: 'chat', extensions: 'permessage-deflate' },
    { id: 3, at: 1_700_000_000_020, kind: 'message', direction: 'out', payload: '{"type":"ping"}', size: 15 },
    { id: 4, at: 1_700_000_000_030, kind: 'message', direction: 'in', payload: bytes.buffer, size: 6 },
    { id: 5, at: 1_700_000_000_040, kind: 'error', message: 'Not sent: connect first.' },
    { id: 6, at: 1_700_000_000_050, kind: 'close', code: 1000, reason: 'bye', wasClean: true, meaning: 'Normal closure' },
  ]
}

export const FIXED_DATE = new Date('2026-11-22T10:00:00.000Z')

/** Fixture text; vitest runs from the repository root (import.meta.url is not a file: URL under jsdom). */
export function readFixture(name: string): string {
  return readFileSync(`tests/workspace/fixtures/${name}`, 'utf8')
}

/** One connection of each kind with its options, and a Socket.IO emit in draft and saved messages. */
export function transportsWorkspace(): WorkspaceContent {
  return {
    name: 'Protocols',
    connections: [
      connection({ id: 'c_ws', name: 'Plain WebSocket', url: 'ws://localhost:5173/demo/echo', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [] }),
      connection({
        id: 'c_sio',
        name: 'Socket.IO chat',
        url: 'http://localhost:5173',
        protocols: [],
        transport: { kind: 'socket.io', namespace: '/chat', path: '/socket.io/', query: [{ name: 'room', value: 'lobby' }], auth: '{"token":"s3cret","user":"ann"}', transports: 'polling', ackTimeoutMs: 3000, reconnection: true },
        draft: { text: '', mode: 'json', emit: { event: 'echo', args: [{ type: 'json', text: '{"n":1}' }, { type: 'binary', text: 'de ad' }], ack: true, ackTimeoutMs: 1000 } },
        savedMessages: [{ id: 'm_say', name: 'Say hi', text: '', mode: 'json', emit: { event: 'chat', args: [{ type: 'text', text: 'hi' }], ack: false } }],
      }),
      connection({
        id: 'c_sse',
        name: 'LLM stream',
        url: 'https://api.example.test/v1/stream',
        protocols: [],
        transport: {
          kind: 'sse',
          method: 'POST',
          headers: [{ name: 'Authorization', value: 'Bearer abc123' }, { name: 'Content-Type', value: 'application/json' }],
          query: [{ name: 'api_key', value: 'k-1' }, { name: 'model', value: 'small' }],
          body: '{"prompt":"hello","password":"p"}',
          reconnect: false,
        },
        draft: { text: '', mode: 'json' },
        savedMessages: [],
      }),
      connection({ id: 'c_wss', name: 'Slow consumer', url: 'ws://localhost:5173/demo/ticker', protocols: [], transport: { kind: 'websocketstream' }, draft: { text: '', mode: 'json' }, savedMessages: [] }),
    ],
  }
}

/** Every automation field: variables, environments, runner headers, rules, heartbeat, on-open, scenarios. */
export function automationWorkspace(): WorkspaceContent {
  return {
    name: 'Automation',
    variables: [
      { name: 'baseUrl', value: 'ws://localhost:5173' },
      { name: 'token', value: 'workspace-secret', secret: true },
    ],
    environments: [{ id: 'env_staging', name: 'staging', variables: [{ name: 'baseUrl', value: 'wss://staging.example' }, { name: 'token', value: 'staging-secret', secret: true }] }],
    activeEnvironmentId: 'env_staging',
    connections: [
      connection({
        id: 'c_echo',
        name: 'Echo',
        url: '{{baseUrl}}/demo/echo',
        protocols: [],
        headers: [{ name: 'Authorization', value: 'Bearer abc' }, { name: 'X-Trace', value: 'on' }],
        autoResponders: [
          { id: 'r_ping', name: 'Pong', enabled: true, match: { json: [{ path: '$.type', op: 'equals', value: 'ping' }] }, reply: { text: '{"type":"pong","id":"{{pingId}}"}', mode: 'json' }, captures: [{ variable: 'pingId', path: '$.id' }], delayMs: 0 },
        ],
        heartbeat: { enabled: true, intervalMs: 30_000, text: '{"type":"heartbeat"}', mode: 'json' },
        onOpen: [{ delayMs: 0, savedMessageId: 'm_login' }, { delayMs: 100, text: '{"type":"subscribe"}', mode: 'json' }],
        draft: { text: '', mode: 'json' },
        savedMessages: [{ id: 'm_login', name: 'Login', text: '{"type":"login","token":"{{token}}"}', mode: 'json' }],
      }),
    ],
    scenarios: [
      {
        id: 's_login',
        name: 'Login works',
        connection: 'c_echo',
        steps: [
          { type: 'connect', timeoutMs: 5000 },
          { type: 'send', savedMessageId: 'm_login' },
          { type: 'expect', name: 'echoes the login', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'login' }] }, withinMs: 2000, times: { mode: 'atLeast', count: 1 } },
          { type: 'capture', variable: 'echoedType', path: '$.type' },
          { type: 'send', text: '{"type":"{{echoedType}}-again"}', mode: 'json' },
          { type: 'wait', ms: 10 },
          { type: 'expect', match: { contains: 'error' }, withinMs: 100, times: { mode: 'none' } },
          { type: 'close', code: 1000, reason: 'done' },
          { type: 'expectClose', code: 1000, withinMs: 2000 },
        ],
      },
    ],
  }
}
