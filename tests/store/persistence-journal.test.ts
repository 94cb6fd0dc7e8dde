import { afterEach, describe, expect, it, vi } from 'vitest'
import { createIdbStore } from '../../src/store/persistence/idb-store.ts'
import { encodeJournal, journalKey, JOURNAL_KEY_PREFIX } from '../../src/store/persistence/journal.ts'
import { STORED_STATE_VERSION } from '../../src/store/persistence/persisted-state.ts'
import { encodeRecord, parseBackupKey } from '../../src/store/persistence/stored-record.ts'
import { createInitialWorkspaceState, persistedWorkspaceState } from '../../src/store/workspace-store.ts'
import type { WorkspaceState } from '../../src/store/workspace-state.ts'
import { connectionById, createProfile, failingWrites, renameFirstConnection, type Tab } from './persistence-harness.ts'

let profile: ReturnType<typeof createProfile>

afterEach(() => {
  profile?.closeAll()
  vi.restoreAllMocks()
})

const journalKeys = () => Object.keys(localStorage).filter((key) => key.startsWith(JOURNAL_KEY_PREFIX))

function storedState(raw: unknown): WorkspaceState {
  return (JSON.parse(raw as string) as { state: WorkspaceState }).state
}

/** `state` with connection `index` of the first workspace changed. */
function withConnection(state: WorkspaceState, index: number, change: Record<string, unknown>): WorkspaceState {
  const [workspace, ...rest] = state.workspaces
  if (!workspace) throw new Error('no workspace')
  const connections = workspace.connections.map((c, i) => (i === index ? { ...c, ...change } : c))
  return { ...state, workspaces: [{ ...workspace, connections }, ...rest] }
}

function connectionName(state: WorkspaceState, index: number): string | undefined {
  return state.workspaces[0]?.connections[index]?.name
}

async function storeRecord(rev: number, writerId: string, state: WorkspaceState) {
  await profile.writeMain(encodeRecord({ version: STORED_STATE_VERSION, rev, writerId, savedAt: 1, state }))
}

function storeJournal(writerId: string, baseRev: number, state: WorkspaceState, base?: WorkspaceState) {
  localStorage.setItem(journalKey(writerId), encodeJournal({ writerId, baseRev, savedAt: 2, state }, base))
}

/** A tab whose IndexedDB writes fail from `kill()` on: the page is gone before anything commits. */
function mortalTab(options: Parameters<ReturnType<typeof createProfile>['openTab']>[0] = {}) {
  let dead = false
  const tab = profile.openTab({
    openStore: (factory) => failingWrites(createIdbStore(factory, 'frameline', 'kv'), () => (dead ? new DOMException('The page was unloaded', 'AbortError') : null)),
    ...options,
  })
  return { tab, kill: () => (dead = true) }
}

async function reload(): Promise<Tab> {
  const tab = profile.openTab()
  await tab.persistence.start()
  return tab
}

