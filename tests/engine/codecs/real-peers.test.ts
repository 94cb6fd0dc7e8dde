// @vitest-environment node
import { Client as StompClient } from '@stomp/stompjs'
import type * as GraphQL from 'graphql'
import type * as GraphQLWsServer from 'graphql-ws/use/ws'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { stompCodec } from '../../../src/engine/codecs/stomp.ts'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import type { ConnectionConfig } from '../../../src/engine/runtime/connection-runtime.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import type { TimelineWindow } from '../../../src/engine/view/timeline-window.ts'
import { createNodeSocket, waitFor } from '../../support/ws-server.ts'

// graphql-ws's ws adapter is CommonJS under vitest: graphql is loaded the same way, or the schema
// comes from "another module or realm" (graphql's instanceof check).
const require = createRequire(import.meta.url)
const { buildSchema } = require('graphql') as typeof GraphQL
const { useServer } = require('graphql-ws/use/ws') as typeof GraphQLWsServer

// The decoders against real implementations: graphql-ws's own server, @stomp/stompjs, and a
// JSON-RPC responder, each on 127.0.0.1 port 0; Frameline's runtime is the client.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function listen(options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close(() => resolve())
      }),
  )
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error('expected a port')
  return { wss, url: `ws://127.0.0.1:${address.port}/` }
}

function runtimeClient(): InProcessClient {
  const client = createInProcessClient({
    transports: [createWebSocketTransport({ createSocket: createNodeSocket }), createListTransport()],
    schedule: (run) => void setTimeout(run, 0),
    delay: (run) => run(),
  })
  cleanups.push(() => client.dispose())
  return client
}

/** Opens a following view of every frame and returns a getter for the latest row previews. */
function watchRows(client: InProcessClient, id: string): () => string[] {
  let latest: TimelineWindow | undefined
  const view = client.openView(id, { direction: 'all', query: '' }, { follow: true, first: 0, count: 200, selectedSeq: null }, (w) => {
    latest = w
  })
  cleanups.push(() => view.close())
  return () => latest?.rows.filter((row) => row.kind === 'message').map((row) => row.preview) ?? []
}

const config = (url: string, protocols: string[], decoder?: ConnectionConfig['decoder']): ConnectionConfig => ({
  spec: { transport: 'websocket', url, protocols },
  autoReconnect: false,
  ...(decoder ? { decoder } : {}),
})

