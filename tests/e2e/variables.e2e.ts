import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// Issue 9's variables, in the built app against the demo server: a {{base}} URL, a secret
// {{token}} and {{$counter}} expanded on the wire, the template kept in history, the secret
// masked on screen and left out of an exported file, environments switching the values.

const SECRET = 'tok-s3cr3t-9931'
const TEMPLATE = '{"n":{{$counter}},"t":"{{token}}"}'

describe('variables and environments', () => {
  const e2e = setupE2E()

  it('expands {{base}}, {{token}} and {{$counter}} when connecting and sending; history keeps the template; secrets stay masked and out of exports', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    const base = DEMO_WS.replace(/\/demo\/$/, '')

    // Define the variables in the dialog, as a user would.
    const bar = page.getByRole('region', { name: 'Variables and environments' })
    await bar.getByRole('button', { name: 'Variables' }).click()
    const dialog = page.getByRole('dialog', { name: 'Variables and environments' })
    await dialog.waitFor()
    const addVariable = async (name: string, value: string, secret = false) => {
      await dialog.getByRole('textbox', { name: 'New variable', exact: true }).fill(name)
      await dialog.getByLabel('New variable value').fill(value)
      if (secret) await dialog.getByRole('form', { name: 'Add a variable' }).getByRole('checkbox', { name: 'Secret' }).check()
      await dialog.getByRole('button', { name: 'Add variable' }).click()
      await dialog.getByLabel(`Value of ${name}`, { exact: true }).waitFor()
    }
    await addVariable('base', base)
    await addVariable('token', SECRET, true)
    await addVariable('who', 'workspace')

    // The secret's value is masked until revealed, and masked again after.
    const tokenValue = dialog.getByLabel('Value of token', { exact: true })
    expect(await tokenValue.getAttribute('type')).toBe('password')
    expect(await dialog.getByLabel('Value of base', { exact: true }).getAttribute('type')).toBe('text')
    await dialog.getByRole('button', { name: 'Reveal value of token' }).click()
    expect(await tokenValue.getAttribute('type')).toBe('text')
    expect(await tokenValue.inputValue()).toBe(SECRET)
    await dialog.getByRole('button', { name: 'Hide value of token' }).click()
    expect(await tokenValue.getAttribute('type')).toBe('password')

    // An environment overriding {{who}}; not active yet.
    await dialog.getByRole('button', { name: 'Add environment' }).click()
    await dialog.getByRole('textbox', { name: 'Environment name' }).waitFor()
    expect(await dialog.getByRole('textbox', { name: 'Environment name' }).inputValue()).toBe('Staging')
    await addVariable('who', 'staging')
    // axe-core finds no serious or critical violation in the dialog, in either theme.
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme })
      const violations = await axeViolations(page)
      expect(violations, `variables dialog (${colorScheme}):\n${violations.join('\n')}`).toEqual([])
    }
    await dialog.getByRole('button', { name: 'Done' }).click()
    await dialog.waitFor({ state: 'detached' })

    // A connection whose URL is a template: accepted by the URL field, shown expanded.
    await app.addConnectionButton.click()
    await app.nameField.fill('Templated echo')
    await app.urlField.fill('{{base}}/demo/echo')
    await app.connection('Templated echo').waitFor()
    await eventually(async () => expect(await app.header.getByLabel('Expanded URL').textContent()).toBe(`Connects to ${base}/demo/echo`))
    expect(await app.header.locator('.field-error').count()).toBe(0)
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))

    // Monaco completes variable names inside {{ }}, closing the braces; a secret's value is not listed.
    await app.typeInEditor('"{{to')
    const suggest = page.locator('.suggest-widget')
    await eventually(async () => expect(await suggest.textContent()).toContain('token'))
    expect(await suggest.textContent()).not.toContain(SECRET)
    await page.keyboard.press('Enter')
    await eventually(async () => expect(await app.editorLine()).toBe('"{{token}}"'))

    // The preview shows what Send sends, the secret masked; the editor keeps the template.
    await app.typeInEditor(TEMPLATE)
    await eventually(async () => expect(await app.editorLine()).toBe(TEMPLATE))
    // Monaco's {{ }} completion opened as the braces were typed; it must not have changed the text.
    await page.keyboard.press('Escape')
    const preview = app.composer.getByLabel('Expanded payload')
    await eventually(async () => expect(await preview.textContent()).toBe('{"n":1,"t":"••••••"}'))
    expect(await app.composer.textContent()).not.toContain(SECRET)

    await app.sendButton.click()
    await eventually(async () => expect(await preview.textContent()).toBe('{"n":2,"t":"••••••"}'))
    await app.sendButton.click()
    // The timeline has what went over the wire: expanded, numbered 1 and 2.
    await eventually(async () => expect(await app.statCount('Out')).toBe(2))
    await eventually(async () => expect(await app.receivedRows.count()).toBe(2))
    const sent = await app.sentRows.allTextContents()
    expect(sent.some((row) => row.includes(`{"n":1,"t":"${SECRET}"}`))).toBe(true)
    expect(sent.some((row) => row.includes(`{"n":2,"t":"${SECRET}"}`))).toBe(true)

    // History holds the template, once, and never the secret.
    await app.composer.getByRole('tab', { name: /^History/ }).click()
    const history = app.composer.getByRole('list', { name: 'Sent history' })
    await history.waitFor()
    expect(await history.getByRole('listitem').count()).toBe(1)
    expect(await history.textContent()).toContain(TEMPLATE)
    expect(await history.textContent()).not.toContain(SECRET)

    // An unknown variable: named in the preview and in Send's error; nothing goes out.
    const unknown = '{"x":"{{nope}}"}'
    await app.typeInEditor(unknown)
    await eventually(async () => expect(await app.editorLine()).toBe(unknown))
    await page.keyboard.press('Escape')
    await eventually(async () => expect(await preview.textContent()).toContain('Unknown variable {{nope}}'))
    await app.sendButton.click()
    const alert = app.composer.getByRole('alert')
    await eventually(async () => expect(await alert.textContent()).toMatch(/^Not sent: Unknown variable \{\{nope\}\}/))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await app.statCount('Out')).toBe(2)

    // Switching the environment in the sidebar changes what {{who}} becomes.
    await app.chooseMode(/^Text$/)
    await app.typeInEditor('who={{who}}')
    await eventually(async () => expect(await app.editorLine()).toBe('who={{who}}'))
    await page.keyboard.press('Escape')
    await eventually(async () => expect(await preview.textContent()).toBe('who=workspace'))
    await bar.getByRole('combobox', { name: 'Environment' }).selectOption({ label: 'Staging' })
    await eventually(async () => expect(await preview.textContent()).toBe('who=staging'))
    await app.sendButton.click()
    await eventually(async () => expect(await app.statCount('Out')).toBe(3))
    await eventually(async () => expect((await app.sentRows.allTextContents()).some((row) => row.includes('who=staging'))).toBe(true))

    // The exported file keeps the template URL and the variables, but not the secret's value.
    await app.sidebar.getByRole('button', { name: 'Export workspace' }).click()
    const exportDialog = page.getByRole('dialog', { name: /^Export workspace “/ })
    await exportDialog.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Download' }).click()])
    const path = await download.path()
    const text = await readFile(path, 'utf8')
    expect(text).not.toContain(SECRET)
    const file = JSON.parse(text) as { workspace: { connections: { url: string }[]; variables: { name: string; value: string; secret?: boolean }[]; environments: { name: string }[] } }
    expect(file.workspace.connections.map((c) => c.url)).toContain('{{base}}/demo/echo')
    expect(file.workspace.variables).toEqual([
      { name: 'base', value: base },
      { name: 'token', value: '<redacted>', secret: true },
      { name: 'who', value: 'workspace' },
    ])
    expect(file.workspace.environments.map((e) => e.name)).toEqual(['Staging'])
  })
})
