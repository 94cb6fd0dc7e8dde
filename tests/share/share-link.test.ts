// @vitest-environment node
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createShareLink,
  fromBase64Url,
  MAX_SHARE_CHARS,
  readShareData,
  SHARE_FRAGMENT_PREFIX,
  shareDataFromHash,
  takeShareData,
  toBase64Url,
  type ShareOptions,
} from '../../src/share/share-link.ts'
import type { Connection } from '../../src/workspace/model.ts'
import { prepareWorkspaceExport } from '../../src/workspace/workspace-file.ts'

const PAGE = 'https://example.test/tools/frameline/?lang=en#old-fragment'

function sample(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'c_orders',
    name: 'Orders <b>live</b> — ünïcødé 🚀',
    url: 'wss://api.example.test/orders?market=BTC&token=s3cr3t-t0ken',
    protocols: ['graphql-transport-ws'],
    autoReconnect: true,
    draft: { text: '{\n  "type": "subscribe",\n  "password": "hunter2"\n}', mode: 'json' },
    savedMessages: [
      { id: 'm_sub', name: 'Subscribe', text: '{"type":"subscribe","channel":"orders"}', mode: 'json' },
      { id: 'm_ping', name: 'Ping', text: 'ping', mode: 'text' },
      { id: 'm_bytes', name: 'Bytes', text: 'de ad be ef', mode: 'binary' },
    ],
    history: [{ text: 'sent before', mode: 'text', at: 1 }],
    ...overrides,
  }
}

const NOTHING: ShareOptions = { savedMessageIds: [], includeDraft: false, includeSecrets: false }

function dataOf(url: string): string {
  const hash = new URL(url).hash
  const data = shareDataFromHash(hash)
  if (data === null) throw new Error(`not a share link: ${url}`)
  return data
}

/** A link built by hand with zlib (not the app's encoder), for hostile and foreign content. */
function rawLink(json: string | Buffer): string {
  return `v1.${toBase64Url(deflateRawSync(typeof json === 'string' ? Buffer.from(json) : json))}`
}

async function roundTrip(connection: Connection, options: ShareOptions) {
  const link = await createShareLink(connection, PAGE, options)
  const read = await readShareData(dataOf(link.url))
  if (!read.ok) throw new Error(read.message)
  return { link, read: read.value, connection: read.value.workspace.connections[0] }
}

