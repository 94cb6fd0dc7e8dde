import { createId } from '../lib/create-id.ts'
import { DEFAULT_SOCKET_IO_OPTIONS, DEFAULT_SSE_OPTIONS, type Connection, type EmitDraft, type Workspace } from '../workspace/model.ts'

/** The demo endpoints `npm run dev` serves next to the app (src/demo-server/). */
export function demoUrl(path: string, pageUrl: string = globalThis.location?.href ?? 'http://localhost:5173/'): string {
  const url = new URL(`demo/${path}`, pageUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''
  return url.toString()
}

/**
 * The page's own origin as http(s), where the demo's Socket.IO server (path /socket.io/) and its
 * event streams (demo/sse/…) answer; an SSE URL keeps the app's sub-path like demoUrl does.
 */
export function demoHttpUrl(path: string, pageUrl: string = globalThis.location?.href ?? 'http://localhost:5173/'): string {
  const url = new URL(path === '' ? '/' : `demo/${path}`, pageUrl)
  url.search = ''
  url.hash = ''
  return path === '' ? url.origin : url.toString()
}

const ECHO_EMIT: EmitDraft = { event: 'echo', args: [{ type: 'json', text: '{\n  "hello": "socket.io"\n}' }, { type: 'text', text: 'second argument' }], ack: true }

export function createConnection(fields: Partial<Connection> = {}): Connection {
  return {
    id: createId('c_'),
    name: 'New connection',
    url: '',
    protocols: [],
    draft: { text: '{\n  "type": "hello"\n}', mode: 'json' },
    savedMessages: [],
    history: [],
    ...fields,
  }
}

export type FirstRunOptions = {
  /**
   * Whether the demo endpoints exist where the app is served (src/features/hosting/). Default
   * true. Without them (a static host) the workspace starts empty and the app explains the demo
   * instead of offering connections that would fail with 1006 on the first click.
   */
  demo?: boolean
}

/** What a newcomer sees first: ready connections to the local demo server, so Connect just works. */
export function createFirstRunWorkspace({ demo = true }: FirstRunOptions = {}): Workspace {
  return {
    id: createId('w_'),
    name: 'My workspace',
    connections: demo ? createDemoConnections() : [],
  }
}

/**
 * The demo connections of a first-run workspace: one ready connection per kind (WebSocket echo,
 * ticker and chat; Socket.IO, Server-Sent Events and WebSocketStream), all to src/demo-server/.
 */
export function createDemoConnections(): Connection[] {
  return [
    createConnection({
      name: 'Demo echo',
      url: demoUrl('echo'),
      draft: { text: '{\n  "type": "ping",\n  "id": 1\n}', mode: 'json' },
      savedMessages: [
        { id: createId('m_'), name: 'Ping', text: '{\n  "type": "ping",\n  "id": 1\n}', mode: 'json' },
        { id: createId('m_'), name: 'Hello (text)', text: 'hello, echo', mode: 'text' },
        { id: createId('m_'), name: 'Bytes (hex)', text: 'de ad be ef 00 01 02 7f', mode: 'binary' },
      ],
    }),
    createConnection({ name: 'Demo ticker', url: demoUrl('ticker'), draft: { text: '', mode: 'json' } }),
    createConnection({
      name: 'Demo chat',
      url: demoUrl('chat'),
      draft: { text: '{\n  "user": "me",\n  "text": "hi all"\n}', mode: 'json' },
    }),
    createConnection({
      name: 'Demo Socket.IO',
      url: demoHttpUrl(''),
      transport: { ...DEFAULT_SOCKET_IO_OPTIONS, namespace: '/demo' },
      draft: { text: '', mode: 'json', emit: ECHO_EMIT },
      savedMessages: [
        { id: createId('m_'), name: 'Echo with an ack', text: '', mode: 'json', emit: ECHO_EMIT },
        { id: createId('m_'), name: 'Chat (broadcast)', text: '', mode: 'json', emit: { event: 'chat', args: [{ type: 'json', text: '{\n  "user": "me",\n  "text": "hi all"\n}' }], ack: false } },
      ],
    }),
    createConnection({ name: 'Demo SSE ticker', url: demoHttpUrl('sse/ticker'), transport: { ...DEFAULT_SSE_OPTIONS }, draft: { text: '', mode: 'text' } }),
    createConnection({
      name: 'Demo WebSocketStream',
      url: demoUrl('echo'),
      transport: { kind: 'websocketstream' },
      draft: { text: '{\n  "type": "ping",\n  "id": 1\n}', mode: 'json' },
    }),
  ]
}

/** Whether a connection talks to this host's demo server (its WebSockets, event streams or Socket.IO namespaces). */
export function isDemoConnection(connection: Pick<Connection, 'url' | 'transport'>, pageUrl?: string): boolean {
  if (connection.url.startsWith(demoUrl('', pageUrl)) || connection.url.startsWith(demoHttpUrl('sse/', pageUrl))) return true
  const transport = connection.transport
  return transport?.kind === 'socket.io' && connection.url.replace(/\/$/, '') === demoHttpUrl('', pageUrl) && (transport.namespace === '/demo' || transport.namespace === '/secure')
}
