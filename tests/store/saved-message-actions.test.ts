// @vitest-environment node
import { installTestRuntime } from '../support/test-runtime.ts'
import { unbindRuntime } from '../../src/store/runtime-binding.ts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useComposerStore } from '../../src/store/composer-store.ts'
import {
  clearHistory,
  deleteSavedMessage,
  filterSavedMessages,
  loadSavedMessage,
  moveSavedMessage,
  recallHistoryItem,
  renameSavedMessage,
  restoreSavedMessage,
  saveMessage,
  sendSavedMessage,
  suggestMessageName,
  type SaveResult,
} from '../../src/store/saved-message-actions.ts'
import { connect } from '../../src/store/session-actions.ts'
import { selectRuntime, useSessionStore } from '../../src/store/session-store.ts'
import { addConnection, getConnection, recordSent } from '../../src/store/workspace-actions.ts'
import { selectConnections } from '../../src/store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../src/store/workspace-store.ts'
import { closeAllServers, createNodeSocket, delay, startWsServer, waitFor } from '../support/ws-server.ts'

beforeEach(() => {
  installTestRuntime()
})


beforeEach(() => installTestRuntime({ createSocket: createNodeSocket }))

afterEach(async () => {
  unbindRuntime()
    await closeAllServers()
})

/** The saved message, or the test fails with the reason it was refused. */
function savedOf(result: SaveResult) {
  if (!result.ok) throw new Error(`refused: ${result.error}`)
  return result.message
}

const names = (id: string) => getConnection(id)?.savedMessages.map((m) => m.name)

function connectionWithMessages(...messageNames: string[]) {
  const { id } = addConnection({ name: 'Saved', url: 'ws://127.0.0.1:9/x' })
  for (const name of messageNames) saveMessage(id, name, { text: `{"name": "${name}"}`, mode: 'json' })
  return id
}

