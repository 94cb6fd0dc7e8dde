// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import type { ConnectionConfig } from '../../../src/engine/runtime/connection-runtime.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import type { TimelineWindow } from '../../../src/engine/view/timeline-window.ts'
import { createNodeSocket, waitFor } from '../../support/ws-server.ts'

// Pairing by the user's JSON paths through the whole runtime: a real ws server on 127.0.0.1
// port 0 answers {"id": N} with {"replyTo": N} after a delay that grows with N.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const DELAY_MS = 25

async function replyingServer(): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const timers = new Set<ReturnType<typeof setTimeout>>()
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        for (const client of wss.clients) client.terminate()
        wss.close(() => resolve())
      }),
  )
  wss.on('connection', (socket) => {
    socket.send('hello, not JSON')
    socket.on('message', (data) => {
      const { id } = JSON.parse(data.toString()) as { id: number }
      // 99 is never answered.
      if (id === 99) return
      const timer = setTimeout(() => {
        timers.delete(timer)
        socket.send(JSON.stringify({ replyTo: id, ok: true }))
      }, DELAY_MS * id)
      timers.add(timer)
    })
  })
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error('expected a port')
  return `ws://127.0.0.1:${address.port}/`
}

function runtimeClient(): InProcessClient {
  const client = createInProcessClient({
    transports: [createWebSocketTransport({ createSocket: createNodeSocket })],
    schedule: (run) => void setTimeout(run, 0),
    delay: (run) => run(),
  })
  cleanups.push(() => client.dispose())
  return client
}

function watch(client: InProcessClient, id: string): () => TimelineWindow | undefined {
  let latest: TimelineWindow | undefined
  const view = client.openView(id, { direction: 'all', query: '' }, { follow: true, first: 0, count: 200, selectedSeq: null }, (w) => {
    latest = w
  })
  cleanups.push(() => view.close())
  return () => latest
}

const config = (url: string, pairing?: ConnectionConfig['pairing']): ConnectionConfig => ({
  spec: { transport: 'websocket', url, protocols: [] },
  autoReconnect: false,
  ...(pairing ? { pairing } : {}),
})

describe('pairing by JSON paths over a real WebSocket', () => {
  it('times each reply from its request and computes p50, p95, max and unanswered', async () => {
    const url = await replyingServer()
    const client = runtimeClient()
    client.configure('p', config(url, { request: '$.id', reply: '$.replyTo' }))
    const latest = watch(client, 'p')
    await client.connect('p')
    await waitFor(() => client.runtime.snapshot('p').status === 'open', 'open')
    for (const id of [3, 1, 2, 99]) await client.send('p', JSON.stringify({ id }))
    await waitFor(() => (latest()?.latency.count ?? 0) === 3, 'three replies paired')

    const window = latest()!
    const messages = window.rows.filter((row) => row.kind === 'message')
    const replies = messages.filter((row) => row.latencyMs !== null)
    const byRequest = new Map(replies.map((reply) => [messages.find((row) => row.seq === reply.partnerSeq)!.preview, reply]))
    // Each reply is at least its server-side delay after its own request, and says so in its row.
    for (const id of [1, 2, 3]) {
      const reply = byRequest.get(`{"id":${id}}`)
      expect(reply, `reply to ${id}`).toBeDefined()
      expect(reply!.latencyMs!).toBeGreaterThanOrEqual(DELAY_MS * id - 1)
      expect(reply!.preview).toBe(`{"replyTo":${id},"ok":true} · ${reply!.latencyMs} ms`)
      // And the request points at its reply: the detail pane's jump.
      expect(messages.find((row) => row.seq === reply!.partnerSeq)?.partnerSeq).toBe(reply!.seq)
    }
    const sorted = replies.map((row) => row.latencyMs!).sort((a, b) => a - b)
    expect(window.latency).toEqual({ count: 3, p50: sorted[1], p95: sorted[2], max: sorted[2], unanswered: 1, complete: true })
    // The greeting is not JSON: shown, never paired.
    expect(messages.find((row) => row.preview === 'hello, not JSON')).toMatchObject({ partnerSeq: null, latencyMs: null })

    // Clearing the paths starts over: a raw connection pairs nothing.
    client.configure('p', config(url))
    await waitFor(() => latest()?.latency.count === 0, 'pairing gone')
    expect(latest()!.latency).toMatchObject({ count: 0, unanswered: 0 })
    expect(latest()!.rows.every((row) => row.partnerSeq === null)).toBe(true)

    // Paths that match nothing the server sends: every request stays unanswered.
    client.configure('p', config(url, { request: '$.id', reply: '$.id' }))
    await waitFor(() => latest()?.latency.unanswered === 4, 'requests without replies')
    expect(latest()!.latency.count).toBe(0)
  })
})
