import type { CodecId } from './codec.ts'

/** A message to start from, written exactly as the protocol frames it (STOMP's NUL included). */
export type ProtocolTemplate = {
  readonly id: string
  readonly protocol: CodecId
  readonly label: string
  readonly mode: 'json' | 'text'
  /** Builds the text; `nextId` gives a fresh request id where the protocol needs one. */
  build(nextId: () => number): string
}

const NUL = '\u0000'

/** STOMP 1.2 frames: command, headers, a blank line, the body, then NUL (spec: "STOMP Frames"). */
function stomp(command: string, headers: [string, string][], body = ''): string {
  return `${command}\n${headers.map(([name, value]) => `${name}:${value}`).join('\n')}\n\n${body}${NUL}`
}

export const PROTOCOL_TEMPLATES: readonly ProtocolTemplate[] = [
  {
    id: 'stomp-connect',
    protocol: 'stomp',
    label: 'STOMP CONNECT',
    mode: 'text',
    build: () => stomp('CONNECT', [['accept-version', '1.2'], ['host', 'localhost'], ['heart-beat', '0,0']]),
  },
  {
    id: 'stomp-subscribe',
    protocol: 'stomp',
    label: 'STOMP SUBSCRIBE',
    mode: 'text',
    build: (nextId) => stomp('SUBSCRIBE', [['id', `sub-${nextId()}`], ['destination', '/topic/example'], ['ack', 'auto']]),
  },
  {
    id: 'stomp-send',
    protocol: 'stomp',
    label: 'STOMP SEND',
    mode: 'text',
    build: (nextId) => stomp('SEND', [['destination', '/topic/example'], ['content-type', 'application/json'], ['receipt', `r-${nextId()}`]], '{"hello":"world"}'),
  },
  {
    id: 'graphql-init',
    protocol: 'graphql-transport-ws',
    label: 'GraphQL connection_init',
    mode: 'json',
    build: () => JSON.stringify({ type: 'connection_init', payload: {} }),
  },
  {
    id: 'graphql-subscribe',
    protocol: 'graphql-transport-ws',
    label: 'GraphQL subscribe',
    mode: 'json',
    build: (nextId) => JSON.stringify({ id: String(nextId()), type: 'subscribe', payload: { query: 'subscription { example }' } }, null, 2),
  },
  {
    id: 'jsonrpc-request',
    protocol: 'json-rpc',
    label: 'JSON-RPC request',
    mode: 'json',
    build: (nextId) => JSON.stringify({ jsonrpc: '2.0', id: nextId(), method: 'example', params: [] }, null, 2),
  },
]