describe('unsaved-edits journal (a reload faster than the IndexedDB write)', () => {
  it('keeps the last edit when the page is left before the write commits, then stores it and clears the journal', async () => {
    profile = createProfile()
    const { tab, kill } = mortalTab({ writeDelayMs: 300 })
    await tab.persistence.start()
    renameFirstConnection(tab, 'seed')
    await tab.persistence.flush()
    renameFirstConnection(tab, 'typed just before reload')
    window.dispatchEvent(new Event('pagehide'))
    kill() // The flush started by pagehide never commits: the page is gone.
    tab.persistence.dispose()
    expect(journalKeys()).toHaveLength(1)
    expect(connectionName(storedState(await profile.readMain()), 0)).toBe('seed')

    const next = await reload()
    expect(connectionName(next.store.getState(), 0)).toBe('typed just before reload')
    await expect.poll(async () => connectionName(storedState(await profile.readMain()), 0)).toBe('typed just before reload')
    expect(journalKeys()).toEqual([])
    await expect.poll(() => next.status().hasUnsavedChanges).toBe(false)
    expect(next.status().journal).toBeNull()
  })

  it('writes a journal only while a write is pending, synchronously, and removes it once a write covers it', async () => {
    profile = createProfile()
    const tab = profile.openTab({ writeDelayMs: 60_000 })
    await tab.persistence.start()
    expect(tab.persistence.writeJournalNow()).toBe(false)
    renameFirstConnection(tab, 'pending')
    expect(tab.persistence.writeJournalNow()).toBe(true)
    const journal = JSON.parse(localStorage.getItem(journalKeys()[0]!)!) as { state: WorkspaceState; baseRev: number }
    expect(connectionName(journal.state, 0)).toBe('pending')
    expect(journal.baseRev).toBe(0)
    await tab.persistence.flush()
    expect(journalKeys()).toEqual([])
  })

  it('keeps a journal written while a write was in flight until a later write covers it', async () => {
    profile = createProfile()
    const tab = profile.openTab({ writeDelayMs: 60_000 })
    await tab.persistence.start()
    renameFirstConnection(tab, 'in flight')
    const inFlight = tab.persistence.flush()
    // The queued write takes its snapshot a few microtasks later; fake-indexeddb commits on a
    // later macrotask, so after these the write is in flight and not yet committed.
    for (let i = 0; i < 5; i++) await Promise.resolve()
    expect(tab.status().hasUnsavedChanges).toBe(true)
    renameFirstConnection(tab, 'after the snapshot')
    expect(tab.persistence.writeJournalNow()).toBe(true)
    await inFlight
    // The write that landed was taken before the journal: the journal still holds newer edits.
    expect(journalKeys()).toHaveLength(1)
    await tab.persistence.flush()
    expect(journalKeys()).toEqual([])
    expect(connectionName(storedState(await profile.readMain()), 0)).toBe('after the snapshot')
  })

  it('applies a journal whose own in-flight write landed (same tab, one revision on)', async () => {
    profile = createProfile()
    const base = createInitialWorkspaceState()
    const landed = withConnection(base, 0, { name: 'landed' })
    await storeRecord(5, 'tab_old', landed)
    storeJournal('tab_old', 4, withConnection(landed, 0, { name: 'landed, then more' }), base)
    const tab = await reload()
    expect(connectionName(tab.store.getState(), 0)).toBe('landed, then more')
    await expect.poll(() => journalKeys()).toEqual([])
  })

  it('drops a journal the same tab superseded with later writes', async () => {
    profile = createProfile()
    const base = createInitialWorkspaceState()
    await storeRecord(7, 'tab_old', withConnection(base, 0, { name: 'newest, stored' }))
    storeJournal('tab_old', 4, withConnection(base, 0, { name: 'stale journal' }), base)
    const tab = await reload()
    expect(connectionName(tab.store.getState(), 0)).toBe('newest, stored')
    await expect.poll(() => journalKeys()).toEqual([])
    expect(tab.status().journal).toBeNull()
  })

  it('merges three ways when another tab saved in between, keeping both tabs’ edits', async () => {
    profile = createProfile()
    const base = createInitialWorkspaceState()
    await storeRecord(5, 'tab_other', withConnection(base, 1, { name: 'other tab' }))
    storeJournal('tab_old', 4, withConnection(base, 0, { name: 'journal' }), base)
    const tab = await reload()
    expect(connectionName(tab.store.getState(), 0)).toBe('journal')
    expect(connectionName(tab.store.getState(), 1)).toBe('other tab')
    expect(tab.status().conflict).toBeNull()
    await expect.poll(async () => connectionName(storedState(await profile.readMain()), 0)).toBe('journal')
    expect(connectionName(storedState(await profile.readMain()), 1)).toBe('other tab')
    expect(journalKeys()).toEqual([])
  })

  it('on a conflicting field keeps the journal’s value and the other tab’s version as a backup', async () => {
    profile = createProfile()
    const base = createInitialWorkspaceState()
    const other = withConnection(base, 0, { name: 'other tab' })
    await storeRecord(5, 'tab_other', other)
    storeJournal('tab_old', 4, withConnection(base, 0, { name: 'journal' }), base)
    const tab = await reload()
    expect(connectionName(tab.store.getState(), 0)).toBe('journal')
    const conflict = tab.status().conflict
    expect(conflict?.paths).toEqual([expect.stringMatching(/\.name$/)])
    const backup = await tab.persistence.readBackup(conflict!.backupKey!)
    expect(connectionName(JSON.parse(backup!) as WorkspaceState, 0)).toBe('other tab')
  })

  it('keeps a journal it cannot merge (no base) as a backup and says so', async () => {
    profile = createProfile()
    const base = createInitialWorkspaceState()
    await storeRecord(5, 'tab_other', withConnection(base, 1, { name: 'other tab' }))
    storeJournal('tab_old', 4, withConnection(base, 0, { name: 'journal without base' }))
    const tab = await reload()
    expect(connectionName(tab.store.getState(), 0)).toBe(connectionName(base, 0))
    expect(connectionName(tab.store.getState(), 1)).toBe('other tab')
    const notice = tab.status().journal
    expect(notice?.reason).toMatch(/another tab saved changes in the meantime/)
    expect(parseBackupKey(notice?.backupKey)?.kind).toBe('unsaved')
    expect(await tab.persistence.readBackup(notice!.backupKey!)).toContain('journal without base')
    expect(journalKeys()).toEqual([])
    expect(tab.status().hasUnsavedChanges).toBe(false)
  })

  it('keeps an unreadable journal as a backup and loads the stored state', async () => {
    profile = createProfile()
    const base = createInitialWorkspaceState()
    await storeRecord(5, 'tab_other', base)
    const broken = encodeJournal({ writerId: 'tab_old', baseRev: 5, savedAt: 3, state: withConnection(base, 0, { url: 7 }) })
    localStorage.setItem(journalKey('tab_old'), broken)
    const tab = await reload()
    expect(persistedWorkspaceState(tab.store.getState()).workspaces).toEqual(base.workspaces)
    expect(tab.status().journal?.reason).toMatch(/^the unsaved-edits journal failed validation: .*url: must be text/)
    expect(await tab.persistence.readBackup(tab.status().journal!.backupKey!)).toBe(broken)
    expect(journalKeys()).toEqual([])
  })

  it('loads a valid journal when the stored record itself is unreadable', async () => {
    profile = createProfile()
    await profile.writeMain('{"format":"frameline.store", broken')
    storeJournal('tab_old', 3, withConnection(createInitialWorkspaceState(), 0, { name: 'from the journal' }))
    const tab = await reload()
    expect(connectionName(tab.store.getState(), 0)).toBe('from the journal')
    expect(tab.status().recovered).toMatchObject({ outcome: 'journal', backupKey: expect.stringMatching(/^backup:/) })
    await expect.poll(async () => connectionName(storedState(await profile.readMain()), 0)).toBe('from the journal')
  })

  it('gives each tab its own journal key, so two tabs hidden at once keep both', async () => {
    profile = createProfile()
    const a = profile.openTab({ writeDelayMs: 60_000 })
    const b = profile.openTab({ writeDelayMs: 60_000 })
    await a.persistence.start()
    await b.persistence.start()
    renameFirstConnection(a, 'A')
    renameFirstConnection(b, 'B')
    expect(a.persistence.writeJournalNow()).toBe(true)
    expect(b.persistence.writeJournalNow()).toBe(true)
    expect(journalKeys()).toHaveLength(2)
  })

  it('never throws when localStorage is full or blocked, and still flushes on pagehide', async () => {
    profile = createProfile()
    const full = {
      get length() {
        throw new DOMException('blocked', 'SecurityError')
      },
      key: () => null,
      getItem: () => null,
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      },
      removeItem: () => undefined,
      clear: () => undefined,
    } as unknown as Storage
    const tab = profile.openTab({ writeDelayMs: 60_000, journalStorage: () => full })
    await tab.persistence.start()
    renameFirstConnection(tab, 'quota')
    expect(tab.persistence.writeJournalNow()).toBe(false)
    window.dispatchEvent(new Event('pagehide'))
    await expect.poll(async () => connectionName(storedState((await profile.readMain()) ?? '{"state":{"workspaces":[]}}'), 0)).toBe('quota')

    const throwing = profile.openTab({
      journalStorage: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError')
      },
    })
    await throwing.persistence.start()
    expect(connectionName(throwing.store.getState(), 0)).toBe('quota')
  })

  it('does not journal in a read-only tab (a newer build owns the stored data)', async () => {
    profile = createProfile()
    await profile.writeMain(encodeRecord({ version: STORED_STATE_VERSION + 1, rev: 2, writerId: 'future', savedAt: 1, state: createInitialWorkspaceState() }))
    const tab = await reload()
    renameFirstConnection(tab, 'read only')
    expect(tab.persistence.writeJournalNow()).toBe(false)
    expect(journalKeys()).toEqual([])
    expect(connectionById(tab, tab.store.getState().workspaces[0]!.connections[0]!.id)?.name).toBe('read only')
  })
})
