// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InProcessClient } from '../../src/engine/host/in-process-client.ts'
import { SECRET_MASK } from '../../src/engine/template/variables.ts'
import { applyImport, planImport } from '../../src/store/import-actions.ts'
import { unbindRuntime } from '../../src/store/runtime-binding.ts'
import { connect, sendPayload } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { completionNames, previewText, previewTexts, resetCounters } from '../../src/store/template-expansion.ts'
import { sendEmit } from '../../src/store/transport-actions.ts'
import {
  addEnvironment,
  addVariable,
  deleteEnvironment,
  deleteVariable,
  renameEnvironment,
  renameVariable,
  restoreVariable,
  setActiveEnvironment,
  setVariableSecret,
  setVariableValue,
} from '../../src/store/variable-actions.ts'
import { addConnection, getConnection } from '../../src/store/workspace-actions.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { LIMITS } from '../../src/workspace/limits.ts'
import { parseWorkspaceFile, serializeWorkspaceFile } from '../../src/workspace/workspace-file.ts'
import { validateWorkspace } from '../../src/workspace/workspace-schema.ts'
import { installTestRuntime } from '../support/test-runtime.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

const workspace = () => {
  const found = selectCurrentWorkspace(useWorkspaceStore.getState())
  if (!found) throw new Error('no workspace')
  return found
}

/** Every action must leave a workspace that storage accepts on reload. */
const expectStorable = () => {
  const checked = validateWorkspace(workspace())
  expect(checked.ok ? [] : checked.errors).toEqual([])
}

beforeEach(() => resetCounters())

describe('variable and environment actions', () => {
  it('adds, renames, edits, marks secret and deletes workspace variables; undo puts one back in place', () => {
    expect(addVariable(null, 'base', 'ws://a')).toEqual({ ok: true })
    expect(addVariable(null, 'token', 's3cr3t', true)).toEqual({ ok: true })
    expect(workspace().variables).toEqual([{ name: 'base', value: 'ws://a' }, { name: 'token', value: 's3cr3t', secret: true }])
    expect(renameVariable(null, 'base', 'baseUrl')).toEqual({ ok: true })
    expect(setVariableValue(null, 'baseUrl', 'ws://b')).toEqual({ ok: true })
    expect(setVariableSecret(null, 'token', false)).toEqual({ ok: true })
    expect(workspace().variables).toEqual([{ name: 'baseUrl', value: 'ws://b' }, { name: 'token', value: 's3cr3t' }])
    expectStorable()
    const removed = deleteVariable(null, 'baseUrl')
    expect(workspace().variables?.map((v) => v.name)).toEqual(['token'])
    expect(restoreVariable(removed!)).toEqual({ ok: true })
    expect(workspace().variables?.map((v) => v.name)).toEqual(['baseUrl', 'token'])
    deleteVariable(null, 'baseUrl')
    deleteVariable(null, 'token')
    // Empty lists are not stored: the workspace looks as if it never had variables.
    expect('variables' in workspace()).toBe(false)
  })

  it('refuses names {{ }} cannot refer to, taken names and values over the limit, changing nothing', () => {
    addVariable(null, 'a', '1')
    expect(addVariable(null, '1abc')).toMatchObject({ ok: false, error: expect.stringContaining('cannot be used in {{ }}') })
    expect(addVariable(null, 'has space')).toMatchObject({ ok: false })
    expect(addVariable(null, '')).toMatchObject({ ok: false, error: 'A variable needs a name.' })
    expect(addVariable(null, 'a')).toMatchObject({ ok: false, error: expect.stringContaining('already exists') })
    expect(addVariable(null, 'x'.repeat(LIMITS.nameChars + 1))).toMatchObject({ ok: false, error: expect.stringContaining('at most') })
    expect(setVariableValue(null, 'a', 'x'.repeat(LIMITS.payloadChars + 1))).toMatchObject({ ok: false })
    addVariable(null, 'b', '2')
    expect(renameVariable(null, 'b', 'a')).toMatchObject({ ok: false })
    expect(workspace().variables).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '2' }])
  })

  it('adds environments with their own variables, picks the active one and forgets it when deleted', () => {
    const staging = addEnvironment('Staging')
    if (!staging.ok) throw new Error(staging.error)
    expect(addEnvironment('Staging')).toMatchObject({ ok: false, error: expect.stringContaining('already named') })
    expect(addEnvironment('  ')).toMatchObject({ ok: false })
    expect(addVariable(staging.environment.id, 'base', 'ws://staging')).toEqual({ ok: true })
    expect(setActiveEnvironment(staging.environment.id)).toEqual({ ok: true })
    expect(workspace().activeEnvironmentId).toBe(staging.environment.id)
    expect(setActiveEnvironment('e_nope')).toMatchObject({ ok: false })
    expect(renameEnvironment(staging.environment.id, 'Stage')).toEqual({ ok: true })
    expectStorable()
    deleteEnvironment(staging.environment.id)
    expect(workspace().environments).toBeUndefined()
    expect(workspace().activeEnvironmentId).toBeUndefined()
    expectStorable()
  })
})

