// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createContractIndex, describeIssue } from '../../../src/engine/contracts/contract-index.ts'
import { createFrameChecker, type ContractSchema } from '../../../src/engine/contracts/frame-check.ts'
import { createFrameIds, type Frame, type MessageFrame } from '../../../src/engine/frame.ts'
import { createFrameLog } from '../../../src/engine/frame-log.ts'
import { createInProcessClient } from '../../../src/engine/host/in-process-client.ts'
import type { RuntimeClient } from '../../../src/engine/host/runtime-client.ts'
import type { SnapshotChanges } from '../../../src/engine/runtime/connection-runtime.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import type { TimelineWindow } from '../../../src/engine/view/timeline-window.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../../support/ws-server.ts'

const CHAT: ContractSchema = {
  name: 'chat.message',
  schema: {
    type: 'object',
    required: ['type', 'text', 'author'],
    properties: { type: { const: 'chat.message' }, text: { type: 'string' }, author: { $ref: '#/definitions/User' } },
    definitions: { User: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^u_' } } } },
  },
}
const PING: ContractSchema = { name: 'ping', schema: { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { const: 'ping' } } } }

const nextId = createFrameIds()
const text = (payload: string, direction: 'in' | 'out' = 'in'): MessageFrame => ({ id: nextId(), at: 1, kind: 'message', direction, payload, size: payload.length })

describe('checking frames against message schemas', () => {
  const check = createFrameChecker([CHAT, PING])!

  it('passes a frame that matches any schema, and says nothing of binary frames and events', () => {
    expect(check(text('{"type":"ping"}'))).toBeNull()
    expect(check(text('{"type":"chat.message","text":"hi","author":{"id":"u_1"}}', 'out'))).toBeNull()
    expect(check({ id: nextId(), at: 1, kind: 'message', direction: 'in', payload: new Uint8Array([1]).buffer, size: 1 })).toBeNull()
    expect(check({ id: nextId(), at: 1, kind: 'open', protocol: '', extensions: '' })).toBeNull()
  })

  it('flags a frame matching none with the closest schema and its first error (path and message)', () => {
    const issue = check(text('{"type":"chat.message","text":"hi","author":{"id":"x"}}'))
    expect(issue).toEqual({ schema: 'chat.message', path: 'author.id', message: 'String does not match pattern' })
    expect(describeIssue(issue!)).toBe('chat.message · author.id: String does not match pattern')
    expect(check(text('{"type":"chat.message","text":5,"author":{"id":"u_1"}}'))).toEqual({ schema: 'chat.message', path: 'text', message: 'must be string, found number' })
    expect(check(text('{"type":"ping","extra":1}'))).toMatchObject({ schema: 'ping', path: 'extra', message: 'is not allowed here' })
  })

  it('says when a text frame is not JSON at all', () => {
    expect(check(text('hello'))).toMatchObject({ schema: null, path: '', message: expect.stringMatching(/^not JSON/) })
  })

  it('checks a Socket.IO event by its first argument', () => {
    const frame: Frame = { ...text('42["ping",{"type":"pong"}]'), detail: { transport: 'socket.io', event: 'ping', args: [{ type: 'json', json: '{"type":"pong"}' }] } }
    expect(check(frame)).toMatchObject({ schema: 'ping', path: 'type' })
  })

  it('reports a schema that cannot be used instead of throwing', () => {
    const broken = createFrameChecker([{ name: 'broken', schema: { $ref: '#/definitions/Nowhere' } }])!
    expect(broken(text('{}'))).toMatchObject({ schema: 'broken', message: expect.stringMatching(/^the schema cannot be used: Unresolved \$ref "#\/definitions\/Nowhere"/) })
  })

  it('has no checker without schemas', () => {
    expect(createFrameChecker([])).toBeNull()
  })
})

