import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { PREVIEW_PORT } from './support/preview-server.ts'

// Issue 12 end to end, in the built app under its Content-Security-Policy (the preview server
// sends it as a header, so the connection Worker runs under it too; the guards fail the test on
// any violation): an AsyncAPI document becomes connections, the composer checks the draft against
// a message schema in Monaco, and the timeline flags frames that match none of the schemas.

/** The chat fixture with its local server variable pointing at the preview server's demo. */
function chatDocument(): string {
  return readFileSync('tests/workspace/asyncapi/fixtures/chat-2.6.yaml', 'utf8').replace("default: '5173'", `default: '${PREVIEW_PORT}'`)
}

describe('AsyncAPI contracts in Chromium', () => {
  const e2e = setupE2E()

  it('imports a document, flags the invalid message it sends to the echo server, and Monaco marks the draft first', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)

    await app.sidebar.getByRole('button', { name: 'Import workspace' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import workspace' })
    await dialog.getByLabel('Choose a file').setInputFiles({ name: 'chat.asyncapi.yaml', mimeType: 'application/yaml', buffer: Buffer.from(chatDocument(), 'utf8') })

    const preview = page.getByRole('dialog', { name: 'Import “Team Chat”' })
    await preview.waitFor()
    const previewText = (await preview.textContent()) ?? ''
    expect(previewText).toContain('chat.asyncapi.yaml (AsyncAPI 2.6.0 · Team Chat 1.4.0)')
    expect(previewText).toContain('Adds 3 connections with 6 saved messages and 5 message schemas')
    expect(previewText).toContain('Server "broker" speaks mqtt')
    // The server's port variable arrives as a workspace variable holding its default; connect expands it.
    expect(previewText).toContain('Also in the file: 1 workspace variable.')
    expect(await preview.getByRole('list', { name: 'Connections in the file' }).getByRole('listitem').allTextContents()).toEqual([
      '/demo/echo (local) ws://127.0.0.1:{{local.port}}/demo/echo — 3 saved messages — checked against chat.message, ping',
      '/demo/echo (production) wss://chat.example.com/demo/echo — 3 saved messages — checked against chat.message, ping',
      '/rooms/{roomId} (production) wss://chat.example.com/rooms/general — checked against presence',
    ])
    await preview.getByRole('button', { name: 'New workspace' }).click()
    await preview.waitFor({ state: 'detached' })

    await app.connection('/demo/echo (local)').click()
    expect(await app.savedMessageNames()).toEqual(['chat.message · hello', 'chat.message · with reply', 'ping · example 1'])
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await expect.poll(() => app.timeline.getByRole('group', { name: 'Schema checks' }).textContent()).toContain('checked against 2 message schemas: 0 invalid')

    // The composer checks against the chosen message: Monaco marks the missing property before sending.
    await app.composer.getByRole('combobox', { name: 'Message', exact: true }).selectOption('chat.message')
    const invalid = '{"type":"chat.message","room":"general","text":"no author"}'
    await app.typeInEditor(invalid)
    await eventually(async () => expect(await app.editorLine()).toBe(invalid))
    const schemaStatus = app.composer.locator('.composer-schema-status')
    await eventually(async () => expect(await schemaStatus.textContent()).toBe('1 problem (checked against the “chat.message” schema): Missing property "author".'), 15_000)
    expect(await app.editor.locator('.squiggly-error').count()).toBeGreaterThan(0)
    await app.sendButton.click()

    // A valid example, sent from the saved messages: no flag on it or on its echo.
    await app.composer.getByRole('button', { name: 'Send chat.message · hello' }).click()
    await eventually(async () => expect(await app.statCount('In')).toBe(2))

    const flagged = app.frames.filter({ has: page.locator('.tl-row-issue') })
    await eventually(async () => expect(await flagged.count()).toBe(2))
    expect(await flagged.locator('.tl-row-issue').allTextContents()).toEqual(['✗ chat.message · "author" is missing', '✗ chat.message · "author" is missing'])
    expect(await app.frames.filter({ hasText: 'Hello, team' }).filter({ has: page.locator('.tl-row-issue') }).count()).toBe(0)
    expect(await app.frames.filter({ hasText: 'Hello, team' }).count()).toBe(2)
    const invalidStat = app.timeline.locator('.tl-stats > div').filter({ has: page.locator('dt', { hasText: /^Invalid$/ }) }).locator('dd')
    await eventually(async () => expect(await invalidStat.textContent()).toBe('2'))

    // The filter shows only the invalid frames: the sent one and its echo.
    await app.timeline.getByRole('button', { name: 'Only invalid frames' }).click()
    await eventually(async () => expect(await app.frames.count()).toBe(2))
    expect(await app.sentRows.count()).toBe(1)
    expect(await app.receivedRows.count()).toBe(1)

    // A valid draft clears the editor's schema problems.
    const valid = '{"type":"chat.message","room":"general","text":"hi","author":{"id":"u_9","name":"Eve"}}'
    await app.typeInEditor(valid)
    await eventually(async () => expect(await schemaStatus.textContent()).toBe('Matches the “chat.message” schema.'), 15_000)

    // Completion from the schema: inside an empty object Monaco offers the message's properties.
    await app.typeInEditor('{')
    await eventually(async () => expect(await app.editorLine()).toBe('{}'))
    await page.keyboard.press('Control+Space')
    const suggestions = page.locator('.suggest-widget .monaco-list-row')
    await eventually(async () => expect(await suggestions.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('author'), expect.stringContaining('room')])), 15_000)
    await page.keyboard.press('Escape')
  })

  it('refuses an invalid AsyncAPI document with its problems and changes nothing', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').waitFor()
    const before = await app.connectionNames()
    await app.sidebar.getByRole('button', { name: 'Import workspace' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import workspace' })
    await dialog.getByRole('textbox', { name: 'Or paste JSON' }).fill('asyncapi: 3.0.0\ninfo:\n  title: Broken\n  version: 1\nchannels: {}\n')
    await dialog.getByRole('button', { name: 'Read pasted JSON' }).click()
    const alert = dialog.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('This is not a valid AsyncAPI 3.0.0 document')
    expect(await alert.getByRole('listitem').allTextContents()).toEqual(['info.version: must be string, found number'])
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await app.connectionNames()).toEqual(before)
  })
})