describe('saved messages', () => {
  it('saves a payload under a name, keeping its mode, at the end of the list', () => {
    const id = connectionWithMessages('First')
    const saved = savedOf(saveMessage(id, '  Greeting  ', { text: 'hello', mode: 'text' }))
    expect(saved).toMatchObject({ name: 'Greeting', text: 'hello', mode: 'text' })
    expect(getConnection(id)?.savedMessages.at(-1)).toEqual(saved)
    expect(names(id)).toEqual(['First', 'Greeting'])
  })

  it('names a message after its first meaningful line when no name is given', () => {
    const id = connectionWithMessages()
    expect(savedOf(saveMessage(id, '   ', { text: '{\n  "type": "subscribe",\n  "channel": "x"\n}', mode: 'json' })).name).toBe(
      '"type": "subscribe",',
    )
    expect(suggestMessageName('')).toBe('Untitled message')
    expect(suggestMessageName('x'.repeat(100))).toHaveLength(40)
  })

  it('changes only the connection it targets and never mutates the previous state', () => {
    const id = connectionWithMessages('A')
    const before = useWorkspaceStore.getState()
    const otherBefore = selectConnections(before).find((c) => c.id !== id)
    saveMessage(id, 'B', { text: '1', mode: 'json' })
    const after = useWorkspaceStore.getState()
    expect(selectConnections(before).find((c) => c.id === id)?.savedMessages.map((m) => m.name)).toEqual(['A'])
    expect(selectConnections(after).find((c) => c.id === otherBefore?.id)).toBe(otherBefore)
  })

  it('renames, refusing a blank name', () => {
    const id = connectionWithMessages('Old')
    const messageId = getConnection(id)!.savedMessages[0]!.id
    expect(renameSavedMessage(id, messageId, ' New name ')).toEqual({ ok: true })
    expect(renameSavedMessage(id, messageId, '   ')).toEqual({ ok: false, error: 'A name cannot be blank.' })
    expect(names(id)).toEqual(['New name'])
  })

  it('moves a message up and down, clamped to the list', () => {
    const id = connectionWithMessages('A', 'B', 'C')
    const [a, , c] = getConnection(id)!.savedMessages
    moveSavedMessage(id, c!.id, 0)
    expect(names(id)).toEqual(['C', 'A', 'B'])
    moveSavedMessage(id, a!.id, 99)
    expect(names(id)).toEqual(['C', 'B', 'A'])
    moveSavedMessage(id, c!.id, -5)
    expect(names(id)).toEqual(['C', 'B', 'A'])
  })

  it('deletes and restores a message in its old place', () => {
    const id = connectionWithMessages('A', 'B', 'C')
    const b = getConnection(id)!.savedMessages[1]!
    const removed = deleteSavedMessage(id, b.id)!
    expect(names(id)).toEqual(['A', 'C'])
    restoreSavedMessage(removed)
    expect(getConnection(id)?.savedMessages[1]).toEqual(b)
    // Restoring twice does not duplicate it.
    restoreSavedMessage(removed)
    expect(names(id)).toEqual(['A', 'B', 'C'])
    expect(deleteSavedMessage(id, 'missing')).toBeUndefined()
  })

  it('filters by name or content, ignoring case', () => {
    const id = connectionWithMessages('Ping', 'Subscribe')
    saveMessage(id, 'Plain', { text: 'Hello THERE', mode: 'text' })
    const messages = getConnection(id)!.savedMessages
    expect(filterSavedMessages(messages, 'sub').map((m) => m.name)).toEqual(['Subscribe'])
    expect(filterSavedMessages(messages, 'there').map((m) => m.name)).toEqual(['Plain'])
    expect(filterSavedMessages(messages, '  ')).toBe(messages)
    expect(filterSavedMessages(messages, 'nothing like it')).toEqual([])
  })

  it('loads a message into the composer and tells the open editor', () => {
    const id = connectionWithMessages()
    const saved = savedOf(saveMessage(id, 'Bytes', { text: 'de ad', mode: 'binary' }))
    expect(loadSavedMessage(id, saved.id)).toBe(true)
    expect(getConnection(id)?.draft).toEqual({ text: 'de ad', mode: 'binary' })
    expect(useComposerStore.getState().loadCounterById[id]).toBe(1)
    expect(loadSavedMessage(id, 'missing')).toBe(false)
  })

  it('sends a saved message as is over a real socket, leaving the draft alone', async () => {
    const server = await startWsServer()
    const { id } = addConnection({ name: 'Echo', url: server.url('/echo'), draft: { text: 'draft', mode: 'text' } })
    const saved = savedOf(saveMessage(id, 'Hex', { text: 'ca fe', mode: 'binary' }))
    expect(await sendSavedMessage(id, saved.id)).toEqual({ ok: false, error: 'Not sent: connect first.' })

    connect(id)
    await waitFor(() => selectRuntime(useSessionStore.getState(), id).status === 'open', 'open')
    expect(await sendSavedMessage(id, saved.id)).toEqual({ ok: true })
    const got = await waitFor(() => server.received[0], 'the saved message')
    expect(got.isBinary).toBe(true)
    expect([...got.data]).toEqual([0xca, 0xfe])
    expect(getConnection(id)?.draft).toEqual({ text: 'draft', mode: 'text' })
    expect(getConnection(id)?.history[0]).toMatchObject({ text: 'ca fe', mode: 'binary' })

    const broken = savedOf(saveMessage(id, 'Broken', { text: '{nope', mode: 'json' }))
    expect(await sendSavedMessage(id, broken.id)).toMatchObject({ ok: false, error: expect.stringMatching(/^Not sent: invalid JSON/) })
    await delay(50)
    expect(server.received).toHaveLength(1)
  })
})

describe('sent history', () => {
  it('recalls an item into the composer by position, newest first', () => {
    const { id } = addConnection({ name: 'H' })
    recordSent(id, { text: 'older', mode: 'text', at: 1 })
    recordSent(id, { text: '{"newest": true}', mode: 'json', at: 2 })
    expect(recallHistoryItem(id, 1)).toBe(true)
    expect(getConnection(id)?.draft).toEqual({ text: 'older', mode: 'text' })
    expect(useComposerStore.getState().loadCounterById[id]).toBe(1)
    expect(recallHistoryItem(id, 5)).toBe(false)
  })

  it('clears the history', () => {
    const { id } = addConnection({ name: 'H' })
    recordSent(id, { text: 'x', mode: 'text', at: 1 })
    clearHistory(id)
    expect(getConnection(id)?.history).toEqual([])
  })
})
