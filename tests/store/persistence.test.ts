import { afterEach, describe, expect, it } from 'vitest'
import { STORED_STATE_VERSION } from '../../src/store/persistence/persisted-state.ts'
import { encodeRecord, parseBackupKey } from '../../src/store/persistence/stored-record.ts'
import { LEGACY_STORAGE_KEY } from '../../src/store/persistence/browser-storage.ts'
import { createIdbStore } from '../../src/store/persistence/idb-store.ts'
import { createInitialWorkspaceState, persistedWorkspaceState } from '../../src/store/workspace-store.ts'
import { createProfile, failingWrites, renameFirstConnection } from './persistence-harness.ts'

let profile: ReturnType<typeof createProfile>

afterEach(() => {
  profile?.closeAll()
})

function storedState(raw: unknown) {
  return (JSON.parse(raw as string) as { state: unknown; rev: number; version: number })
}

describe('workspace persistence in IndexedDB', () => {
  it('saves the workspaces and reads them back in a new session', async () => {
    profile = createProfile()
    const first = profile.openTab()
    await first.persistence.start()
    renameFirstConnection(first, 'Renamed échō ✓')
    await first.persistence.flush()
    const saved = persistedWorkspaceState(first.store.getState())

    const second = profile.openTab()
    await second.persistence.start()
    expect(persistedWorkspaceState(second.store.getState())).toEqual(saved)
    expect(second.status().problem).toBeNull()
    const record = storedState(await profile.readMain())
    expect(record.version).toBe(STORED_STATE_VERSION)
    expect(record.rev).toBe(1)
  })

  it('writes nothing before the stored record has been read', async () => {
    profile = createProfile()
    const stored = createInitialWorkspaceState()
    const text = encodeRecord({ version: STORED_STATE_VERSION, rev: 4, writerId: 'other', savedAt: 1, state: stored })
    await profile.writeMain(text)

    const tab = profile.openTab({ writeDelayMs: 0 })
    // A set() before hydration (zustand persist would write the defaults here).
    tab.store.setState(createInitialWorkspaceState())
    await tab.persistence.flush()
    expect(await profile.readMain()).toBe(text)

    await tab.persistence.start()
    expect(tab.store.getState().workspaces).toEqual(stored.workspaces)
    expect(await profile.readMain()).toBe(text)
  })

  it('batches a burst of edits into one write after the delay', async () => {
    profile = createProfile()
    const tab = profile.openTab({ writeDelayMs: 50 })
    await tab.persistence.start()
    for (let i = 0; i < 20; i++) renameFirstConnection(tab, `typing ${i}`)
    expect(await profile.readMain()).toBeUndefined()
    expect(tab.status().hasUnsavedChanges).toBe(true)
    await expect.poll(async () => (await profile.readMain()) !== undefined, { timeout: 2000 }).toBe(true)
    const record = storedState(await profile.readMain())
    expect(record.rev).toBe(1)
    expect(JSON.stringify(record.state)).toContain('typing 19')
    await expect.poll(() => tab.status().hasUnsavedChanges).toBe(false)
  })

  it('writes pending changes at once when the page is hidden or closed', async () => {
    profile = createProfile()
    const tab = profile.openTab({ writeDelayMs: 60_000 })
    await tab.persistence.start()
    renameFirstConnection(tab, 'before pagehide')
    window.dispatchEvent(new Event('pagehide'))
    await expect.poll(async () => JSON.stringify(await profile.readMain() ?? '')).toContain('before pagehide')
  })

  it('reads the core release’s localStorage copy when IndexedDB is empty, and leaves it in place', async () => {
    profile = createProfile()
    const legacyState = createInitialWorkspaceState()
    const legacy = JSON.stringify({ state: legacyState, version: 1 })
    localStorage.setItem(LEGACY_STORAGE_KEY, legacy)
    const tab = profile.openTab({ legacyStorage: () => localStorage })
    await tab.persistence.start()
    expect(tab.store.getState().workspaces).toEqual(legacyState.workspaces)
    renameFirstConnection(tab, 'moved to IndexedDB')
    await tab.persistence.flush()
    expect(JSON.stringify(await profile.readMain())).toContain('moved to IndexedDB')
    expect(localStorage.getItem(LEGACY_STORAGE_KEY)).toBe(legacy)
  })
})