describe('creating a share link', () => {
  it('puts the data in the fragment of the page address, replacing any old fragment and keeping path and query', async () => {
    const { url } = await createShareLink(sample(), PAGE, NOTHING)
    expect(url.startsWith(`https://example.test/tools/frameline/?lang=en${SHARE_FRAGMENT_PREFIX}v1.`)).toBe(true)
    expect(url).not.toContain('old-fragment')
    expect(dataOf(url)).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
  })

  it('is the one-connection workspace file, deflate-raw compressed: standard zlib reads it back', async () => {
    const { url } = await createShareLink(sample(), PAGE, NOTHING)
    const bytes = fromBase64Url(dataOf(url).slice(3))
    const file = JSON.parse(inflateRawSync(Buffer.from(bytes!)).toString('utf8'))
    expect(file).toMatchObject({ format: 'frameline.workspace', version: 1, workspace: { name: sample().name } })
    expect(file.workspace.connections).toHaveLength(1)
  })

  it('carries only the chosen saved messages, and the draft only when asked', async () => {
    const none = await roundTrip(sample(), NOTHING)
    expect(none.connection?.savedMessages).toEqual([])
    expect(none.connection?.draft).toEqual({ text: '', mode: 'json' })

    const some = await roundTrip(sample(), { savedMessageIds: ['m_bytes', 'm_sub'], includeDraft: true, includeSecrets: true })
    // The connection's own order, not the order of the choice.
    expect(some.connection?.savedMessages.map((m) => m.id)).toEqual(['m_sub', 'm_bytes'])
    expect(some.connection?.draft).toEqual(sample().draft)
  })

  it('round-trips everything a connection is, except history, which never leaves the browser', async () => {
    const { connection } = await roundTrip(sample(), { savedMessageIds: ['m_sub', 'm_ping', 'm_bytes'], includeDraft: true, includeSecrets: true })
    expect(connection).toEqual({ ...sample(), history: [] })
  })

  it('leaves secrets out by default and says which; includes them only when asked, still listing them', async () => {
    const options = { savedMessageIds: [], includeDraft: true, includeSecrets: false }
    const redacted = await roundTrip(sample(), options)
    expect(redacted.connection?.url).toBe('wss://api.example.test/orders?market=BTC&token=<redacted>')
    expect(redacted.connection?.draft.text).toContain('"password": "<redacted>"')
    expect(redacted.link.redactions.map((r) => r.description)).toEqual(['URL: query parameter "token"', 'draft: field "password"'])
    expect(redacted.read.redactedMarkers).toBe(2)
    expect(redacted.link.url).not.toContain('s3cr3t')

    const clear = await roundTrip(sample(), { ...options, includeSecrets: true })
    expect(clear.connection?.url).toBe(sample().url)
    expect(clear.link.redactions).toHaveLength(2)
    // The receiving side is warned too.
    expect(clear.read.secrets.map((s) => s.description)).toEqual(['URL: query parameter "token"', 'draft: field "password"'])
  })

  it('compresses: a connection with repetitive messages makes a link shorter than its JSON', async () => {
    const big = 'x'.repeat(4000)
    const connection = sample({ savedMessages: [{ id: 'm_big', name: 'Big', text: `{"pad":"${big}"}`, mode: 'json' }] })
    const { link } = await roundTrip(connection, { savedMessageIds: ['m_big'], includeDraft: false, includeSecrets: false })
    expect(link.url.length).toBeLessThan(1000)
    expect(link.warnings).toEqual([])
  })

  it('warns about links long enough for chat apps to cut', async () => {
    const noise = Array.from({ length: 12_000 }, (_, i) => ((i * 7919) % 65_521).toString(36)).join('')
    const connection = sample({ savedMessages: [{ id: 'm_noise', name: 'Noise', text: noise, mode: 'text' }] })
    const { link } = await roundTrip(connection, { savedMessageIds: ['m_noise'], includeDraft: false, includeSecrets: false })
    expect(link.warnings.join(' ')).toMatch(/characters long; some chat apps and mail clients cut links/)
  })

  it('round-trips any names and texts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 2000 }), fc.constantFrom('json', 'text', 'binary' as const), async (name, text, mode) => {
        const connection = sample({ name, url: 'ws://127.0.0.1:1/x', protocols: [], draft: { text, mode }, savedMessages: [{ id: 'm_1', name, text, mode }] })
        const { connection: back } = await roundTrip(connection, { savedMessageIds: ['m_1'], includeDraft: true, includeSecrets: true })
        expect(back?.name).toBe(name)
        expect(back?.draft.text).toBe(text)
        expect(back?.savedMessages[0]?.text).toBe(text)
      }),
      { numRuns: 30 },
    )
  })
})

