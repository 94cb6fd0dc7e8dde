import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { APP_DB, readStoredRecord, readStoredValues, writeStoredRecord, type StoredRecord } from './support/stored-workspace.ts'

// Issue 3's durable storage, in the built app: IndexedDB across reloads, two tabs, damaged data.
// The app shows no "saved" indicator, so a spec waits for a change to reach IndexedDB by reading
// the stored record from the page, as a user would wait for the save before closing the tab.

async function addConnection(app: AppPage, name: string, url: string): Promise<void> {
  await app.addConnectionButton.click()
  await app.nameField.fill(name)
  await app.urlField.fill(url)
  await app.connection(name).waitFor()
}

/** Polls the stored record until `check` passes on it (the debounced write has landed). */
async function waitForStored(page: Page, check: (record: StoredRecord) => void, timeoutMs = 5_000): Promise<StoredRecord> {
  let last: StoredRecord | null = null
  await eventually(async () => {
    last = await readStoredRecord(page)
    expect(last, 'the app has not written its record yet').not.toBeNull()
    check(last!)
  }, timeoutMs)
  return last!
}

function connectionNamesIn(record: StoredRecord, workspaceName: string): string[] {
  return record.state.workspaces.find((w) => w.name === workspaceName)?.connections.map((c) => c.name) ?? []
}

/** A same-origin page where the app does not run: storage can be changed with nothing racing it. */
async function leaveApp(page: Page, baseUrl: string): Promise<void> {
  await page.goto(new URL('favicon.svg', baseUrl).toString())
}

function workspaceSelect(app: AppPage) {
  return app.sidebar.getByRole('combobox', { name: 'Workspace' })
}

async function selectedWorkspaceName(app: AppPage): Promise<string> {
  return workspaceSelect(app).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? '')
}

async function backupsIn(page: Page): Promise<{ key: string; raw: unknown; reason: unknown }[]> {
  const values = (await readStoredValues(page, 'all')) ?? {}
  return Object.entries(values)
    .filter(([key]) => key.startsWith(APP_DB.backupPrefix))
    .map(([key, value]) => ({ key, raw: (value as { raw?: unknown }).raw, reason: (value as { reason?: unknown }).reason }))
}

