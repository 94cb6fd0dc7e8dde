import { readFile } from 'node:fs/promises'
import type { Download, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'

// Issue 3's export/import checks, in the built app: what a user does to move a workspace
// between browsers, and what they see when a file is not one Frameline can read.

const SECRET_URL = 'wss://orders.example.test/stream?token=s3cr3t-abc-123&room=7'
const REDACTED_URL = 'wss://orders.example.test/stream?token=<redacted>&room=7'
const SUBSCRIBE = '{"op":"subscribe","topic":"orders"}'

type WorkspaceFile = {
  $schema?: string
  format: string
  version: number
  exportedAt: string
  redacted?: boolean
  workspace: {
    name: string
    connections: {
      id: string
      name: string
      url: string
      draft: { text: string; mode: string }
      savedMessages: { name: string; text: string; mode: string }[]
    }[]
  }
}

async function addConnection(app: AppPage, name: string, url: string): Promise<void> {
  await app.addConnectionButton.click()
  await app.nameField.fill(name)
  await app.urlField.fill(url)
  await app.connection(name).waitFor()
}

/** Opens the export dialog, optionally ticks "Include secrets", and returns the saved download. */
async function exportWorkspace(page: Page, options: { includeSecrets?: boolean } = {}) {
  const app = appPage(page)
  await app.sidebar.getByRole('button', { name: 'Export workspace' }).click()
  const dialog = page.getByRole('dialog', { name: /^Export workspace “/ })
  await dialog.waitFor()
  if (options.includeSecrets) await dialog.getByRole('checkbox', { name: 'Include secrets' }).check()
  const dialogText = (await dialog.textContent()) ?? ''
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()])
  const text = await readDownload(download)
  await dialog.waitFor({ state: 'detached' })
  return { dialogText, fileName: download.suggestedFilename(), text }
}

async function readDownload(download: Download): Promise<string> {
  const failure = await download.failure()
  if (failure) throw new Error(`the download failed: ${failure}`)
  const path = await download.path()
  return readFile(path, 'utf8')
}

