import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../src/demo-server/demo-server.ts'
import { closeAllServers, freePort, startWsServer } from '../support/ws-server.ts'

/*
 * The headless runner as CI runs it: the real `frameline` bin in a child process (Node's own
 * WebSocket client, enabled by the bin on Node 20), against the real demo server on 127.0.0.1.
 */

const BIN = join(process.cwd(), 'src/cli/frameline.mjs')
let demo: { port: number; close: () => Promise<void> }
let dir: string

beforeAll(async () => {
  demo = await startDemoServer(0, '127.0.0.1')
  dir = mkdtempSync(join(tmpdir(), 'frameline-runner-'))
})
afterAll(async () => {
  await demo.close()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => closeAllServers())

type Run = { code: number | null; stdout: string; stderr: string }

function runBin(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, CI: '1', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

function workspaceFile(name: string, workspace: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify({ format: 'frameline.workspace', version: 1, workspace }, null, 2))
  return path
}

function echoWorkspace(base: string) {
  return {
    name: 'CI',
    variables: [
      { name: 'base', value: base },
      { name: 'token', value: 'tok-SECRET-42', secret: true },
    ],
    environments: [{ id: 'env_bad', name: 'broken', variables: [{ name: 'base', value: 'ws://127.0.0.1:1' }] }],
    connections: [
      {
        id: 'c_echo',
        name: 'Echo',
        url: '{{base}}/demo/echo',
        savedMessages: [{ id: 'm_hello', name: 'Hello', text: '{"type":"hello","token":"{{token}}","n":{{$counter}}}', mode: 'json' }],
      },
    ],
    scenarios: [
      {
        id: 's_pass',
        name: 'Echo answers',
        connection: 'c_echo',
        steps: [
          { type: 'connect', timeoutMs: 5000 },
          { type: 'send', savedMessageId: 'm_hello' },
          { type: 'expect', name: 'hello comes back', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'hello' }] }, withinMs: 3000 },
          { type: 'capture', variable: 'n', path: '$.n' },
          { type: 'send', text: '{"again":{{n}}}', mode: 'json' },
          { type: 'expect', match: { direction: 'in', jsonSubset: { again: 1 } }, withinMs: 3000 },
          { type: 'close', code: 1000 },
        ],
      },
      {
        id: 's_fail',
        name: 'Echo says goodbye',
        connection: 'c_echo',
        steps: [
          { type: 'connect', timeoutMs: 5000 },
          { type: 'send', text: '{"type":"ping","token":"{{token}}"}', mode: 'json' },
          { type: 'expect', name: 'goodbye arrives', match: { direction: 'in', json: [{ path: '$.type', op: 'equals', value: 'goodbye' }] }, withinMs: 400 },
          { type: 'close' },
        ],
      },
    ],
  }
}

function parseXml(text: string): Document {
  const document = new DOMParser().parseFromString(text, 'application/xml')
  expect(document.getElementsByTagName('parsererror')).toHaveLength(0)
  return document
}

