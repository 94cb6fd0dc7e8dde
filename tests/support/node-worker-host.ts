/**
 * The Worker entry's twin for Node: the same runtime and command server, in a worker_threads
 * thread, on `ws` instead of the browser's WebSocket. Messages cross a real thread boundary with
 * structured cloning, as they do between the page and the app's dedicated Worker.
 */
import { parentPort } from 'node:worker_threads'
import WebSocket from 'ws'
import type { Command } from '../../src/engine/host/protocol.ts'
import { createRuntimeServer } from '../../src/engine/host/runtime-server.ts'
import { createConnectionRuntime } from '../../src/engine/runtime/connection-runtime.ts'
import { createListTransport } from '../../src/engine/transports/list/list-transport.ts'
import type { WebSocketLike } from '../../src/engine/transports/websocket/socket-session.ts'
import { createWebSocketTransport } from '../../src/engine/transports/websocket/websocket-transport.ts'

const port = parentPort
if (!port) throw new Error('node-worker-host runs only as a worker thread')

const runtime = createConnectionRuntime({
  transports: [
    createWebSocketTransport({ createSocket: (url, protocols) => new WebSocket(url, [...protocols]) as unknown as WebSocketLike }),
    createListTransport(),
  ],
  schedule: (run) => void setTimeout(run, 0),
  delay: (run) => run(),
})
const server = createRuntimeServer(runtime, (event) => port.postMessage(event))
port.on('message', (command: Command) => server.handle(command))
port.postMessage({ type: 'ready' })