describe('previews and completion', () => {
  it('previews the expanded text with secrets masked, without moving the counter', () => {
    addVariable(null, 'token', 'hunter2', true)
    addVariable(null, 'user', 'ann')
    const { id } = addConnection({ name: 'x', url: 'ws://127.0.0.1:9/' })
    expect(previewText(id, '{"u":"{{user}}","t":"{{token}}","n":{{$counter}}}')).toEqual({ kind: 'ok', text: `{"u":"ann","t":"${SECRET_MASK}","n":1}` })
    expect(previewText(id, '{"n":{{$counter}}}')).toEqual({ kind: 'ok', text: '{"n":1}' })
    expect(previewText(id, 'no placeholders')).toEqual({ kind: 'none' })
    expect(previewText(id, '{{nope}}')).toEqual({ kind: 'error', error: expect.stringContaining('{{nope}}') })
    // One round for several fields: two counters in one emit get consecutive numbers.
    expect(previewTexts(id, ['{{$counter}}', 'x', '{{$counter}}'])).toEqual([{ kind: 'ok', text: '1' }, { kind: 'none' }, { kind: 'ok', text: '2' }])
  })

  it('offers variable names and built-ins, never a secret value', () => {
    addVariable(null, 'token', 'hunter2', true)
    addVariable(null, 'base', 'ws://x')
    const names = completionNames()
    expect(names).toContainEqual({ name: 'token', detail: 'secret variable' })
    expect(names).toContainEqual({ name: 'base', detail: 'ws://x' })
    expect(names.map((n) => n.name)).toEqual(expect.arrayContaining(['$uuid', '$timestamp', '$isoTimestamp', '$counter', '$randomInt 1 100']))
    expect(JSON.stringify(names)).not.toContain('hunter2')
  })
})

describe('expansion on connect and send, against a real server', () => {
  let client!: InProcessClient
  beforeEach(() => {
    client = installTestRuntime({ createSocket: createNodeSocket })
  })
  afterEach(async () => {
    unbindRuntime()
    await closeAllServers()
  })

  const status = (id: string) => selectRuntime(useSessionStore.getState(), id).status
  const sent = (id: string) => (client.runtime.log(id)?.toArray() ?? []).filter((f) => f.kind === 'message' && f.direction === 'out').map((f) => String((f as { payload: unknown }).payload))

  it('connects to {{base}}/echo, sends {{$counter}} and a secret expanded, and keeps the template in history', async () => {
    const server = await startWsServer()
    addVariable(null, 'base', server.url('').replace(/\/$/, ''))
    addVariable(null, 'token', 'hunter2', true)
    const connection = addConnection({ name: 'Echo', url: '{{base}}/echo', protocols: ['v.{{$counter}}'] })
    expect(await connect(connection.id)).toEqual({ ok: true })
    await waitFor(() => status(connection.id) === 'open', 'open')
    // The connect used counter 1 (in the subprotocol); sends go on from there.
    expect(server.offered[0]).toEqual(['v.1'])
    const template = '{"n":{{$counter}},"t":"{{token}}"}'
    expect(await sendPayload(connection.id, template, 'json')).toEqual({ ok: true })
    expect(await sendPayload(connection.id, template, 'json')).toEqual({ ok: true })
    await waitFor(() => server.received.length === 2, 'two messages at the server')
    expect(server.received.map((m) => m.text)).toEqual(['{"n":2,"t":"hunter2"}', '{"n":3,"t":"hunter2"}'])
    expect(sent(connection.id)).toEqual(['{"n":2,"t":"hunter2"}', '{"n":3,"t":"hunter2"}'])
    // History holds what the user wrote, once (the two sends were the same template).
    expect(getConnection(connection.id)?.history.map((h) => h.text)).toEqual([template])
    // The stored connection keeps its template URL.
    expect(getConnection(connection.id)?.url).toBe('{{base}}/echo')
  })

  it('an unknown variable stops the send with its name, sends nothing and uses no counter value', async () => {
    const server = await startWsServer()
    const connection = addConnection({ name: 'Echo', url: server.url('/echo') })
    await connect(connection.id)
    await waitFor(() => status(connection.id) === 'open', 'open')
    const refused = await sendPayload(connection.id, '{"n":{{$counter}},"x":"{{nope}}"}', 'json')
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^Not sent: Unknown variable \{\{nope\}\}/) })
    expect(getConnection(connection.id)?.history).toEqual([])
    expect(await sendPayload(connection.id, '{"n":{{$counter}}}', 'json')).toEqual({ ok: true })
    await waitFor(() => server.received.length === 1, 'one message')
    expect(server.received[0]?.text).toBe('{"n":1}')
  })

  it('an unknown variable in the URL stops the connect, naming it; nothing is opened', async () => {
    const server = await startWsServer()
    const connection = addConnection({ name: 'Echo', url: '{{host}}/echo' })
    expect(await connect(connection.id)).toEqual({ ok: false, error: expect.stringMatching(/^Not connected: URL: Unknown variable \{\{host\}\}/) })
    expect(status(connection.id)).toBe('idle')
    expect(server.clients.length).toBe(0)
  })

  it('counts {{$counter}} per connection, and the active environment decides the values', async () => {
    const server = await startWsServer()
    addVariable(null, 'who', 'workspace')
    const env = addEnvironment('Staging')
    if (!env.ok) throw new Error(env.error)
    addVariable(env.environment.id, 'who', 'staging')
    const a = addConnection({ name: 'A', url: server.url('/a') })
    const b = addConnection({ name: 'B', url: server.url('/b') })
    await connect(a.id)
    await connect(b.id)
    await waitFor(() => status(a.id) === 'open' && status(b.id) === 'open', 'both open')
    await sendPayload(a.id, '{{$counter}} {{who}}', 'text')
    await sendPayload(a.id, '{{$counter}} {{who}}', 'text')
    setActiveEnvironment(env.environment.id)
    await sendPayload(b.id, '{{$counter}} {{who}}', 'text')
    await waitFor(() => server.received.length === 3, 'three messages')
    expect(sent(a.id)).toEqual(['1 workspace', '2 workspace'])
    expect(sent(b.id)).toEqual(['1 staging'])
  })

  it('expands a Socket.IO emit’s event and arguments; history keeps the emit as written', async () => {
    // The runtime's send refuses (no Socket.IO session), but the expansion happens first: an
    // unknown variable in an argument is named with its position before anything reaches it.
    addVariable(null, 'room', 'lobby')
    const connection = addConnection({ name: 'IO', url: 'http://127.0.0.1:9' })
    const refused = await sendEmit(connection.id, { event: 'join', args: [{ type: 'json', text: '{"room":"{{room}}","u":"{{user}}"}' }], ack: false })
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^Not sent: Argument 1: Unknown variable \{\{user\}\}/) })
  })
})