describe('npx frameline run', { timeout: 60_000 }, () => {
  it('passes a passing scenario with exit 0, and writes JUnit, JSON and the transcript', async () => {
    const file = workspaceFile('pass.json', echoWorkspace(`ws://127.0.0.1:${demo.port}`))
    const run = await runBin(['run', file, '--scenario', 'Echo answers', '--reporter', 'junit,json', '--out', 'pass-out'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('PASS 3. hello comes back'.slice(8))
    expect(run.stdout).toContain('1 passed, 0 failed')
    // CI output is plain: no escape codes.
    expect(run.stdout).not.toContain('\u001b[')
    const junit = parseXml(readFileSync(join(dir, 'pass-out/junit.xml'), 'utf8'))
    const suite = junit.getElementsByTagName('testsuite')[0]
    expect(suite?.getAttribute('name')).toBe('Echo answers')
    expect(suite?.getAttribute('tests')).toBe('2')
    expect(suite?.getAttribute('failures')).toBe('0')
    const report = JSON.parse(readFileSync(join(dir, 'pass-out/report.json'), 'utf8'))
    expect(report.summary).toMatchObject({ passed: 1, failed: 0, exitCode: 0 })
    expect(report.scenarios[0].captured).toEqual({ n: '1' })
    const transcript = readFileSync(join(dir, 'pass-out/transcript.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    const sent = transcript.filter((record) => record.direction === 'out').map((record) => record.text)
    expect(sent).toEqual(['{"type":"hello","token":"••••••","n":1}', '{"again":1}'])
    expect(readFileSync(join(dir, 'pass-out/transcript.ndjson'), 'utf8')).not.toContain('tok-SECRET-42')
  })

  it('fails a failing scenario with exit 1, says why in JUnit with the frames around it, and masks secrets', async () => {
    const file = workspaceFile('fail.json', echoWorkspace(`ws://127.0.0.1:${demo.port}`))
    const run = await runBin(['run', file, '--reporter', 'junit', '--out', 'fail-out'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('1 passed, 1 failed')
    expect(run.stdout).toContain('$.type is "ping", expected "goodbye"')
    expect(run.stdout + run.stderr).not.toContain('tok-SECRET-42')
    const xml = readFileSync(join(dir, 'fail-out/junit.xml'), 'utf8')
    expect(xml).not.toContain('tok-SECRET-42')
    const junit = parseXml(xml)
    expect(junit.documentElement.getAttribute('failures')).toBe('1')
    const failing = [...junit.getElementsByTagName('testcase')].find((testcase) => testcase.getElementsByTagName('failure').length > 0)
    expect(failing?.getAttribute('classname')).toBe('Echo says goodbye')
    expect(failing?.getAttribute('name')).toBe('3. goodbye arrives')
    const failure = failing?.getElementsByTagName('failure')[0]
    expect(failure?.getAttribute('message')).toContain('0 of at least 1 matching frames within 400 ms')
    expect(failure?.textContent).toContain('Frames around the failure:')
    expect(failure?.textContent).toContain('(no match: $.type is "ping", expected "goodbye")')
  })

  it('--bail stops after the first failing scenario', async () => {
    const workspace = echoWorkspace(`ws://127.0.0.1:${demo.port}`)
    workspace.scenarios.reverse()
    const run = await runBin(['run', workspaceFile('bail.json', workspace), '--bail'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('0 passed, 1 failed, 1 not run (--bail)')
  })

  it('exits 3 when the server is unreachable, and --var and --env choose the values', async () => {
    const port = await freePort()
    const file = workspaceFile('unreachable.json', echoWorkspace(`ws://127.0.0.1:${port}`))
    const run = await runBin(['run', file, '--scenario', 'Echo answers'])
    expect(run.code).toBe(3)
    expect(run.stdout).toContain(`Could not connect Echo`)
    // The same file passes when --var points it at the demo server…
    const fixed = await runBin(['run', file, '--scenario', 'Echo answers', '--var', `base=ws://127.0.0.1:${demo.port}`])
    expect(fixed.code).toBe(0)
    // …and an environment that points nowhere fails to connect again.
    const broken = await runBin(['run', file, '--scenario', 'Echo answers', '--env', 'broken'])
    expect(broken.code).toBe(3)
  })

  it('sends handshake headers, which a browser cannot', async () => {
    const server = await startWsServer({
      echo: false,
      onConnection: (socket, request) => socket.send(JSON.stringify({ authorization: request.headers.authorization ?? null })),
    })
    const file = workspaceFile('headers.json', {
      name: 'Headers',
      variables: [{ name: 'token', value: 'abc', secret: true }],
      connections: [{ id: 'c', name: 'Auth', url: server.url('/'), headers: [{ name: 'Authorization', value: 'Bearer {{token}}' }], savedMessages: [] }],
      scenarios: [
        {
          id: 's',
          name: 'Header arrives',
          connection: 'c',
          steps: [{ type: 'connect' }, { type: 'expect', match: { json: [{ path: '$.authorization', op: 'equals', value: 'Bearer abc' }] }, withinMs: 3000 }],
        },
      ],
    })
    const run = await runBin(['run', file])
    expect(run.stdout).toContain('1 passed')
    expect(run.code).toBe(0)
  })

  it('exits 2 for a bad file or bad usage, and 4 for a scenario or environment that is not there', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"format":"frameline.workspace","version":1,"workspace":{"name":"x","connections":[{"id":"c","name":"c","url":"ftp://x"}]}}')
    const bad = await runBin(['run', 'bad.json'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('workspace.connections[0].url')
    expect((await runBin(['run', 'missing.json'])).code).toBe(2)
    expect((await runBin(['run'])).code).toBe(2)
    expect((await runBin(['run', 'x.json', '--reporter', 'tap'])).stderr).toContain('Unknown reporter "tap"')
    const file = workspaceFile('names.json', echoWorkspace(`ws://127.0.0.1:${demo.port}`))
    const scenario = await runBin(['run', file, '--scenario', 'Nope'])
    expect(scenario.code).toBe(4)
    expect(scenario.stderr).toContain('No scenario named "Nope". The file has: "Echo answers", "Echo says goodbye".')
    const env = await runBin(['run', file, '--env', 'prod'])
    expect(env.code).toBe(4)
    expect(env.stderr).toContain('No environment named "prod". The file has: "broken".')
  })

  it('runs a WebSocketStream connection as a plain WebSocket (Node has no WebSocketStream)', async () => {
    const workspace = echoWorkspace(`ws://127.0.0.1:${demo.port}`)
    Object.assign(workspace.connections[0] as object, { transport: { kind: 'websocketstream' } })
    const run = await runBin(['run', workspaceFile('stream.json', workspace), '--scenario', 'Echo answers'])
    expect(run.stdout).toContain('1 passed')
    expect(run.code).toBe(0)
  })

  it('writes a scenario as an Artillery script', async () => {
    const file = workspaceFile('artillery.json', echoWorkspace(`ws://127.0.0.1:${demo.port}`))
    const run = await runBin(['artillery', file, '--scenario', 'Echo answers', '--out', 'echo.artillery.yml'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('Not exported: step 7 (close)')
    const script = readFileSync(join(dir, 'echo.artillery.yml'), 'utf8')
    expect(script).toContain(`target: "ws://127.0.0.1:${demo.port}/demo/echo"`)
    expect(script).toContain('engine: "ws"')
    expect(script).toContain('{{ $processEnvironment.token }}')
    expect((await runBin(['artillery', file, '--scenario', 'Nope'])).code).toBe(4)
  })
})