describe('decoders against real peers', () => {
  it("reads a graphql-ws server's subscription, detected from the negotiated graphql-transport-ws", async () => {
    const schema = buildSchema('type Query { hello: String } type Subscription { greetings: String }')
    const roots = {
      query: { hello: () => 'world' },
      subscription: {
        greetings: async function* () {
          for (const hi of ['Hi', 'Bonjour', 'Hola']) yield { greetings: hi }
        },
      },
    }
    const { wss, url } = await listen()
    const server = useServer({ schema, roots }, wss)
    cleanups.push(() => server.dispose())

    const client = runtimeClient()
    client.configure('g', config(url, ['graphql-transport-ws']))
    const rows = watchRows(client, 'g')
    expect(await client.connect('g')).toEqual({ ok: true })
    await waitFor(() => client.runtime.snapshot('g').status === 'open', 'open')
    expect(client.runtime.snapshot('g').protocol).toBe('graphql-transport-ws')
    await client.send('g', JSON.stringify({ type: 'connection_init' }))
    await waitFor(() => rows().includes('graphql connection_ack'), 'the ack')
    await client.send('g', JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription Greet { greetings }' } }))
    await waitFor(() => rows().includes('graphql complete #1'), 'the subscription to complete')
    expect(rows()).toEqual([
      'graphql connection_init',
      'graphql connection_ack',
      'graphql subscribe #1 subscription Greet',
      // The first item is timed from the subscribe (paired by operation id).
      expect.stringMatching(/^graphql next #1 · \d+ ms$/),
      'graphql next #1',
      'graphql next #1',
      'graphql complete #1',
    ])
    // seq counts every frame: connecting, open, init, ack, subscribe, then the first next.
    const next = await client.decode('g', 5)
    expect(next?.decoding).toMatchObject({ ok: true, messages: [{ value: { type: 'next', id: '1', payload: { data: { greetings: 'Hi' } } } }] })
  })

  it('decodes what @stomp/stompjs sends and what a STOMP responder answers, byte-exact', async () => {
    const { wss, url } = await listen({ handleProtocols: (offered) => (offered.has('v12.stomp') ? 'v12.stomp' : false) })
    const seenByServer: string[] = []
    wss.on('connection', (socket) => {
      socket.on('message', (data, isBinary) => {
        const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()
        seenByServer.push(text)
        const command = text.replace(/^\n+/, '').split('\n')[0]
        if (command === 'CONNECT' || command === 'STOMP') socket.send('CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0')
        if (command === 'SUBSCRIBE') {
          socket.send('MESSAGE\nsubscription:sub-0\nmessage-id:1\ndestination:/topic/prices\ncontent-type:application/json\n\n{"price":1.5}\0')
          // Two frames and a heart-beat in one WebSocket message, as brokers batch them.
          socket.send('MESSAGE\nsubscription:sub-0\nmessage-id:2\ndestination:/topic/prices\n\n2\0\nMESSAGE\nsubscription:sub-0\nmessage-id:3\ndestination:/topic/prices\n\n3\0')
        }
        const receipt = /\nreceipt:([^\n]+)/.exec(text)?.[1]
        if (receipt) socket.send(`RECEIPT\nreceipt-id:${receipt}\n\n\0`)
      })
    })

    // A real STOMP client's frames, as the server received them.
    const stomp = new StompClient({
      webSocketFactory: () => new WebSocket(url, ['v12.stomp']),
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
    })
    cleanups.push(() => stomp.deactivate())
    const connected = new Promise<void>((resolve) => {
      stomp.onConnect = () => resolve()
    })
    stomp.activate()
    await connected
    stomp.subscribe('/topic/prices', () => {})
    stomp.publish({ destination: '/queue/orders', body: 'héllo', headers: { receipt: 'r-1' } })
    stomp.publish({ destination: '/queue/bytes', binaryBody: new Uint8Array([0x61, 0x00, 0x62]) })
    await waitFor(() => seenByServer.length >= 4, 'four client frames at the server')
    const decodedCommands = seenByServer.map((text) => {
      const decoding = stompCodec.decode(text, 'out')
      if (!decoding.ok) throw new Error(`${decoding.error}: ${JSON.stringify(text)}`)
      return decoding.messages.map((m) => m.summary)
    })
    expect(decodedCommands.flat()).toEqual(['STOMP CONNECT', 'STOMP SUBSCRIBE /topic/prices', 'STOMP SEND /queue/orders', 'STOMP SEND /queue/bytes'])
    const withNul = stompCodec.decode(seenByServer[3]!, 'out')
    expect(withNul.ok && withNul.messages[0]?.value).toMatchObject({ body: 'a\0b', headers: { 'content-length': '3' } })

    // Frameline as the client: detected from v12.stomp, batched frames each named.
    const client = runtimeClient()
    client.configure('s', config(url, ['v12.stomp']))
    const rows = watchRows(client, 's')
    await client.connect('s')
    await waitFor(() => client.runtime.snapshot('s').status === 'open', 'open')
    await client.send('s', 'CONNECT\naccept-version:1.2\nhost:localhost\n\n\0')
    await waitFor(() => rows().includes('STOMP CONNECTED'), 'CONNECTED')
    await client.send('s', 'SUBSCRIBE\nid:sub-0\ndestination:/topic/prices\nreceipt:77\n\n\0')
    await waitFor(() => rows().length >= 6, 'messages and the receipt')
    expect(rows()).toEqual([
      'STOMP CONNECT',
      'STOMP CONNECTED',
      'STOMP SUBSCRIBE /topic/prices',
      'STOMP MESSAGE /topic/prices',
      'STOMP MESSAGE /topic/prices · STOMP heart-beat · STOMP MESSAGE /topic/prices',
      expect.stringMatching(/^STOMP RECEIPT 77 · \d+ ms$/),
    ])
  })

  it('pairs JSON-RPC requests and replies over ws with the decoder chosen by hand', async () => {
    const { wss, url } = await listen()
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const requests = JSON.parse(data.toString()) as { id?: number; method: string; params: number[] }[]
        const answers = requests
          .filter((r) => r.id !== undefined)
          .map((r) => (r.method === 'sum' ? { jsonrpc: '2.0', id: r.id, result: r.params.reduce((a, b) => a + b, 0) } : { jsonrpc: '2.0', id: r.id, error: { code: -32601, message: 'Method not found' } }))
        socket.send(JSON.stringify(answers))
      })
    })
    const client = runtimeClient()
    client.configure('r', config(url, [], 'json-rpc'))
    const rows = watchRows(client, 'r')
    await client.connect('r')
    await waitFor(() => client.runtime.snapshot('r').status === 'open', 'open')
    await client.send('r', JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'sum', params: [1, 2, 3] },
      { jsonrpc: '2.0', method: 'log', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'nope', params: [] },
    ]))
    await waitFor(() => rows().length === 2, 'the batch answer')
    expect(rows()).toEqual([
      'rpc batch of 3: rpc request #1 sum · rpc notification log · rpc request #2 nope',
      expect.stringMatching(/^rpc batch of 2: rpc result #1 · rpc error #2 -32601 Method not found · \d+ ms$/),
    ])
    const answer = await client.decode('r', 3)
    expect(answer?.decoding.ok && answer.decoding.messages.map((m) => m.pairKey)).toEqual(['rpc:1', 'rpc:2'])
  })
})