describe('the contract index', () => {
  it('counts invalid frames incrementally, forgets frames retention drops, and starts over on clear and new schemas', () => {
    const log = createFrameLog({ maxFrames: 4, maxBytes: 1 << 30 })
    let checker = createFrameChecker([PING])
    const index = createContractIndex(() => log, () => checker)
    log.append(text('{"type":"ping"}'))
    log.append(text('{"type":"pong"}'))
    log.append(text('nope'))
    expect(index.sync()).toBe(false)
    expect(index.stats()).toEqual({ invalid: 2, complete: true })
    expect(index.issueAt(1, log.at(1)!)).toMatchObject({ path: 'type' })
    expect(index.issueAt(0, log.at(0)!)).toBeNull()
    // Three more: the oldest two leave the log (retention 4), and with them one invalid frame.
    log.append(text('{"type":"ping"}'))
    log.append(text('{"type":"ping"}'))
    log.append(text('{"type":"x"}'))
    index.sync()
    expect(log.dropped()).toBe(2)
    expect(index.stats()).toEqual({ invalid: 2, complete: true })
    checker = createFrameChecker([{ name: 'any', schema: true }])
    index.sync()
    expect(index.stats()).toEqual({ invalid: 1, complete: true }) // only "nope": not JSON
    log.clear()
    index.sync()
    expect(index.stats()).toEqual({ invalid: 0, complete: true })
    checker = null
    expect(index.stats()).toBeNull()
  })

  it('checks within its budget and finishes on later syncs', () => {
    const log = createFrameLog({ maxFrames: 100_000, maxBytes: 1 << 30 })
    const checker = createFrameChecker([PING])
    const index = createContractIndex(() => log, () => checker)
    for (let i = 0; i < 20_000; i++) log.append(text(i % 2 === 0 ? '{"type":"ping"}' : '{"type":"pong"}'))
    let rounds = 0
    while (index.sync(1)) rounds += 1
    expect(rounds).toBeGreaterThan(0)
    expect(index.stats()).toEqual({ invalid: 10_000, complete: true })
  })
})

const clients: RuntimeClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose()
  await closeAllServers()
})

describe('frames of a live connection, checked next to the log', () => {
  it('flags invalid sent and echoed frames on their rows, counts them, and filters to them', async () => {
    const server = await startWsServer()
    const client = createInProcessClient({
      transports: [createWebSocketTransport({ createSocket: createNodeSocket }), createListTransport()],
      schedule: (run: () => void) => void setTimeout(run, 0),
      delay: (run: () => void) => run(),
    })
    clients.push(client)
    let framesIn = 0
    let status = ''
    client.onChange(({ changed }: SnapshotChanges) => {
      const snapshot = changed.get('c1')
      if (snapshot) {
        framesIn = snapshot.stats.framesIn
        status = snapshot.status
      }
    })
    client.configure('c1', { spec: { transport: 'websocket', url: server.url('/echo'), protocols: [] }, autoReconnect: false, schemas: [CHAT, PING] })
    let all: TimelineWindow | undefined
    let invalid: TimelineWindow | undefined
    client.openView('c1', { direction: 'all', query: '' }, { follow: true, first: 0, count: 50, selectedSeq: null }, (w) => (all = w))
    client.openView('c1', { direction: 'all', query: '', invalidOnly: true }, { follow: true, first: 0, count: 50, selectedSeq: null }, (w) => (invalid = w))
    expect(await client.connect('c1')).toEqual({ ok: true })
    await waitFor(() => status === 'open', 'open')
    for (const [n, payload] of ['{"type":"ping"}', '{"type":"chat.message","text":"hi","author":{"id":"nobody"}}'].entries()) {
      expect(await client.send('c1', payload)).toEqual({ ok: true })
      await waitFor(() => framesIn === n + 1, `echo ${n + 1}`)
    }
    await waitFor(() => invalid?.count === 2 && all?.contract?.invalid === 2, 'both copies of the invalid message flagged')
    const messages = all?.rows.filter((r) => r.kind === 'message') ?? []
    expect(messages.map((r) => [r.tone, r.issue && describeIssue(r.issue)])).toEqual([
      ['out', null],
      ['in', null],
      ['out', 'chat.message · author.id: String does not match pattern'],
      ['in', 'chat.message · author.id: String does not match pattern'],
    ])
    expect(invalid?.rows.map((r) => r.tone)).toEqual(['out', 'in'])
    expect(all?.contract).toEqual({ invalid: 2, complete: true })

    // Schemas removed: nothing is checked, and the rows say so at once.
    client.configure('c1', { spec: { transport: 'websocket', url: server.url('/echo'), protocols: [] }, autoReconnect: false })
    await waitFor(() => all?.contract === null, 'checks gone')
    expect(all?.rows.every((r) => r.issue === null)).toBe(true)
  })
})
