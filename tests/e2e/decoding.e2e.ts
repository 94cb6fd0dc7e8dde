import { createRequire } from 'node:module'
import type * as GraphQL from 'graphql'
import type * as GraphQLWsServer from 'graphql-ws/use/ws'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { appPage, eventually } from './support/app-page.ts'
import { setupE2E } from './support/e2e.ts'
import { DEMO_WS } from './support/preview-server.ts'

// graphql-ws's ws adapter is CommonJS under vitest: graphql is loaded the same way, or the schema
// comes from "another module or realm" (graphql's instanceof check).
const require = createRequire(import.meta.url)
const { buildSchema } = require('graphql') as typeof GraphQL
const { useServer } = require('graphql-ws/use/ws') as typeof GraphQLWsServer

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** graphql-ws's own server on 127.0.0.1 (port 0): a subscription that yields three values, 50 ms apart. */
async function startGraphqlServer(): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  const schema = buildSchema('type Query { hello: String } type Subscription { example: String }')
  const roots = {
    query: { hello: () => 'world' },
    subscription: {
      example: async function* () {
        for (const value of ['one', 'two', 'three']) {
          await new Promise((resolve) => setTimeout(resolve, 50))
          yield { example: value }
        }
      },
    },
  }
  const server = useServer({ schema, roots }, wss)
  cleanups.push(async () => {
    await server.dispose()
    for (const client of wss.clients) client.terminate()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  })
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error('expected a port')
  return `ws://127.0.0.1:${address.port}/graphql`
}

// Decoding in the built app: a STOMP conversation with the demo broker, composed from templates in
// Monaco (the NUL must survive the editor), read back as STOMP in the connection Worker.
describe('protocol decoding in Chromium', () => {
  const e2e = setupE2E()

  it('detects STOMP from the negotiated subprotocol and shows each frame in its own vocabulary', async () => {
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.addConnectionButton.click()
    await app.nameField.fill('Demo STOMP')
    await app.urlField.fill(`${DEMO_WS}stomp`)
    await page.getByRole('textbox', { name: 'Subprotocols' }).fill('v12.stomp')
    await app.connection('Demo STOMP').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await eventually(async () => expect(await page.getByLabel('Decode as').locator('option:checked').textContent()).toBe('Detect (STOMP 1.2)'))
    await app.waitForEditor()

    const templates = page.getByLabel('Insert a protocol template')
    for (const template of ['STOMP CONNECT', 'STOMP SUBSCRIBE', 'STOMP SEND']) {
      await templates.selectOption({ label: template })
      await app.sendButton.click()
      await eventually(async () => expect(await page.getByText(/^Sent \d+ bytes\./).count()).toBeGreaterThan(0))
    }
    const previews = () => app.frames.locator('.tl-row-preview').allTextContents()
    await eventually(async () => expect(await previews()).toContain('STOMP MESSAGE /topic/example'), 10_000)
    const shown = await previews()
    expect(shown).toEqual(
      expect.arrayContaining([
        'STOMP CONNECT',
        'STOMP CONNECTED',
        'STOMP SUBSCRIBE /topic/example',
        'STOMP SEND /topic/example',
        'STOMP MESSAGE /topic/example',
        expect.stringMatching(/^STOMP RECEIPT r-\d+ · \d+ ms$/),
      ]),
    )

    // The detail: the decoded form beside the frame exactly as received (NUL included).
    await app.frames.filter({ hasText: 'STOMP MESSAGE /topic/example' }).first().click()
    const decoded = page.getByTestId('frame-detail-decoded')
    await decoded.waitFor()
    expect(JSON.parse((await decoded.textContent()) ?? '')).toMatchObject({ command: 'MESSAGE', headers: { destination: '/topic/example' }, body: '{"hello":"world"}' })
    const raw = (await page.getByTestId('frame-detail-body').textContent()) ?? ''
    expect(raw).toMatch(/^MESSAGE\nsubscription:sub-\d+\n/)
    expect(raw.endsWith('{"hello":"world"}\u0000')).toBe(true)
  })

  it('runs a graphql-ws subscription against graphql-ws\'s own server, from the templates, paired and timed', async () => {
    const url = await startGraphqlServer()
    const { page } = await e2e.openApp()
    const app = appPage(page)
    await app.addConnectionButton.click()
    await app.nameField.fill('GraphQL')
    await app.urlField.fill(url)
    await page.getByRole('textbox', { name: 'Subprotocols' }).fill('graphql-transport-ws')
    await app.connection('GraphQL').waitFor()
    await app.connectButton.click()
    await eventually(async () => expect(await app.status.textContent()).toContain('Connected'))
    await eventually(async () => expect(await page.getByLabel('Decode as').locator('option:checked').textContent()).toContain('GraphQL'))
    await app.waitForEditor()
    const previews = () => app.frames.locator('.tl-row-preview').allTextContents()
    const templates = page.getByLabel('Insert a protocol template')
    await templates.selectOption({ label: 'GraphQL connection_init' })
    await app.sendButton.click()
    await eventually(async () => expect(await previews()).toContain('graphql connection_ack'), 10_000)
    await templates.selectOption({ label: 'GraphQL subscribe' })
    await app.sendButton.click()
    await eventually(async () => expect((await previews()).some((text) => /^graphql complete #\d+$/.test(text))).toBe(true), 10_000)
    const shown = (await previews()).filter((text) => text.startsWith('graphql'))
    expect(shown[0]).toBe('graphql connection_init')
    expect(shown[1]).toBe('graphql connection_ack')
    expect(shown[2]).toMatch(/^graphql subscribe #(\d+) subscription$|^graphql subscribe #\d+/)
    const id = /#(\d+)/.exec(shown[2] ?? '')?.[1]
    expect(shown.slice(3)).toEqual([expect.stringMatching(new RegExp(`^graphql next #${id} · \\d+ ms$`)), `graphql next #${id}`, `graphql next #${id}`, `graphql complete #${id}`])

    // The first item's detail: the decoded message beside the raw frame.
    await app.frames.filter({ hasText: `graphql next #${id} ·` }).first().click()
    const decoded = page.getByTestId('frame-detail-decoded')
    await decoded.waitFor()
    expect(JSON.parse((await decoded.textContent()) ?? '')).toMatchObject({ type: 'next', id, payload: { data: { example: 'one' } } })
  })
})
