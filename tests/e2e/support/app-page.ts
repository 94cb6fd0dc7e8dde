import type { Locator, Page } from 'playwright-core'

/** Polls until `check` passes or `timeoutMs` runs out; rethrows its last failure. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((done) => setTimeout(done, intervalMs))
    }
  }
}

/**
 * The app as a user sees it, through roles and accessible names (the names the UI code gives its
 * controls), so a spec reads like the steps a person would take.
 */
export function appPage(page: Page) {
  const sidebar = page.getByRole('complementary', { name: 'Saved connections' })
  const header = page.getByRole('region', { name: 'Connection', exact: true })
  const composer = page.getByRole('region', { name: 'Composer' })
  const timeline = page.getByRole('region', { name: 'Timeline' })
  const frames = timeline.getByRole('listbox', { name: 'Frames' }).getByRole('option')
  const editor = composer.locator('.monaco-editor').first()

  return {
    page,
    sidebar,
    header,
    composer,
    timeline,
    frames,
    editor,
    connectionList: sidebar.getByRole('list', { name: 'Connections' }),
    connection: (name: string) => sidebar.getByRole('list', { name: 'Connections' }).getByRole('button', { name, exact: true }),
    addConnectionButton: sidebar.getByRole('button', { name: 'Add connection', exact: true }),
    nameField: header.getByRole('textbox', { name: 'Connection name' }),
    urlField: header.getByRole('textbox', { name: 'URL' }),
    connectButton: header.getByRole('button', { name: 'Connect', exact: true }),
    disconnectButton: header.getByRole('button', { name: 'Disconnect', exact: true }),
    status: header.locator('.connection-status[role="status"]'),
    sendButton: composer.getByRole('button', { name: 'Send', exact: true }),
    /** Picks a payload mode the way a user does: by clicking its label. */
    chooseMode: (label: RegExp) =>
      composer.getByRole('radiogroup', { name: 'Payload mode' }).locator('label').filter({ hasText: label }).click(),
    sentRows: frames.filter({ has: page.getByRole('img', { name: 'Sent' }) }),
    receivedRows: frames.filter({ has: page.getByRole('img', { name: 'Received' }) }),
    detail: timeline.getByRole('region', { name: 'Frame detail' }),
    stat: (label: 'In' | 'Out' | 'Retained' | 'Rate' | 'Dropped'): Locator =>
      timeline.locator('.tl-stats > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd'),

    /** Waits for Monaco itself (not the loading placeholder) to be in the composer. */
    async waitForEditor(): Promise<void> {
      await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 30_000 })
    },

    /** Replaces the editor's content by typing, as a user would. */
    async typeInEditor(text: string): Promise<void> {
      await this.waitForEditor()
      await editor.click()
      await page.keyboard.press('ControlOrMeta+A')
      await page.keyboard.press('Delete')
      await page.keyboard.type(text)
    },

    /**
     * What Monaco shows for single-line content. Word wrap splits a long line over several view
     * lines that the DOM cannot tell from real ones, so the view lines are joined without a break.
     */
    async editorLine(): Promise<string> {
      return (await this.editorViewLines()).join('')
    },

    /** Monaco's rendered lines, top to bottom (spaces come back as spaces, not no-break spaces). */
    async editorViewLines(): Promise<string[]> {
      const lines = await editor.locator('.view-lines .view-line').evaluateAll((nodes) =>
        nodes
          .map((node) => ({ top: Number.parseFloat((node as HTMLElement).style.top || '0'), text: node.textContent ?? '' }))
          .sort((a, b) => a.top - b.top)
          .map((line) => line.text),
      )
      return lines.map((line) => line.replaceAll('\u00a0', ' '))
    },

    /** The saved connections' names, in sidebar order. */
    async connectionNames(): Promise<string[]> {
      return sidebar
        .getByRole('list', { name: 'Connections' })
        .locator('[data-connection-id]')
        .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''))
    },

    /** The selected connection's saved messages (composer library), top to bottom. */
    savedMessages: composer.getByRole('list', { name: 'Saved messages' }).getByRole('listitem'),

    async savedMessageNames(): Promise<string[]> {
      return composer.getByRole('list', { name: 'Saved messages' }).locator('.composer-saved-title').allTextContents()
    },

    /** Saves what the editor holds under `name`, as a user does in the composer library. */
    async saveCurrentMessage(name: string): Promise<void> {
      await composer.getByRole('textbox', { name: 'Name for the saved message' }).fill(name)
      await composer.getByRole('button', { name: 'Save current' }).click()
      await composer.getByRole('list', { name: 'Saved messages' }).locator('.composer-saved-title', { hasText: name }).first().waitFor()
    },

    /** The numeric frame count at the start of a stats cell ("12 · 340 B" → 12). */
    async statCount(label: 'In' | 'Out' | 'Retained'): Promise<number> {
      const text = (await this.stat(label).textContent()) ?? ''
      return Number.parseInt((text.split('·')[0] ?? '').replace(/\D/g, '') || 'NaN', 10)
    },
  }
}

export type AppPage = ReturnType<typeof appPage>