describe('durable browser storage in Chromium', () => {
  const e2e = setupE2E()

  it('keeps workspaces, connections, drafts, saved messages and the selection across a reload', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').waitFor()

    await app.sidebar.getByRole('button', { name: 'New workspace' }).click()
    await app.sidebar.getByRole('textbox', { name: 'Workspace name' }).fill('Reload workspace')
    await page.keyboard.press('Enter')
    await eventually(async () => expect(await selectedWorkspaceName(app)).toBe('Reload workspace'))

    await addConnection(app, 'Kept feed', 'wss://kept.example.test/feed')
    const saved = '{"kept":"saved message","n":1}'
    await app.typeInEditor(saved)
    await eventually(async () => expect(await app.editorLine()).toBe(saved))
    await app.saveCurrentMessage('Kept message')
    const keptDraft = '{"kept":"draft","list":[1,2]}'
    await app.typeInEditor(keptDraft)
    await eventually(async () => expect(await app.editorLine()).toBe(keptDraft))

    await addConnection(app, 'Second kept', 'ws://127.0.0.1:9/second')
    await app.chooseMode(/^Text$/)
    await app.typeInEditor('second draft, plain text')
    await eventually(async () => expect(await app.editorLine()).toBe('second draft, plain text'))

    // The selection is part of what is kept: end on the first connection.
    await app.connection('Kept feed').click()
    const stored = await waitForStored(page, (record) => {
      const workspace = record.state.workspaces.find((w) => w.name === 'Reload workspace')
      expect(workspace?.connections.map((c) => [c.name, c.draft.text, c.draft.mode])).toEqual([
        ['Kept feed', keptDraft, 'json'],
        ['Second kept', 'second draft, plain text', 'text'],
      ])
      expect(record.state.currentWorkspaceId).toBe(workspace?.id)
      expect(record.state.selectedConnectionId).toBe(workspace?.connections[0]?.id)
    })
    expect(stored.format).toBe('frameline.store')
    expect(connectionNamesIn(stored, 'My workspace')).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])

    await page.reload()

    await app.connection('Kept feed').waitFor()
    expect(await selectedWorkspaceName(app)).toBe('Reload workspace')
    expect(await workspaceSelect(app).locator('option').allTextContents()).toEqual(['My workspace', 'Reload workspace'])
    expect(await app.connectionNames()).toEqual(['Kept feed', 'Second kept'])
    expect(await app.connection('Kept feed').getAttribute('aria-current')).toBe('true')
    expect(await app.nameField.inputValue()).toBe('Kept feed')
    expect(await app.urlField.inputValue()).toBe('wss://kept.example.test/feed')
    expect(await app.savedMessageNames()).toEqual(['Kept message'])
    expect(await app.savedMessages.first().textContent()).toContain('"saved message"')
    await app.waitForEditor()
    await eventually(async () => expect(await app.editorLine()).toBe(keptDraft))

    await app.connection('Second kept').click()
    await eventually(async () => expect(await app.editorLine()).toBe('second draft, plain text'))
    expect(await app.composer.getByRole('radio', { name: 'Text' }).isChecked()).toBe(true)

    // The other workspace is still there, untouched.
    await workspaceSelect(app).selectOption({ label: 'My workspace' })
    await eventually(async () => expect(await app.connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream']))
    // Nothing went wrong, so there is no storage banner.
    expect(await page.locator('.app-banner').textContent()).toBe('')
  })

  it('shows an edit made in one page in another page of the same browser without a reload, both ways', async () => {
    const guarded = await e2e.openApp()
    const a = appPage(guarded.page)
    await a.connection('Demo echo').click()
    // The second tab opens on what the first one stored, as when a user opens another tab later.
    await waitForStored(guarded.page, (record) => expect(record.state.selectedConnectionId).not.toBeNull())

    const pageB = await guarded.newPage()
    await pageB.goto(e2e.baseUrl())
    const b = appPage(pageB)
    await b.connection('Demo echo').waitFor()
    expect(await b.connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])

    // A renames a connection; B's sidebar follows within seconds.
    await a.nameField.fill('Renamed in A')
    await a.connection('Renamed in A').waitFor()
    await eventually(async () => expect(await b.connectionNames()).toEqual(['Renamed in A', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream']), 5_000)

    // B changes something else; A gets it, and neither brings back the other's old state.
    await b.connection('Demo ticker').click()
    await b.nameField.fill('Renamed in B')
    await addConnection(b, 'Added in B', 'ws://127.0.0.1:9/added')
    const expected = ['Renamed in A', 'Renamed in B', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream', 'Added in B']
    await eventually(async () => expect(await a.connectionNames()).toEqual(expected), 5_000)
    expect(await b.connectionNames()).toEqual(expected)
    // The header in A shows the connection A had selected, with B's edit not touching it.
    expect(await a.nameField.inputValue()).toBe('Renamed in A')

    await waitForStored(guarded.page, (record) => expect(connectionNamesIn(record, 'My workspace')).toEqual(expected))
    // A settles again after a moment and nothing flips back.
    await guarded.page.waitForTimeout(800)
    expect(await a.connectionNames()).toEqual(expected)
    expect(await b.connectionNames()).toEqual(expected)
    await guarded.page.reload()
    await a.connection('Added in B').waitFor()
    expect(await a.connectionNames()).toEqual(expected)
  })

  it('keeps an unreadable stored record as a backup, byte for byte, and starts with a banner that says so', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').click()
    await app.nameField.fill('Before the damage')
    await waitForStored(page, (record) => expect(connectionNamesIn(record, 'My workspace')).toContain('Before the damage'))

    // A crash mid-write, a disk error, another program: the record is no longer JSON.
    const garbage = '{"format":"frameline.store","version":1,"rev":7,"state":{"workspaces":[{"id":"w_1","name":"Half wr\u0000\ufffd ünïcode ✓'
    await leaveApp(page, e2e.baseUrl())
    await writeStoredRecord(page, garbage)
    expect((await readStoredValues(page, [APP_DB.mainKey]))?.[APP_DB.mainKey]).toBe(garbage)

    await page.goto(e2e.baseUrl())
    const notice = page.getByRole('status').filter({ hasText: 'Saved data could not be read' })
    await notice.waitFor()
    const text = (await notice.textContent()) ?? ''
    expect(text).toMatch(/the stored record is not valid JSON/)
    expect(text).toContain('A copy was kept as a backup in this browser, and Frameline started with a fresh workspace.')
    // The app renders and works: the first-run workspace, and the damaged name is nowhere.
    await app.connection('Demo echo').click()
    expect(await app.nameField.inputValue()).toBe('Demo echo')
    expect(await app.connectionNames()).not.toContain('Before the damage')

    const backups = await backupsIn(page)
    expect(backups).toHaveLength(1)
    expect(backups[0]?.key).toMatch(/^backup:.+Z:unreadable:/)
    expect(backups[0]?.raw).toBe(garbage)

    // The user gets the original bytes back from the banner.
    const [download] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Download backup' }).click()])
    expect(download.suggestedFilename()).toMatch(/^frameline-unreadable-backup-.+\.json$/)
    expect(await readFile(await download.path(), 'utf8')).toBe(garbage)

    // Later saves never overwrite the backup.
    await app.nameField.fill('After the damage')
    await waitForStored(page, (record) => expect(connectionNamesIn(record, 'My workspace')).toContain('After the damage'))
    const after = await backupsIn(page)
    expect(after.map((backup) => [backup.key, backup.raw])).toEqual([[backups[0]?.key, garbage]])
  })

  it('loads the readable workspaces when one stored workspace fails validation, and keeps the record as a backup', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await addConnection(app, 'Good one', 'ws://127.0.0.1:9/good')

    await app.sidebar.getByRole('button', { name: 'New workspace' }).click()
    await app.sidebar.getByRole('textbox', { name: 'Workspace name' }).fill('Damaged later')
    await page.keyboard.press('Enter')
    await addConnection(app, 'Doomed', 'ws://127.0.0.1:9/doomed')
    await workspaceSelect(app).selectOption({ label: 'My workspace' })
    await waitForStored(page, (record) => {
      expect(connectionNamesIn(record, 'My workspace')).toContain('Good one')
      expect(connectionNamesIn(record, 'Damaged later')).toEqual(['Doomed'])
      expect(record.state.workspaces.find((w) => w.id === record.state.currentWorkspaceId)?.name).toBe('My workspace')
    })

    await leaveApp(page, e2e.baseUrl())
    const stored = await readStoredRecord(page)
    const damaged = structuredClone(stored!)
    const doomedIndex = damaged.state.workspaces.findIndex((w) => w.name === 'Damaged later')
    // Stored URLs may be half-typed, so the damage is a type no version ever wrote.
    Object.assign(damaged.state.workspaces[doomedIndex]!.connections[0]!, { draft: { text: 42, mode: 'json' } })
    const damagedText = JSON.stringify(damaged)
    await writeStoredRecord(page, damagedText)

    await page.goto(e2e.baseUrl())
    const notice = page.getByRole('status').filter({ hasText: 'Saved data could not be read' })
    await notice.waitFor()
    const text = (await notice.textContent()) ?? ''
    expect(text).toContain(`workspaces[${doomedIndex}].connections[0].draft.text: must be text`)
    expect(text).toContain('the workspaces that could be read were loaded')

    await app.connection('Good one').waitFor()
    expect(await app.connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream', 'Good one'])
    expect(await workspaceSelect(app).locator('option').allTextContents()).toEqual(['My workspace'])

    const backups = await backupsIn(page)
    expect(backups).toHaveLength(1)
    expect(backups[0]?.raw).toBe(damagedText)
  })
})
