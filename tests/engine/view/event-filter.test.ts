// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createConnectionRuntime, type ConnectionRuntime } from '../../../src/engine/runtime/connection-runtime.ts'
import { createSocketIoTransport } from '../../../src/engine/transports/socket-io/socket-io-transport.ts'
import { createFrameView, eventNameOf } from '../../../src/engine/view/frame-view.ts'
import { closeAllSocketIoServers, startSocketIoServer } from '../../support/socket-io-server.ts'
import { waitFor } from '../../support/ws-server.ts'

const runtimes: ConnectionRuntime[] = []
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) runtime.dispose()
  await closeAllSocketIoServers()
})

describe('event filter next to the log (real socket.io server)', () => {
  it('lists the event names seen in order of first sight, and a view shows only the chosen events', async () => {
    const server = await startSocketIoServer()
    server.io.on('connection', (socket) => {
      socket.emit('tick', 1)
      socket.emit('price', { p: 10 })
      socket.emit('tick', 2)
      socket.emit('news', 'hello')
      socket.emit('price', { p: 11 })
    })
    const runtime = createConnectionRuntime({ transports: [createSocketIoTransport()], schedule: (run) => run(), delay: (run) => run() })
    runtimes.push(runtime)
    runtime.configure('s', {
      spec: { transport: 'socket.io', url: server.url, namespace: '/', path: '/socket.io/', query: [], auth: '', transports: 'websocket', ackTimeoutMs: 2000, reconnection: false },
      autoReconnect: false,
    })
    expect(runtime.eventNames('s')).toEqual([])
    runtime.connect('s')
    const log = () => runtime.log('s')
    await waitFor(() => (log()?.toArray() ?? []).filter((f) => f.kind === 'message').length === 5, 'five events')
    expect(runtime.eventNames('s')).toEqual(['tick', 'price', 'news'])

    const all = log()!
    const prices = createFrameView(all, { direction: 'all', query: '', events: ['price'] })
    const { count } = prices.sync()
    const shown = Array.from({ length: count }, (_, row) => prices.frameAt(row))
    expect(shown.map((f) => (f ? eventNameOf(f) : null))).toEqual(['price', 'price'])
    expect(shown.map((f) => (f?.kind === 'message' ? f.payload : null))).toEqual(['["price",{"p":10}]', '["price",{"p":11}]'])

    // Names combine with the search, and lifecycle frames (connect, transport) have no event name.
    const both = createFrameView(all, { direction: 'in', query: '11', events: ['price', 'tick'] })
    expect(both.sync().count).toBe(1)
    const none = createFrameView(all, { direction: 'events', query: '', events: ['tick'] })
    expect(none.sync().count).toBe(0)
    // With a JSON field query the chosen events still narrow it: every event has a second
    // element, only the two prices are shown, and a field predicate picks among them.
    expect(createFrameView(all, { direction: 'all', query: '$[1] exists', events: [] }).sync().count).toBe(5)
    expect(createFrameView(all, { direction: 'all', query: '$[1] exists', events: ['price'] }).sync().count).toBe(2)
    expect(createFrameView(all, { direction: 'all', query: '$[1].p > 10', events: ['price'] }).sync().count).toBe(1)
    // An empty list filters nothing.
    expect(createFrameView(all, { direction: 'all', query: '', events: [] }).sync().count).toBe(all.length())

    // Names survive a clear: the filter can still offer what the connection has spoken.
    runtime.clear('s')
    expect(runtime.eventNames('s')).toEqual(['tick', 'price', 'news'])
  })
})