describe('import of variables, environments and scenarios', () => {
  const file = () => {
    const text = serializeWorkspaceFile(
      {
        name: 'Team',
        connections: [{ id: 'c_t', name: 'T', url: '{{base}}/t', protocols: [], draft: { text: '', mode: 'json' }, savedMessages: [], history: [] }],
        variables: [{ name: 'base', value: 'ws://team' }, { name: 'fresh', value: '1' }],
        environments: [{ id: 'e_s', name: 'Staging', variables: [{ name: 'base', value: 'ws://team-staging' }, { name: 'extra', value: 'x' }] }],
      },
      { redact: false },
    )
    const parsed = parseWorkspaceFile(text)
    if (!parsed.ok) throw new Error(parsed.message)
    return parsed.value
  }

  it('merge adds what is missing and keeps current values on a name collision, saying which', () => {
    addVariable(null, 'base', 'ws://mine')
    const env = addEnvironment('Staging')
    if (!env.ok) throw new Error(env.error)
    addVariable(env.environment.id, 'base', 'ws://my-staging')
    const plan = planImport(useWorkspaceStore.getState(), file(), 'merge')
    expect(plan?.kept).toEqual(['base', 'Staging / base'])
    const outcome = applyImport(file(), 'merge')
    expect(outcome.ok).toBe(true)
    expect(workspace().variables).toEqual([{ name: 'base', value: 'ws://mine' }, { name: 'fresh', value: '1' }])
    expect(workspace().environments).toEqual([{ id: env.environment.id, name: 'Staging', variables: [{ name: 'base', value: 'ws://my-staging' }, { name: 'extra', value: 'x' }] }])
    // The {{base}} URL survived the round trip through the file.
    expect(workspace().connections.at(-1)?.url).toBe('{{base}}/t')
    expectStorable()
  })

  it('replace and new take the file’s variables and environments', () => {
    addVariable(null, 'mine', '1')
    expect(applyImport(file(), 'replace').ok).toBe(true)
    expect(workspace().variables?.map((v) => v.name)).toEqual(['base', 'fresh'])
    expect(workspace().environments?.map((e) => e.name)).toEqual(['Staging'])
    expect(applyImport(file(), 'new').ok).toBe(true)
    expect(workspace().name).not.toBe('My workspace')
    expect(workspace().variables?.map((v) => v.name)).toEqual(['base', 'fresh'])
    expectStorable()
  })
})
