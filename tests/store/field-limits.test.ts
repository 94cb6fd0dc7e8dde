// @vitest-environment node
import { installTestRuntime } from '../support/test-runtime.ts'
import { afterEach, describe, expect, it , beforeEach} from 'vitest'
import { editDraft, getComposerDraft, loadIntoComposer, useComposerStore } from '../../src/store/composer-store.ts'
import { DRAFT_TOO_LONG, fitName } from '../../src/store/field-limits.ts'
import { createConnection } from '../../src/store/first-run-workspace.ts'
import { validateStoredState } from '../../src/store/persistence/persisted-state.ts'
import {
  deleteSavedMessage,
  renameSavedMessage,
  restoreSavedMessage,
  saveMessage,
} from '../../src/store/saved-message-actions.ts'
import { connect, sendPayload } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import {
  addConnection,
  connectionCapacityError,
  deleteConnection,
  duplicateConnection,
  getConnection,
  recordSent,
  renameConnection,
  restoreConnection,
  setConnectionProtocols,
  setConnectionUrl,
  setDraft,
} from '../../src/store/workspace-actions.ts'
import { createWorkspace, duplicateWorkspace, renameWorkspace } from '../../src/store/workspace-list-actions.ts'
import { selectCurrentWorkspace } from '../../src/store/workspace-selectors.ts'
import { persistedWorkspaceState, useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { LIMITS } from '../../src/workspace/limits.ts'
import { closeAllServers, createNodeSocket, startWsServer, waitFor } from '../support/ws-server.ts'

beforeEach(() => {
  installTestRuntime()
})


afterEach(async () => {
    await closeAllServers()
})

const atCap = 'x'.repeat(LIMITS.payloadChars)
const overCap = `${atCap}y`
const longName = 'n'.repeat(LIMITS.nameChars + 1)

/** What persistence checks before every write: the whole state must read back without loss. */
function expectStorable() {
  const result = validateStoredState(persistedWorkspaceState(useWorkspaceStore.getState()))
  expect(result.ok && result.dropped).toEqual([])
}

function newConnection() {
  return addConnection({ name: 'Limits', url: 'ws://127.0.0.1:9/x', draft: { text: 'small', mode: 'text' } })
}

describe('store actions never create data over the stored-data limits', () => {
  it('stores a draft up to the payload limit and refuses a longer one, keeping the stored draft', () => {
    const { id } = newConnection()
    expect(setDraft(id, { text: atCap, mode: 'text' })).toEqual({ ok: true })
    expect(getConnection(id)?.draft.text).toHaveLength(LIMITS.payloadChars)
    expect(setDraft(id, { text: overCap, mode: 'text' })).toEqual({ ok: false, error: DRAFT_TOO_LONG })
    expect(getConnection(id)?.draft.text).toBe(atCap)
    expect(DRAFT_TOO_LONG).toMatch(/kept in memory but will not be saved/)
    expectStorable()
  })

  it('keeps an over-long composer draft in memory only, and stores it again once it fits', () => {
    const { id } = newConnection()
    expect(editDraft(id, { text: overCap, mode: 'text' })).toEqual({ ok: false, error: DRAFT_TOO_LONG })
    expect(getComposerDraft(id)?.text).toBe(overCap)
    expect(getConnection(id)?.draft).toEqual({ text: 'small', mode: 'text' })
    expectStorable()

    expect(editDraft(id, { text: 'short again', mode: 'json' })).toEqual({ ok: true })
    expect(useComposerStore.getState().unsavedDraftById[id]).toBeUndefined()
    expect(getConnection(id)?.draft).toEqual({ text: 'short again', mode: 'json' })
    expect(getComposerDraft(id)).toEqual({ text: 'short again', mode: 'json' })

    // Loading from outside ("edit and resend") goes the same way and still tells the editor.
    expect(loadIntoComposer(id, { text: overCap, mode: 'text' }).ok).toBe(false)
    expect(getComposerDraft(id)?.text).toBe(overCap)
    expect(useComposerStore.getState().loadCounterById[id]).toBe(1)
  })

  it('leaves a payload over the history item limit out of history, says so, and keeps the history as it was', () => {
    const { id } = newConnection()
    recordSent(id, { text: 'kept', mode: 'text', at: 1 })
    const overHistoryCap = 'x'.repeat(LIMITS.historyItemChars + 1)
    const refused = recordSent(id, { text: overHistoryCap, mode: 'text', at: 2 })
    expect(refused).toEqual({
      ok: false,
      error: `Not added to history: the payload is 262,145 characters; history keeps payloads up to 262,144 characters. Save it as a message to keep it.`,
    })
    expect(getConnection(id)?.history.map((h) => h.text)).toEqual(['kept'])
    expect(recordSent(id, { text: 'x'.repeat(LIMITS.historyItemChars), mode: 'text', at: 3 })).toEqual({ ok: true })
    expect(getConnection(id)?.history).toHaveLength(2)
    expectStorable()
  })

  it('sends an over-long payload but reports that history skipped it', async () => {
    const server = await startWsServer()
    installTestRuntime({ createSocket: createNodeSocket })
    const { id } = addConnection({ name: 'Big', url: server.url('/echo') })
    connect(id)
    await waitFor(() => selectRuntime(useSessionStore.getState(), id).status === 'open', 'open')
    const result = await sendPayload(id, overCap, 'text')
    expect(result).toEqual({ ok: true, note: expect.stringMatching(/^Not added to history: the payload is 5,242,881 characters/) })
    const got = await waitFor(() => server.received[0], 'the big frame')
    expect(got.data.length).toBe(overCap.length)
    expect(getConnection(id)?.history).toEqual([])
  })

  it('refuses saved messages with an over-long name or payload, and past the per-connection count', () => {
    const { id } = newConnection()
    expect(saveMessage(id, longName, { text: '1', mode: 'json' })).toEqual({
      ok: false,
      error: `Saved message names are at most ${LIMITS.nameChars} characters (this one has ${LIMITS.nameChars + 1}).`,
    })
    expect(saveMessage(id, 'Big', { text: overCap, mode: 'text' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Not saved: the payload is 5,242,881 characters; a saved message holds at most 5 MiB/),
    })
    expect(getConnection(id)?.savedMessages).toEqual([])
    expect(saveMessage(id, 'n'.repeat(LIMITS.nameChars), { text: atCap, mode: 'text' }).ok).toBe(true)

    const message = getConnection(id)!.savedMessages[0]!
    expect(renameSavedMessage(id, message.id, longName)).toMatchObject({ ok: false })
    expect(getConnection(id)?.savedMessages[0]?.name).toHaveLength(LIMITS.nameChars)

    const removed = deleteSavedMessage(id, message.id)!
    for (let i = 0; i < LIMITS.savedMessagesPerConnection; i++) saveMessage(id, `m${i}`, { text: '1', mode: 'json' })
    expect(getConnection(id)?.savedMessages).toHaveLength(LIMITS.savedMessagesPerConnection)
    expect(saveMessage(id, 'one more', { text: '1', mode: 'json' })).toEqual({
      ok: false,
      error: 'This connection already has 1,000 saved messages, the most it can keep (1,000). Delete some first.',
    })
    expect(restoreSavedMessage(removed)).toMatchObject({ ok: false, error: expect.stringMatching(/^Not restored: /) })
    expect(getConnection(id)?.savedMessages).toHaveLength(LIMITS.savedMessagesPerConnection)
    expectStorable()
  })

  it('refuses an over-long connection name, URL or subprotocol list without changing the connection', () => {
    const { id } = newConnection()
    expect(renameConnection(id, 'n'.repeat(LIMITS.nameChars))).toEqual({ ok: true })
    expect(renameConnection(id, longName)).toMatchObject({ ok: false, error: expect.stringMatching(/^Connection names are at most 200/) })
    expect(getConnection(id)?.name).toHaveLength(LIMITS.nameChars)

    const longUrl = `ws://127.0.0.1:9/?token=${'t'.repeat(LIMITS.urlChars)}`
    expect(setConnectionUrl(id, longUrl)).toMatchObject({ ok: false, error: expect.stringMatching(/^URLs are at most 8,192 characters/) })
    expect(getConnection(id)?.url).toBe('ws://127.0.0.1:9/x')

    const many = Array.from({ length: LIMITS.protocolsPerConnection + 1 }, (_, i) => `p${i}`)
    expect(setConnectionProtocols(id, many)).toMatchObject({ ok: false, error: 'At most 64 subprotocols can be saved (this list has 65).' })
    expect(setConnectionProtocols(id, ['ok', 'j'.repeat(LIMITS.protocolChars + 1)])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Subprotocol 2 is 4,097 characters/),
    })
    expect(getConnection(id)?.protocols).toEqual([])
    expect(setConnectionProtocols(id, many.slice(1))).toEqual({ ok: true })
    expectStorable()
  })

  it('shortens generated copy names to fit, keeping the suffix', () => {
    const { id } = newConnection()
    renameConnection(id, 'c'.repeat(LIMITS.nameChars))
    const copy = duplicateConnection(id)
    expect(copy.ok && copy.connection.name).toBe(`${'c'.repeat(LIMITS.nameChars - 8)}… (copy)`)

    const workspace = selectCurrentWorkspace(useWorkspaceStore.getState())!
    expect(renameWorkspace(workspace.id, 'w'.repeat(LIMITS.nameChars)).ok).toBe(true)
    const first = duplicateWorkspace(workspace.id)
    const second = duplicateWorkspace(workspace.id)
    expect(first.ok && first.workspace.name).toBe(`${'w'.repeat(LIMITS.nameChars - 8)}… (copy)`)
    expect(second.ok && second.workspace.name).toHaveLength(LIMITS.nameChars)
    expect(second.ok && second.workspace.name).toMatch(/… 2$/)
    expect(createWorkspace(longName).ok).toBe(false)
    expectStorable()
  })

  it('never splits an emoji when it shortens a name', () => {
    const name = `${'a'.repeat(LIMITS.nameChars - 9)}😀tail`
    const fitted = fitName(name, ' (copy)')
    expect(fitted).toBe(`${'a'.repeat(LIMITS.nameChars - 9)}… (copy)`)
    expect(fitted.length).toBeLessThanOrEqual(LIMITS.nameChars)
  })

  it('stops adding, duplicating and restoring connections at the per-workspace limit', () => {
    const state = useWorkspaceStore.getState()
    const workspace = selectCurrentWorkspace(state)!
    const filler = Array.from({ length: LIMITS.connections - workspace.connections.length }, () => createConnection())
    useWorkspaceStore.setState({
      workspaces: state.workspaces.map((w) => (w === workspace ? { ...w, connections: [...w.connections, ...filler] } : w)),
    })
    const [first, second] = selectCurrentWorkspace(useWorkspaceStore.getState())!.connections
    expect(connectionCapacityError()).toBe(
      'This workspace already has 5,000 connections, the most it can hold (5,000). Delete some, or use another workspace.',
    )
    expect(() => addConnection({ name: 'One too many' })).toThrow(/already has 5,000 connections/)
    expect(duplicateConnection(first!.id)).toMatchObject({ ok: false, error: expect.stringMatching(/^Not duplicated: /) })

    const removed = deleteConnection(second!.id)!
    expect(connectionCapacityError()).toBeNull()
    addConnection({ name: 'Took the place' })
    expect(restoreConnection(removed)).toMatchObject({ ok: false, error: expect.stringMatching(/^Not restored: /) })
    expect(selectCurrentWorkspace(useWorkspaceStore.getState())!.connections).toHaveLength(LIMITS.connections)
  })

  it('refuses to add a connection whose fields the stored-data schema would refuse', () => {
    expect(() => addConnection({ name: longName })).toThrow(/^Not added: connections\[0\]\.name: must be at most 200 characters/)
    expect(() => addConnection({ draft: { text: overCap, mode: 'text' } })).toThrow(/draft\.text: must be at most/)
  })
})
