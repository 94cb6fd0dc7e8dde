import { describe, expect, it } from 'vitest'
import { appPage, eventually, type AppPage } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { readStoredRecord } from './support/stored-workspace.ts'

// Issue 3: an edit made just before a reload is not lost. IndexedDB writes are debounced and
// asynchronous, so these specs reload with no wait at all after the last keystroke: only the
// synchronous journal written on pagehide (src/store/persistence/journal.ts) can carry the edit.

const JOURNAL_PREFIX = 'frameline.journal:'

/** Puts the caret at the very end of Monaco's content and types `text` there. */
async function appendInEditor(app: AppPage, text: string): Promise<void> {
  await app.waitForEditor()
  await app.editor.click()
  await app.page.keyboard.press('ControlOrMeta+End')
  await app.page.keyboard.type(text)
}

describe('reloading right after an edit in Chromium', () => {
  const e2e = setupE2E()

  it('keeps the last text typed into the draft through several immediate reloads in a row', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').click()
    await app.chooseMode(/^Text$/)

    // Text mode: Monaco adds no closing brackets or quotes, so what is typed is what is kept.
    let expected = 'fast reload:'
    await app.typeInEditor(expected)
    // No wait for the editor or for storage: the reload follows the keystrokes at once.
    await page.reload()

    for (let round = 1; round <= 4; round++) {
      await app.waitForEditor()
      await eventually(async () => expect(await app.editorLine(), `after reload ${round}`).toBe(expected), 5_000)
      const typed = ` r${round}-${'x'.repeat(round)}`
      await appendInEditor(app, typed)
      expected += typed
      await page.reload()
    }

    await app.waitForEditor()
    await eventually(async () => expect(await app.editorLine(), 'after the last reload').toBe(expected), 5_000)
    expect(await app.composer.getByRole('radio', { name: 'Text' }).isChecked()).toBe(true)
    expect(await app.nameField.inputValue()).toBe('Demo echo')
    // The journals were applied and then stored in IndexedDB, so they do not pile up.
    await eventually(async () => {
      const stored = await readStoredRecord(page)
      const echo = stored?.state.workspaces.flatMap((w) => w.connections).find((c) => c.name === 'Demo echo')
      expect(echo?.draft.text).toBe(expected)
      const journals = await page.evaluate(
        (prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)),
        JOURNAL_PREFIX,
      )
      expect(journals).toEqual([])
    }, 5_000)
  })

  it('keeps a connection renamed just before an immediate reload', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo ticker').click()
    await app.nameField.fill('Renamed then reloaded')
    await page.reload()

    await app.connection('Renamed then reloaded').waitFor()
    expect(await app.connectionNames()).toEqual(['Demo echo', 'Renamed then reloaded', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
    expect(await app.connection('Renamed then reloaded').getAttribute('aria-current')).toBe('true')
    expect(await app.nameField.inputValue()).toBe('Renamed then reloaded')

    // A second rename, again straight into a reload, replaces the first rather than reverting.
    await app.nameField.fill('Renamed twice')
    await page.reload()
    await app.connection('Renamed twice').waitFor()
    expect(await app.connectionNames()).toEqual(['Demo echo', 'Renamed twice', 'Demo chat', 'Demo Socket.IO', 'Demo SSE ticker', 'Demo WebSocketStream'])
  })
})