function openImportDialog(page: Page) {
  return (async () => {
    await appPage(page).sidebar.getByRole('button', { name: 'Import workspace' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import workspace' })
    await dialog.waitFor()
    return dialog
  })()
}

/** A minimal, valid version-1 workspace file, written the way a teammate might by hand. */
function handWrittenFile(): Record<string, unknown> {
  return {
    format: 'frameline.workspace',
    version: 1,
    workspace: {
      name: 'Pasted workspace',
      connections: [
        {
          id: 'c_pasted',
          name: 'Pasted feed',
          url: 'wss://pasted.example.test/ws',
          protocols: ['v1.feed'],
          draft: { text: '{"hello":"draft"}', mode: 'json' },
          savedMessages: [{ id: 'm_pasted', name: 'Pasted hello', text: '{"hello":"pasted"}', mode: 'json' }],
        },
      ],
    },
  }
}

describe('workspace export and import in Chromium', () => {
  const e2e = setupE2E()

  it('exports connections and saved messages with secrets redacted, and a fresh browser imports the same workspace', async () => {
    const first = await e2e.openApp()
    const a = appPage(first.page)

    await addConnection(a, 'Orders feed', SECRET_URL)
    await a.typeInEditor(SUBSCRIBE)
    await eventually(async () => expect(await a.editorLine()).toBe(SUBSCRIBE))
    await a.saveCurrentMessage('Subscribe orders')
    await a.chooseMode(/^Text$/)
    await a.typeInEditor('plain ping')
    await eventually(async () => expect(await a.editorLine()).toBe('plain ping'))
    await a.saveCurrentMessage('Plain ping')
    expect(await a.savedMessageNames()).toEqual(['Subscribe orders', 'Plain ping'])

    await addConnection(a, 'Status (Ünïcode ✓)', 'ws://127.0.0.1:9/status')
    const namesInA = await a.connectionNames()
    expect(namesInA).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream', 'Orders feed', 'Status (Ünïcode ✓)'])

    const exported = await exportWorkspace(first.page)
    // The dialog says what will be redacted before anything is written.
    expect(exported.dialogText).toContain('<redacted>')
    expect(exported.dialogText).toContain('Orders feed')
    expect(exported.fileName).toBe('My workspace.frameline.json')

    // The envelope is the public contract: format, version, time, schema, pretty-printed.
    const file = JSON.parse(exported.text) as WorkspaceFile
    expect(Object.keys(file).slice(0, 4)).toEqual(['$schema', 'format', 'version', 'exportedAt'])
    expect(file.format).toBe('frameline.workspace')
    expect(file.version).toBe(1)
    expect(Number.isNaN(Date.parse(file.exportedAt))).toBe(false)
    expect(Math.abs(Date.now() - Date.parse(file.exportedAt))).toBeLessThan(5 * 60_000)
    expect(file.$schema).toBe(`${e2e.baseUrl()}schema/workspace-v1.schema.json`)
    expect(exported.text.startsWith('{\n  "$schema": ')).toBe(true)
    expect(exported.text.endsWith('}\n')).toBe(true)
    expect(file.redacted).toBe(true)
    expect(file.workspace.name).toBe('My workspace')
    expect(file.workspace.connections.map((c) => c.name)).toEqual(namesInA)

    // The token never leaves by accident: redacted in the URL, absent from the whole file.
    const orders = file.workspace.connections.find((c) => c.name === 'Orders feed')
    expect(orders?.url).toBe(REDACTED_URL)
    expect(exported.text).not.toContain('s3cr3t-abc-123')
    expect(orders?.savedMessages.map(({ name, text, mode }) => ({ name, text, mode }))).toEqual([
      { name: 'Subscribe orders', text: SUBSCRIBE, mode: 'json' },
      { name: 'Plain ping', text: 'plain ping', mode: 'text' },
    ])
    expect(orders?.draft).toEqual({ text: 'plain ping', mode: 'text' })

    // Ticking "Include secrets" is the only way the token goes into a file.
    const withSecrets = await exportWorkspace(first.page, { includeSecrets: true })
    expect(withSecrets.dialogText).toMatch(/in clear text/)
    const clear = JSON.parse(withSecrets.text) as WorkspaceFile
    expect(clear.workspace.connections.find((c) => c.name === 'Orders feed')?.url).toBe(SECRET_URL)

    // A different browser profile: empty storage, the first-run workspace only.
    const second = await e2e.openApp()
    const b = appPage(second.page)
    await b.connection('Demo echo').waitFor()
    expect(await b.connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])

    const dialog = await openImportDialog(second.page)
    await dialog.getByLabel('Choose a file').setInputFiles({
      name: exported.fileName,
      mimeType: 'application/json',
      buffer: Buffer.from(exported.text, 'utf8'),
    })
    const preview = second.page.getByRole('dialog', { name: 'Import “My workspace”' })
    await preview.waitFor()
    expect(await preview.getByRole('list', { name: 'Connections in the file' }).getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Demo echo'),
      expect.stringContaining('Demo ticker'),
      expect.stringContaining('Demo chat'),
      expect.stringContaining('Demo Socket.IO'),
      expect.stringContaining('Demo SSE ticker'),
      expect.stringContaining('Demo WebSocketStream'),
      expect.stringContaining('Orders feed'),
      expect.stringContaining('Status (Ünïcode ✓)'),
    ])
    expect(await preview.textContent()).toMatch(/Adds 8 connections with 7 saved messages/)
    expect(await preview.textContent()).toMatch(/1 value was redacted when this file was exported/)
    await preview.getByRole('button', { name: 'Replace' }).click()
    await preview.waitFor({ state: 'detached' })
    expect(await b.sidebar.getByRole('status').filter({ hasText: 'Replaced the connections' }).textContent()).toContain(
      'with 8 connections from the file',
    )

    expect(await b.connectionNames()).toEqual(namesInA)
    await b.connection('Orders feed').click()
    expect(await b.urlField.inputValue()).toBe(REDACTED_URL)
    expect(await b.savedMessageNames()).toEqual(['Subscribe orders', 'Plain ping'])
    // The draft came along, with its mode.
    await b.waitForEditor()
    await eventually(async () => expect(await b.editorLine()).toBe('plain ping'))
    expect(await b.composer.getByRole('radio', { name: 'Text' }).isChecked()).toBe(true)
    // A saved message keeps its mode: loading the JSON one switches the composer back to JSON.
    await b.composer.getByRole('button', { name: 'Load Subscribe orders' }).click()
    await eventually(async () => expect(await b.editorLine()).toBe(SUBSCRIBE))
    expect(await b.composer.getByRole('radio', { name: 'JSON' }).isChecked()).toBe(true)
    // Importing never connects by itself.
    expect(await b.status.textContent()).toContain('Not connected')
  })

  it('refuses malformed files with a precise message and changes nothing', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await addConnection(app, 'Existing one', 'ws://127.0.0.1:9/existing')
    const before = await app.connectionNames()
    expect(before).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream', 'Existing one'])

    const valid = handWrittenFile()
    const badUrl = structuredClone(valid) as { workspace: { connections: { url: string }[] } }
    badUrl.workspace.connections[0]!.url = 'ftp://files.example.test/feed'
    const cases = [
      {
        name: 'notes.json',
        text: 'these are my notes, not JSON',
        message: /^notes\.json: This is not valid JSON/,
        details: [] as string[],
      },
      {
        name: 'future.frameline.json',
        text: JSON.stringify({ ...valid, version: 7 }),
        message: /^future\.frameline\.json: This file was made by a newer version of Frameline \(file format version 7; this app reads up to version 1\)/,
        details: [],
      },
      {
        name: 'bad-url.frameline.json',
        text: JSON.stringify(badUrl, null, 2),
        message: /^bad-url\.frameline\.json: The file has 1 problem; nothing was imported\./,
        details: ['workspace.connections[0].url: must start with ws://, wss://, http://, https:// or a {{variable}}'],
      },
      {
        name: 'polluting.frameline.json',
        text: JSON.stringify(valid).replace('"name":"Pasted feed"', '"name":"Pasted feed","__proto__":{"polluted":true}'),
        message: /^polluting\.frameline\.json: The file contains something Frameline refuses to import; nothing was imported\./,
        details: ['workspace.connections[0].__proto__: unsafe key "__proto__" is not allowed'],
      },
    ]

    const dialog = await openImportDialog(page)
    for (const item of cases) {
      await dialog.getByLabel('Choose a file').setInputFiles({ name: item.name, mimeType: 'application/json', buffer: Buffer.from(item.text) })
      const alert = dialog.getByRole('alert')
      await eventually(async () => expect((await alert.locator('strong').textContent()) ?? '').toMatch(item.message))
      expect(await alert.textContent(), item.name).toContain('Nothing was changed.')
      if (item.details.length > 0) expect(await alert.getByRole('listitem').allTextContents()).toEqual(item.details)
      // No preview, so no way to apply it.
      expect(await dialog.getByRole('button', { name: 'Merge' }).count()).toBe(0)
    }
    expect(await page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted)).toBeUndefined()

    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await app.connectionNames()).toEqual(before)
    expect(await app.sidebar.getByRole('status').count()).toBe(0)
  })

  it('imports pasted JSON after explaining a wrong one, merges next to what is there, and undoes', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').waitFor()

    const dialog = await openImportDialog(page)
    const paste = dialog.getByRole('textbox', { name: 'Or paste JSON' })
    await paste.fill(JSON.stringify({ ...handWrittenFile(), format: 'frameline.settings' }))
    await dialog.getByRole('button', { name: 'Read pasted JSON' }).click()
    expect(await dialog.getByRole('alert').textContent()).toContain(
      'This is not a Frameline workspace file: expected a JSON object with "format": "frameline.workspace"; its "format" is "frameline.settings".',
    )

    await paste.fill(JSON.stringify(handWrittenFile(), null, 2))
    await dialog.getByRole('button', { name: 'Read pasted JSON' }).click()
    const preview = page.getByRole('dialog', { name: 'Import “Pasted workspace”' })
    await preview.waitFor()
    expect(await preview.textContent()).toMatch(/From pasted JSON\./)
    expect(await preview.textContent()).toMatch(/Adds 1 connection with 1 saved message/)
    expect(await preview.textContent()).toMatch(/next to its 6 connections/)
    await preview.getByRole('button', { name: 'Merge' }).click()
    await preview.waitFor({ state: 'detached' })

    expect(await app.connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream', 'Pasted feed'])
    await app.connection('Pasted feed').click()
    expect(await app.urlField.inputValue()).toBe('wss://pasted.example.test/ws')
    expect(await app.savedMessageNames()).toEqual(['Pasted hello'])
    await app.waitForEditor()
    await eventually(async () => expect(await app.editorLine()).toBe('{"hello":"draft"}'))

    // Merge is undoable from the notice.
    const notice = app.sidebar.getByRole('status').filter({ hasText: 'Imported 1 connection into “My workspace”.' })
    await notice.getByRole('button', { name: 'Undo import' }).click()
    await eventually(async () => expect(await app.connectionNames()).toEqual(['Demo echo', 'Demo ticker', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream']))
    expect(await app.sidebar.getByRole('status').textContent()).toContain('Import undone.')
  })
})
