import { createId } from '../lib/create-id.ts'
import type { Connection, Workspace } from '../workspace/model.ts'

/** The demo endpoints `npm run dev` serves next to the app (src/demo-server/). */
export function demoUrl(path: string, pageUrl: string = globalThis.location?.href ?? 'http://localhost:5173/'): string {
  const url = new URL(`demo/${path}`, pageUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''
  return url.toString()
}

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

/** The demo connections of a first-run workspace. */
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
  ]
}
