import type { Connection, Variable } from '../workspace/model.ts'
import type { Redaction } from '../workspace/redact.ts'
import { MAX_SHARE_CHARS, SHARE_FRAGMENT_PREFIX } from './share-fragment.ts'
import { parseWorkspaceFile, prepareConnectionExport, prepareWorkspaceExport, type ParsedWorkspaceFile, type ParseResult } from '../workspace/workspace-file.ts'

/*
 * Share links: one connection, as a one-connection workspace file (src/workspace/workspace-file.ts),
 * carried in the URL fragment — `…/#share=v1.<data>` — which browsers never send to any server.
 * <data> is the file's JSON, compressed with CompressionStream('deflate-raw') and written in
 * base64url; both exist in every browser Frameline supports, so no library is needed. Reading a
 * link runs the file through the same all-or-nothing parser as an imported file, after caps on the
 * link's length and on what it unpacks to (a small link must not inflate into gigabytes).
 */

/** The encoding of <data>: deflate-raw + base64url of a workspace file. Bumped if that changes. */
export const SHARE_ENCODING = 'v1'
/** Most bytes a link may unpack to (a workspace file of one connection and its saved messages). */
export const MAX_SHARE_JSON_BYTES = 2 * 1024 * 1024
/** Beyond this many characters some chat apps, mail clients and older browsers cut links. */
export const LONG_LINK_CHARS = 8000

export type ShareOptions = {
  /** Saved messages to include, by id; the others stay out. */
  savedMessageIds: readonly string[]
  /** Include the composer's draft; otherwise the link carries an empty draft in the same mode. */
  includeDraft: boolean
  /** Keep secret-looking values; otherwise they are written as "<redacted>". */
  includeSecrets: boolean
  /**
   * Workspace variables to carry with the connection (those it refers to, with the values in
   * effect). Secret ones are redacted like every secret unless includeSecrets.
   */
  variables?: readonly Variable[]
}

export type ShareLink = {
  url: string
  /** What was left out (includeSecrets false) or is carried in clear text (true). */
  redactions: Redaction[]
  warnings: string[]
}

// ---------------------------------------------------------------------------------------------
// Bytes

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, maxBytes: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter()
  // Errors surface on the readable side; these only must not go unhandled.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined)
  writer.close().catch(() => undefined)
  const reader = stream.readable.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new TooLarge()
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}

class TooLarge extends Error {}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Strict: only the base64url alphabet, no padding, a length a real encoding can have. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)
  let binary: string
  try {
    binary = atob(padded)
  } catch {
    return null
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The connection as the link carries it: only the chosen saved messages, the draft if asked. */
export function connectionToShare(connection: Connection, options: ShareOptions): Connection {
  const chosen = new Set(options.savedMessageIds)
  return {
    ...connection,
    draft: options.includeDraft ? connection.draft : { text: '', mode: connection.draft.mode },
    savedMessages: connection.savedMessages.filter((message) => chosen.has(message.id)),
    history: [],
  }
}

/** The app's address without its fragment: where the link opens. */
export function shareBaseUrl(pageUrl: string): string {
  const url = new URL(pageUrl)
  url.hash = ''
  return url.toString()
}

export async function createShareLink(connection: Connection, pageUrl: string, options: ShareOptions): Promise<ShareLink> {
  const shared = connectionToShare(connection, options)
  const prepared =
    options.variables && options.variables.length > 0
      ? prepareWorkspaceExport({ name: connection.name, connections: [shared], variables: options.variables.map((v) => ({ ...v })) }, { redact: !options.includeSecrets })
      : prepareConnectionExport(shared, { redact: !options.includeSecrets })
  // The file as an export writes it, without the indentation: same content, a shorter link.
  const json = JSON.stringify(JSON.parse(prepared.text))
  const compressed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'), Number.POSITIVE_INFINITY)
  const url = `${shareBaseUrl(pageUrl)}${SHARE_FRAGMENT_PREFIX}${SHARE_ENCODING}.${toBase64Url(compressed)}`
  const warnings = [...prepared.warnings]
  if (url.length > LONG_LINK_CHARS) {
    warnings.push(
      `The link is ${url.length.toLocaleString('en-US')} characters long; some chat apps and mail clients cut links longer than about ${LONG_LINK_CHARS.toLocaleString('en-US')}. Include fewer saved messages, or export a file instead.`,
    )
  }
  return { url, redactions: prepared.redactions, warnings }
}

// ---------------------------------------------------------------------------------------------
// Reading

export type ShareReadResult = { ok: true; value: ParsedWorkspaceFile } | { ok: false; message: string; details: string[] }

const DAMAGED = 'This share link is damaged or incomplete — it may have been cut off or changed when it was copied'

function refuse(message: string, details: string[] = []): ShareReadResult {
  return { ok: false, message, details }
}


/** Decodes and checks a link's data; never throws, and says what is wrong in words. */
export async function readShareData(data: string): Promise<ShareReadResult> {
  if (data.length > MAX_SHARE_CHARS) {
    return refuse(
      `This share link is too long: ${data.length.toLocaleString('en-US')} characters after “#share=”; Frameline reads share links up to ${MAX_SHARE_CHARS.toLocaleString('en-US')}. Nothing was imported.`,
    )
  }
  const dot = data.indexOf('.')
  const encoding = dot < 0 ? '' : data.slice(0, dot)
  if (encoding !== SHARE_ENCODING) {
    if (/^v\d+$/.test(encoding) && Number(encoding.slice(1)) > Number(SHARE_ENCODING.slice(1))) {
      return refuse(`This share link was made by a newer version of Frameline (link format ${encoding}; this app reads ${SHARE_ENCODING}). Update Frameline to open it.`)
    }
    return refuse(`This is not a Frameline share link: its data should start with “${SHARE_ENCODING}.”. Nothing was imported.`)
  }
  const bytes = fromBase64Url(data.slice(dot + 1))
  if (!bytes || bytes.byteLength === 0) return refuse(`${DAMAGED}: it holds characters or a length a share link never has.`)

  let json: Uint8Array
  try {
    json = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_SHARE_JSON_BYTES)
  } catch (thrown) {
    if (thrown instanceof TooLarge) {
      return refuse(`This share link unpacks to more than ${MAX_SHARE_JSON_BYTES / (1024 * 1024)} MB, more than one connection ever needs. Nothing was imported.`)
    }
    return refuse(`${DAMAGED}: its data could not be unpacked.`)
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json)
  } catch {
    return refuse(`${DAMAGED}: its data is not text.`)
  }
  const parsed: ParseResult = parseWorkspaceFile(text)
  if (!parsed.ok) return refuse(`This share link does not hold a valid Frameline connection. ${parsed.message}`, parsed.details)
  const count = parsed.value.workspace.connections.length
  if (count !== 1) return refuse(`A share link holds exactly one connection; this one holds ${count}. Nothing was imported.`)
  return parsed
}

export { MAX_SHARE_CHARS, SHARE_FRAGMENT_PREFIX, shareDataFromHash, takeShareData } from './share-fragment.ts'