describe('unreadable stored data', () => {
  it.each([
    ['truncated JSON', '{"format":"frameline.store","version":1,"rev":3,"state":{"workspaces":[{'],
    ['not a Frameline record', JSON.stringify({ hello: 'world' })],
    [
      'schema-invalid state',
      JSON.stringify({ format: 'frameline.store', version: 1, rev: 2, writerId: 'x', savedAt: 1, state: { workspaces: [{ id: 5 }] } }),
    ],
    ['an unmigratable version', JSON.stringify({ format: 'frameline.store', version: 0, rev: 1, state: {} })],
  ])('quarantines %s, starts fresh, and does not overwrite it until the user changes something', async (_label, bad) => {
    profile = createProfile()
    await profile.writeMain(bad)
    const tab = profile.openTab()
    await tab.persistence.start()

    const status = tab.status()
    expect(status.recovered?.backupKey).toEqual(expect.any(String))
    expect(status.recovered?.outcome).toBe('fresh')
    expect(status.problem).toBeNull()
    const backupKey = status.recovered?.backupKey ?? ''
    expect(parseBackupKey(backupKey)?.kind).toBe('unreadable')
    expect(status.backups.map((b) => b.key)).toContain(backupKey)
    expect(await tab.persistence.readBackup(backupKey)).toBe(bad)
    // Started from the first-run workspace, and the damaged record is still where it was.
    expect(tab.store.getState().workspaces[0]?.name).toBe('My workspace')
    await tab.persistence.flush()
    expect(await profile.readMain()).toBe(bad)

    renameFirstConnection(tab, 'fresh start')
    await tab.persistence.flush()
    expect(JSON.stringify(await profile.readMain())).toContain('fresh start')
    expect(await tab.persistence.readBackup(backupKey)).toBe(bad)
    // The write did not back the same damaged record up a second time.
    expect(tab.status().backups).toHaveLength(1)
  })

  it.each([
    [{ workspaces: [] }, 'the stored record is an object, not text'],
    [42, 'the stored record is a number, not text'],
    [true, 'the stored record is a boolean, not text'],
  ])('names a stored record that is not text with the right article (%j)', async (stored, reason) => {
    profile = createProfile()
    await profile.writeMain(stored)
    const tab = profile.openTab()
    await tab.persistence.start()
    expect(tab.status().recovered?.reason).toBe(reason)
  })

  it('keeps the readable workspaces when one of them fails validation, after backing up the record', async () => {
    profile = createProfile()
    const good = createInitialWorkspaceState()
    const broken = { id: 'w_broken', name: 'Broken', connections: [{ id: 'c_1', name: 'x', url: 42 }] }
    const text = encodeRecord({
      version: STORED_STATE_VERSION,
      rev: 3,
      writerId: 'x',
      savedAt: 1,
      state: { ...good, workspaces: [...good.workspaces, broken as never] },
    })
    await profile.writeMain(text)
    const tab = profile.openTab()
    await tab.persistence.start()

    expect(tab.store.getState().workspaces).toEqual(good.workspaces)
    const recovered = tab.status().recovered
    expect(recovered?.reason).toContain('workspaces[1].connections[0]')
    expect(recovered?.outcome).toBe('partial')
    expect(await tab.persistence.readBackup(recovered?.backupKey ?? '')).toBe(text)
  })

  it('backs up a record damaged after startup in the same transaction that replaces it', async () => {
    profile = createProfile()
    const tab = profile.openTab()
    await tab.persistence.start()
    renameFirstConnection(tab, 'saved once')
    await tab.persistence.flush()
    const damaged = '{"format":"frameline.store","version":1,"rev":'
    await profile.writeMain(damaged)

    renameFirstConnection(tab, 'saved twice')
    await tab.persistence.flush()
    expect(JSON.stringify(await profile.readMain())).toContain('saved twice')
    const backupKey = tab.status().recovered?.backupKey ?? ''
    expect(await tab.persistence.readBackup(backupKey)).toBe(damaged)
  })

  it('keeps a damaged record untouched when its backup cannot be written, until Retry succeeds', async () => {
    profile = createProfile()
    const bad = '{"format":"frameline.store",'
    await profile.writeMain(bad)
    let full = true
    const tab = profile.openTab({
      openStore: (factory) =>
        failingWrites(createIdbStore(factory, 'frameline', 'kv'), () => (full ? new DOMException('full', 'QuotaExceededError') : null)),
    })
    await tab.persistence.start()
    expect(tab.status().problem?.kind).toBe('backup-failed')
    renameFirstConnection(tab, 'edited while blocked')
    await tab.persistence.flush()
    expect(await profile.readMain()).toBe(bad)
    expect(tab.status().hasUnsavedChanges).toBe(true)

    full = false
    await tab.persistence.retry()
    expect(tab.status().problem).toBeNull()
    const backupKey = tab.status().recovered?.backupKey ?? ''
    expect(await tab.persistence.readBackup(backupKey)).toBe(bad)
    expect(JSON.stringify(await profile.readMain())).toContain('edited while blocked')
  })

  it('goes read-only on data from a newer version and leaves it byte-identical after edits', async () => {
    profile = createProfile()
    const newer = JSON.stringify({
      format: 'frameline.store',
      version: STORED_STATE_VERSION + 1,
      rev: 7,
      writerId: 'future',
      savedAt: 1,
      state: { workspaces: [], something: 'new' },
    })
    await profile.writeMain(newer)
    const tab = profile.openTab()
    await tab.persistence.start()
    expect(tab.status().problem).toMatchObject({ kind: 'newer-version', storedVersion: STORED_STATE_VERSION + 1 })

    renameFirstConnection(tab, 'not saved')
    await tab.persistence.flush()
    await tab.persistence.retry()
    expect(await profile.readMain()).toBe(newer)
    expect(tab.status().hasUnsavedChanges).toBe(true)
    expect(tab.store.getState().workspaces[0]?.connections[0]?.name).toBe('not saved')
  })
})

