// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createInProcessClient, type InProcessClient } from '../../../src/engine/host/in-process-client.ts'
import type { RuntimeClient } from '../../../src/engine/host/runtime-client.ts'
import type { ScenarioRunRequest } from '../../../src/engine/host/scenario-protocol.ts'
import { createWorkerClient } from '../../../src/engine/host/worker-client.ts'
import { nodeWorker } from '../../support/node-worker.ts'
import type { Scenario } from '../../../src/engine/scenario/model.ts'
import type { ScenarioReport } from '../../../src/engine/scenario/report.ts'
import { createListTransport } from '../../../src/engine/transports/list/list-transport.ts'
import { createWebSocketTransport } from '../../../src/engine/transports/websocket/websocket-transport.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../../support/ws-server.ts'

// The runScenario/cancelScenario round trip through the host protocol: the same scenario, real
// echo server on 127.0.0.1, through the in-process host and through a real worker thread.

const clients: RuntimeClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose()
  await closeAllServers()
})

const deps = () => ({
  transports: [createWebSocketTransport({ createSocket: createNodeSocket }), createListTransport()],
  schedule: (run: () => void) => void setTimeout(run, 0),
  delay: (run: () => void) => run(),
})

function local(): InProcessClient {
  const client = createInProcessClient(deps())
  clients.push(client)
  return client
}

const PING = { text: '{"type":"ping","id":7}', mode: 'json' as const }

function request(scenario: Scenario, variables: [string, string][]): ScenarioRunRequest {
  return {
    scenario,
    variables,
    secrets: [],
    connectionNames: [['c1', 'Echo']],
    savedMessages: [['m_ping', PING]],
  }
}

const passing: Scenario = {
  id: 's1',
  name: 'echo round trip',
  connection: 'c1',
  steps: [
    { type: 'connect' },
    { type: 'send', savedMessageId: 'm_ping' },
    { type: 'expect', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'ping' }] }, withinMs: 3000 },
    { type: 'capture', variable: 'pingId', path: '$.id' },
    { type: 'send', text: 'got {{pingId}}', mode: 'text' },
    { type: 'expect', match: { direction: 'in', contains: 'got 7' }, withinMs: 3000 },
    { type: 'close', code: 1000 },
  ],
}

async function runThrough(client: RuntimeClient, url: string, scenario: Scenario) {
  // The configured URL is a template: the run expands it with the variables it was given.
  client.configure('c1', { spec: { transport: 'websocket', url: '{{base}}/echo', protocols: [] }, autoReconnect: false })
  const progress: ScenarioReport[] = []
  const handle = client.runScenario(request(scenario, [['base', url]]), (report) => progress.push(report))
  const report = await handle.done
  return { report, progress, frames: await client.frames('c1') }
}

describe('scenario runs through the host protocol', () => {
  it('runs a scenario next to the runtime: live progress, a final report, traffic in the connection’s timeline', async () => {
    const server = await startWsServer()
    const client = local()
    const { report, progress, frames } = await runThrough(client, server.url(''), passing)

    expect(report.status).toBe('passed')
    expect(report.steps.map((step) => step.status)).toEqual(Array(7).fill('passed'))
    expect(report.captured).toEqual({ pingId: '7' })
    // Progress came while it ran, each a snapshot with a running status somewhere.
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((snapshot) => snapshot.status === 'running')).toBe(true)
    // The messages the run sent are in the connection's own timeline (the sidebar's).
    const sent = frames.filter((frame) => frame.kind === 'message' && frame.direction === 'out').map((frame) => frame.kind === 'message' && frame.payload)
    expect(sent).toEqual([PING.text, 'got 7'])
    expect(server.received.map((message) => message.text)).toEqual([PING.text, 'got 7'])
    // The templated URL is configured again once the run is over.
    expect(client.runtime.config('c1')?.spec.url).toBe('{{base}}/echo')
  })

  it('reports a failed expectation with the frames it saw and why each did not match', async () => {
    const server = await startWsServer()
    const client = local()
    const failing: Scenario = {
      ...passing,
      steps: [
        { type: 'connect' },
        { type: 'send', savedMessageId: 'm_ping' },
        { type: 'expect', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'pong' }] }, withinMs: 400 },
        { type: 'close' },
      ],
    }
    const { report } = await runThrough(client, server.url(''), failing)
    expect(report.status).toBe('failed')
    expect(report.failure).toMatchObject({ kind: 'expectation', step: 2 })
    expect(report.steps.map((step) => step.status)).toEqual(['passed', 'passed', 'failed', 'skipped'])
    const notes = report.steps[2]?.frames ?? []
    const echo = notes.find((note) => note.direction === 'in' && note.kind === 'message')
    expect(echo?.preview).toContain('"type":"ping"')
    expect(echo?.reason).toMatch(/pong/)
  })

  it('cancels a run: the report says so and the later steps are skipped', async () => {
    const server = await startWsServer()
    const client = local()
    client.configure('c1', { spec: { transport: 'websocket', url: server.url('/echo'), protocols: [] }, autoReconnect: false })
    const progress: ScenarioReport[] = []
    const handle = client.runScenario(
      request({ id: 's2', name: 'long wait', connection: 'c1', steps: [{ type: 'connect' }, { type: 'wait', ms: 60_000 }, { type: 'close' }] }, []),
      (report) => progress.push(report),
    )
    await waitFor(() => progress.some((snapshot) => snapshot.steps[1]?.status === 'running'), 'the wait step to start')
    const started = Date.now()
    handle.cancel()
    const report = await handle.done
    expect(Date.now() - started).toBeLessThan(2000)
    expect(report.status).toBe('failed')
    expect(report.failure?.kind).toBe('cancelled')
    expect(report.steps[2]?.status).toBe('skipped')
  })

  it('gives the same report through a worker thread (the browser’s host)', async () => {
    const server = await startWsServer()
    const worker = createWorkerClient({ createWorker: nodeWorker, fallback: deps, readyTimeoutMs: 20_000 })
    clients.push(worker)
    const { report, progress } = await runThrough(worker, server.url(''), passing)
    expect(worker.host()).toEqual({ mode: 'worker' })
    expect(report.status).toBe('passed')
    expect(report.captured).toEqual({ pingId: '7' })
    expect(progress.length).toBeGreaterThan(0)
  }, 30_000)
})
