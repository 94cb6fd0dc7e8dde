import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { copyAsCode, type CodeOptions } from '../../../src/workspace/exports/copy-as-code.ts'
import { DEFAULT_SSE_OPTIONS, DEFAULT_SOCKET_IO_OPTIONS, type Connection } from '../../../src/workspace/model.ts'
import { closeAllSseServers, startSseServer, streamHeaders } from '../../support/sse-server.ts'
import { closeAllServers, startWsServer } from '../../support/ws-server.ts'

const run = promisify(execFile)

function connection(fields: Partial<Connection>): Connection {
  return { id: 'c', name: 'C', url: 'ws://127.0.0.1:1/', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [], history: [], ...fields }
}

const expand: CodeOptions = { variables: 'expand', values: new Map([['user', 'ada'], ['token', 'T0K']]), secrets: new Set(['token']) }

afterEach(async () => {
  await closeAllServers()
  await closeAllSseServers()
})

describe('copy as code', () => {
  it('writes Node code that really connects, sends the expanded message and the headers, with the secret read from the environment', async () => {
    const server = await startWsServer({ echo: false })
    const seen: string[] = []
    server.wss.on('connection', (socket, request) => {
      seen.push(`auth=${request.headers.authorization}`, `proto=${socket.protocol}`)
      socket.on('message', (data) => {
        seen.push(`msg=${data.toString()}`)
        socket.close(1000, 'done')
      })
    })
    const code = copyAsCode(
      connection({ url: server.url('/chat?u={{user}}'), protocols: ['chat.v1'], headers: [{ name: 'Authorization', value: 'Bearer {{token}}' }] }),
      { text: '{"hello":"{{user}}"}', mode: 'json' },
      'node',
      expand,
    )
    if (!code.ok) throw new Error(code.error)
    expect(code.text).toContain('process.env.TOKEN')
    expect(code.text).not.toContain('T0K')
    const dir = mkdtempSync(join(tmpdir(), 'frameline-code-'))
    try {
      writeFileSync(join(dir, 'snippet.mjs'), `${code.text}socket.addEventListener('close', () => process.exit(0))\nsetTimeout(() => process.exit(3), 5000)\n`)
      await run(process.execPath, ['--experimental-websocket', '--no-warnings', join(dir, 'snippet.mjs')], { env: { ...process.env, TOKEN: 'from-env' }, timeout: 10_000 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(seen).toEqual(['auth=Bearer from-env', 'proto=chat.v1', 'msg={"hello":"ada"}'])
  })

  it('writes a browser snippet with binary bytes, and shell commands with safe quoting', () => {
    const browser = copyAsCode(connection({ url: 'wss://x.test/s' }), { text: 'de ad', mode: 'binary' }, 'browser', expand)
    expect(browser).toEqual({ ok: true, text: expect.stringContaining("socket.send(new Uint8Array([0xde, 0xad]))") })
    const wscat = copyAsCode(connection({ url: 'wss://x.test/s', protocols: ['a'] }), { text: `it's {{user}}`, mode: 'text' }, 'wscat', expand)
    expect(wscat).toEqual({ ok: true, text: `wscat -c 'wss://x.test/s' -s 'a' -x 'it'\\''s ada' -w 5\n` })
    const env = copyAsCode(connection({ url: 'wss://x.test/{{user}}' }), { text: '{"t":"{{token}}"}', mode: 'json' }, 'websocat', { ...expand, variables: 'env' })
    expect(env).toEqual({ ok: true, text: `printf '%s\\n' "{\\"t\\":\\"\${TOKEN}\\"}" | websocat "wss://x.test/\${USER}"\n` })
    expect(copyAsCode(connection({}), { text: '00', mode: 'binary' }, 'wscat', expand)).toMatchObject({ ok: false })
    expect(copyAsCode(connection({}), null, 'curl', expand)).toMatchObject({ ok: false, error: expect.stringContaining('does not speak websocket') })
  })

  it('writes a curl -N command that really streams the SSE endpoint with its headers and POST body', async () => {
    const server = await startSseServer((request, response) => {
      streamHeaders(response)
      response.end(`data: ${request.method} ${request.headers['x-key']} ${request.body}\n\n`)
    })
    const code = copyAsCode(
      connection({ url: server.url('/stream'), transport: { ...DEFAULT_SSE_OPTIONS, method: 'POST', headers: [{ name: 'X-Key', value: '{{user}}' }], body: '{"q":"hi"}', query: [{ name: 'a', value: 'b c' }] } }),
      null,
      'curl',
      expand,
    )
    if (!code.ok) throw new Error(code.error)
    const args = code.text.trim().match(/'[^']*'|\S+/g)?.map((word) => word.replace(/^'|'$/g, '')) ?? []
    const { stdout } = await run('curl', [...args.slice(1), '--max-time', '5', '-s'], { timeout: 10_000 })
    expect(stdout).toBe('data: POST ada {"q":"hi"}\n\n')
    expect(server.requests[0]?.url).toBe('/stream?a=b%20c')
  })

  it('writes socket.io-client code with the namespace, auth and an emit with an ack', () => {
    const code = copyAsCode(
      connection({ url: 'http://127.0.0.1:3000', transport: { ...DEFAULT_SOCKET_IO_OPTIONS, namespace: '/chat', auth: '{"token":"{{token}}"}' } }),
      { text: '', mode: 'json', emit: { event: 'join', args: [{ type: 'json', text: '{"room":"{{user}}"}' }], ack: true } },
      'socket.io-client',
      expand,
    )
    if (!code.ok) throw new Error(code.error)
    expect(code.text).toContain('io("http://127.0.0.1:3000/chat", {')
    expect(code.text).toContain('auth: JSON.parse(`{"token":"${process.env.TOKEN}"}`),')
    expect(code.text).toContain(`socket.on('connect', () => socket.timeout(5000).emit("join", JSON.parse("{\\"room\\":\\"ada\\"}"), (error, ...reply) => console.log(error ?? reply)))`)
  })
})