describe('failed writes', () => {
  it('keeps the last good copy and the in-memory state when storage is full, then saves on Retry', async () => {
    profile = createProfile()
    let full = false
    const tab = profile.openTab({
      openStore: (factory) =>
        failingWrites(createIdbStore(factory, 'frameline', 'kv'), () =>
          full ? new DOMException('The quota has been exceeded.', 'QuotaExceededError') : null,
        ),
    })
    await tab.persistence.start()
    renameFirstConnection(tab, 'good copy')
    await tab.persistence.flush()
    const lastGood = await profile.readMain()
    expect(JSON.stringify(lastGood)).toContain('good copy')

    full = true
    renameFirstConnection(tab, 'does not fit')
    await tab.persistence.flush()
    expect(tab.status().problem).toMatchObject({ kind: 'quota' })
    expect(tab.status().hasUnsavedChanges).toBe(true)
    expect(tab.store.getState().workspaces[0]?.connections[0]?.name).toBe('does not fit')
    expect(await profile.readMain()).toBe(lastGood)
    expect(storedState(lastGood).state).toBeTruthy()

    full = false
    await tab.persistence.retry()
    expect(tab.status().problem).toBeNull()
    expect(tab.status().hasUnsavedChanges).toBe(false)
    expect(JSON.stringify(await profile.readMain())).toContain('does not fit')
  })

  it('does not store a value the next load would refuse, and says which field', async () => {
    profile = createProfile()
    const tab = profile.openTab()
    await tab.persistence.start()
    renameFirstConnection(tab, 'stored')
    await tab.persistence.flush()
    const lastGood = await profile.readMain()

    renameFirstConnection(tab, 'n'.repeat(5000))
    await tab.persistence.flush()
    expect(tab.status().problem).toMatchObject({ kind: 'invalid' })
    expect(tab.status().problem?.detail).toContain('connections[0].name')
    expect(await profile.readMain()).toBe(lastGood)

    renameFirstConnection(tab, 'short again')
    await tab.persistence.flush()
    expect(tab.status().problem).toBeNull()
    expect(JSON.stringify(await profile.readMain())).toContain('short again')
  })

  it('reports any other aborted write without losing the previous copy', async () => {
    profile = createProfile()
    let failing = false
    const tab = profile.openTab({
      openStore: (factory) =>
        failingWrites(createIdbStore(factory, 'frameline', 'kv'), () => (failing ? new DOMException('aborted', 'AbortError') : null)),
    })
    await tab.persistence.start()
    renameFirstConnection(tab, 'first')
    await tab.persistence.flush()
    const lastGood = await profile.readMain()
    failing = true
    renameFirstConnection(tab, 'second')
    await tab.persistence.flush()
    expect(tab.status().problem?.kind).toBe('write-failed')
    expect(await profile.readMain()).toBe(lastGood)
  })
})

describe('storage unavailable', () => {
  it('runs in memory with a warning when the browser gives no IndexedDB', async () => {
    profile = createProfile()
    const tab = profile.openTab({ indexedDb: () => null })
    await tab.persistence.start()
    expect(tab.status()).toMatchObject({ phase: 'ready', problem: { kind: 'unavailable' } })
    renameFirstConnection(tab, 'in memory')
    await tab.persistence.flush()
    expect(tab.store.getState().workspaces[0]?.connections[0]?.name).toBe('in memory')
    expect(tab.status().hasUnsavedChanges).toBe(true)
  })

  it('treats a SecurityError on open as unavailable, and saves once Retry finds storage working', async () => {
    profile = createProfile()
    let blocked = true
    const blockedFactory = {
      open: (...args: Parameters<IDBFactory['open']>) => {
        if (blocked) throw new DOMException('The operation is insecure.', 'SecurityError')
        return profile.factory.open(...args)
      },
    } as IDBFactory
    const tab = profile.openTab({ indexedDb: () => blockedFactory })
    await tab.persistence.start()
    expect(tab.status().problem).toMatchObject({ kind: 'unavailable' })
    expect(tab.status().problem?.detail).toContain('insecure')
    renameFirstConnection(tab, 'kept in memory')

    blocked = false
    await tab.persistence.retry()
    expect(tab.status().problem).toBeNull()
    expect(JSON.stringify(await profile.readMain())).toContain('kept in memory')
  })

  it('gives up waiting for storage that never answers, instead of showing nothing', async () => {
    profile = createProfile()
    const hanging = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory
    const tab = profile.openTab({ indexedDb: () => hanging, readTimeoutMs: 50 })
    await tab.persistence.start()
    expect(tab.status().problem).toMatchObject({ kind: 'unavailable' })
    expect(tab.store.getState().workspaces).toHaveLength(1)
  })
})
