import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { appPage, eventually } from './support/app-page.ts'
import { axeViolations } from './support/axe.ts'
import { setupE2E } from './support/e2e.ts'

// Issue 9's "Done when", end to end: a scenario built in the UI against the demo echo, run in
// the app (live status, pass, then a failure with its frames and reasons), exported with the
// export dialog, and the very file run by the headless runner with the same outcome.

const BIN = join(process.cwd(), 'src/cli/frameline.mjs')
const dir = mkdtempSync(join(tmpdir(), 'frameline-scenario-e2e-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Run = { code: number | null; stdout: string; stderr: string }

function runner(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, CI: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

async function exportWorkspace(page: Page, name: string): Promise<string> {
  await appPage(page).sidebar.getByRole('button', { name: 'Export workspace' }).click()
  const dialog = page.getByRole('dialog', { name: /^Export workspace “/ })
  await dialog.waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()])
  const failure = await download.failure()
  if (failure) throw new Error(`the download failed: ${failure}`)
  const path = join(dir, name)
  writeFileSync(path, readFileSync(await download.path(), 'utf8'))
  await dialog.waitFor({ state: 'detached' })
  return path
}

describe('Scenarios in Chromium', () => {
  const e2e = setupE2E()

  it('builds a scenario against the demo echo, runs it (pass, then a failure with reasons), and the exported file runs the same in the headless runner', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.connection('Demo echo').waitFor()

    await app.sidebar.getByRole('button', { name: /^Scenarios/ }).click()
    const section = page.getByRole('main')
    await section.getByRole('button', { name: 'New scenario' }).click()
    const name = section.getByRole('textbox', { name: 'Scenario name' })
    await name.fill('Echo check')
    // The new scenario runs on the first connection, the demo echo.
    expect(await section.getByRole('region', { name: 'Scenario settings' }).getByRole('combobox', { name: 'Connection' }).locator('option:checked').textContent()).toBe('Demo echo')

    const addStep = async (type: string) => {
      await section.getByRole('combobox', { name: 'New step' }).selectOption({ label: type })
      await section.getByRole('button', { name: 'Add step' }).click()
    }
    const step = (n: number) => section.getByRole('group', { name: new RegExp(`^Step ${n}: `) })

    // 1 connect (there from the start), 2 send the saved Ping, 3 expect its echo by JSON path, 4 close.
    await step(1).waitFor()
    await addStep('Send')
    expect(await step(2).getByRole('combobox', { name: 'Message' }).locator('option:checked').textContent()).toBe('Saved: Ping')
    await addStep('Expect')
    await step(3).getByRole('combobox', { name: 'Match by' }).selectOption({ label: 'JSON field' })
    const field = step(3).getByRole('group', { name: 'Expected frame' })
    await field.getByRole('textbox', { name: 'JSON path' }).fill('$.type')
    await field.getByRole('combobox', { name: 'Operator' }).selectOption('equals')
    await field.getByRole('textbox', { name: 'Value' }).fill('ping')
    await step(3).getByRole('textbox', { name: 'Within (ms)' }).fill('3000')
    await addStep('Close')
    await step(4).waitFor()

    // Keyboard: Run is reachable and pressed with Enter.
    const run = section.getByRole('button', { name: 'Run', exact: true })
    await run.focus()
    await page.keyboard.press('Enter')
    const report = section.getByRole('region', { name: 'Report' })
    await eventually(async () => expect(await report.getByRole('heading').textContent()).toMatch(/Passed/), 15_000)
    const results = report.getByRole('list', { name: 'Step results' }).getByRole('listitem')
    expect(await results.count()).toBe(4)
    for (let i = 0; i < 4; i++) expect(await results.nth(i).textContent()).toMatch(/Passed/)
    expect(await results.nth(2).textContent()).toContain('$.type')
    expect(await report.getByRole('status').textContent()).toMatch(/Echo check passed: 4 of 4 steps/)
    // Live status on the builder's rows too, in words.
    expect(await step(3).textContent()).toContain('Passed')
    expect(await axeViolations(page)).toEqual([])

    const command = await section.getByLabel('Runner command').textContent()
    expect(command).toMatch(/^npx frameline run .+\.json"? --scenario "Echo check"$/)

    // Make it fail: the echo says "ping", the expectation now wants "pong".
    await field.getByRole('textbox', { name: 'Value' }).fill('pong')
    await step(3).getByRole('textbox', { name: 'Within (ms)' }).fill('800')
    await run.click()
    await eventually(async () => expect(await report.getByRole('heading').textContent()).toMatch(/Failed/), 15_000)
    expect(await results.nth(2).textContent()).toMatch(/Failed/)
    expect(await results.nth(3).textContent()).toMatch(/Skipped/)
    expect(await report.getByRole('status').textContent()).toMatch(/Echo check failed at step 3/)
    const frames = report.getByRole('table', { name: 'Frames around step 3' })
    await frames.waitFor()
    const echoRow = frames.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Received', exact: true }) }).filter({ hasText: '"ping"' }).first()
    await echoRow.waitFor()
    // Why this frame did not match, as text: the value it has against the one wanted.
    expect(await echoRow.textContent()).toMatch(/pong/)
    expect(await axeViolations(page)).toEqual([])

    // The failing version, exported and run by the headless runner: exit 1 there too.
    const failingFile = await exportWorkspace(page, 'failing.json')
    const failed = await runner(['run', failingFile, '--scenario', 'Echo check', '--out', join(dir, 'out-failing')])
    expect(failed.code, failed.stdout + failed.stderr).toBe(1)
    expect(failed.stdout).toContain('Echo check')

    // Back to the passing version: the app and the runner agree, exit 0 with a JUnit report.
    await field.getByRole('textbox', { name: 'Value' }).fill('ping')
    await run.click()
    await eventually(async () => expect(await report.getByRole('heading').textContent()).toMatch(/Passed/), 15_000)
    const passingFile = await exportWorkspace(page, 'passing.json')
    const exported = JSON.parse(readFileSync(passingFile, 'utf8')) as { workspace: { scenarios: { name: string; steps: { type: string }[] }[] } }
    expect(exported.workspace.scenarios.map((s) => [s.name, s.steps.map((x) => x.type)])).toEqual([['Echo check', ['connect', 'send', 'expect', 'close']]])
    const passed = await runner(['run', passingFile, '--scenario', 'Echo check', '--reporter', 'junit', '--out', join(dir, 'out-passing')])
    expect(passed.code, passed.stdout + passed.stderr).toBe(0)
    const junit = readFileSync(join(dir, 'out-passing', 'junit.xml'), 'utf8')
    expect(junit).toMatch(/<testsuite[^>]*name="Echo check"[^>]*failures="0"/)

    // The run used the sidebar's connection: its timeline shows the traffic.
    await section.getByRole('button', { name: 'Close scenarios' }).click()
    await app.connection('Demo echo').click()
    await eventually(async () => expect(await app.sentRows.count()).toBeGreaterThan(0))
  }, 120_000)
})