describe('reading a share link', () => {
  const refused = async (data: string) => {
    const result = await readShareData(data)
    if (result.ok) throw new Error(`accepted: ${data.slice(0, 60)}`)
    return result.message
  }

  it('refuses what is not a share link, or one from a newer Frameline, in words', async () => {
    expect(await refused('')).toMatch(/^This is not a Frameline share link/)
    expect(await refused('hello')).toMatch(/^This is not a Frameline share link/)
    expect(await refused('v0.abcd')).toMatch(/^This is not a Frameline share link/)
    expect(await refused('v2.abcd')).toMatch(/made by a newer version of Frameline \(link format v2/)
  })

  it('says a damaged or cut-off link is damaged', async () => {
    const { url } = await createShareLink(sample(), PAGE, { savedMessageIds: ['m_sub', 'm_ping'], includeDraft: true, includeSecrets: false })
    const data = dataOf(url)
    for (const bad of ['v1.', 'v1.ab$cd', 'v1.a', 'v1.====', data.slice(0, Math.floor(data.length / 2)), data.slice(0, -5), `${data.slice(0, 20)}AAAA${data.slice(24)}`]) {
      expect(await refused(bad)).toMatch(/^This share link is damaged or incomplete|does not hold a valid Frameline connection/)
    }
    expect(await refused(`v1.${toBase64Url(new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0x13]))}`)).toMatch(/^This share link is damaged or incomplete/)
  })

  it('refuses data that is not UTF-8 text, not JSON, or not a workspace file, with the parser’s reason', async () => {
    expect(await refused(rawLink(Buffer.from([0xc3, 0x28, 0xa0, 0xa1])))).toMatch(/its data is not text/)
    expect(await refused(rawLink('{"format": "frameline.workspace", '))).toMatch(/does not hold a valid Frameline connection\. This is not valid JSON \(line 1/)
    expect(await refused(rawLink('{"info": {"_postman_id": "1"}}'))).toMatch(/looks like a Postman collection/)
    expect(await refused(rawLink('{"format":"frameline.workspace","version":1,"workspace":{"name":"x","connections":[{"__proto__":{}}]}}'))).toMatch(
      /does not hold a valid Frameline connection/,
    )
  })

  it('accepts exactly one connection', async () => {
    const two = prepareWorkspaceExport({ name: 'Two', connections: [sample(), sample({ id: 'c_other', savedMessages: [] })] }).text
    expect(await refused(rawLink(two))).toBe('A share link holds exactly one connection; this one holds 2. Nothing was imported.')
    const none = prepareWorkspaceExport({ name: 'None', connections: [] }).text
    expect(await refused(rawLink(none))).toMatch(/holds 0/)
  })

  it('refuses a small link that unpacks into a huge one, without unpacking it all', async () => {
    const bomb = rawLink(Buffer.alloc(64 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(200_000)
    const started = Date.now()
    expect(await refused(bomb)).toMatch(/unpacks to more than 2 MB/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('refuses an overlong link before decoding it', async () => {
    expect(await refused(`v1.${'A'.repeat(MAX_SHARE_CHARS)}`)).toMatch(/^This share link is too long/)
  })

  it('finds the data only in a #share= fragment, percent-encoded or not', () => {
    expect(shareDataFromHash('#share=v1.abc')).toBe('v1.abc')
    expect(shareDataFromHash('#share=v1%2Eabc')).toBe('v1.abc')
    expect(shareDataFromHash('#share=%E0%A4%A')).toBe('%E0%A4%A')
    expect(shareDataFromHash('')).toBeNull()
    expect(shareDataFromHash('#other=v1.abc')).toBeNull()
    const overlong = `#share=v1.${'%41'.repeat(MAX_SHARE_CHARS)}`
    expect(shareDataFromHash(overlong)).toBe(overlong.slice('#share='.length))
  })
})

describe('takeShareData', () => {
  it('removes the fragment from the address bar, keeping path, query and history state', () => {
    const calls: unknown[][] = []
    const history = { state: { kept: true }, replaceState: (...args: unknown[]) => void calls.push(args) }
    expect(takeShareData({ hash: '#share=v1.abc', pathname: '/tools/frameline/', search: '?lang=en' }, history)).toBe('v1.abc')
    expect(calls).toEqual([[{ kept: true }, '', '/tools/frameline/?lang=en']])
  })

  it('leaves any other fragment alone', () => {
    const calls: unknown[][] = []
    const history = { state: null, replaceState: (...args: unknown[]) => void calls.push(args) }
    expect(takeShareData({ hash: '#section', pathname: '/', search: '' }, history)).toBeNull()
    expect(calls).toEqual([])
  })
})
