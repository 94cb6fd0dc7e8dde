import type { FileConnection, FileWorkspace, TimelineEntry } from './file-schema.ts'

/**
 * Browsers cannot send custom handshake headers, so people put tokens in URL query strings,
 * userinfo and subprotocols, and in the payloads they send. An export replaces secret-looking
 * values with this marker unless the user opts in for that export (docs/reliability.md S3).
 */
export const REDACTED = '<redacted>'

export type RedactionKind = 'query-parameter' | 'userinfo' | 'jwt' | 'subprotocol' | 'json-field'

/** One secret found; never carries the secret itself, so the list is safe to show and log. */
export type Redaction = {
  /** Where it is, e.g. `connections[0].url`. */
  path: string
  /** The connection it belongs to, by name, for the preview. */
  connectionName: string
  kind: RedactionKind
  /** What was found, e.g. `query parameter "token"`. */
  description: string
}

type Finding = { kind: RedactionKind; description: string }
type Scan = { text: string; findings: Finding[] }

/** A JSON Web Token: base64url header and payload (both start `eyJ`, i.e. `{"`), then a signature. */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g

// Query parameters: broad, because URL query strings are the usual home of tokens in WebSocket
// URLs. `author` or `monkey` do not match: names are matched by word, not by substring.
const PARAM_WORDS = new Set([
  'token', 'key', 'apikey', 'auth', 'authorization', 'password', 'passwd', 'pass', 'pwd', 'secret',
  'jwt', 'sig', 'signature', 'session', 'sessionid', 'credential', 'credentials', 'bearer',
])
// JSON fields inside payloads: narrower, because `key` or `session` are common innocent fields in
// messages ({"key": "ArrowUp"}), and a payload is the user's own content.
const FIELD_WORDS = new Set([
  'token', 'apikey', 'authorization', 'password', 'passwd', 'pwd', 'secret', 'jwt', 'credential',
  'credentials', 'bearer',
])
// Names written as one word: accesstoken, clientsecret, xapikey.
const SECRET_SUFFIXES = ['token', 'secret', 'password', 'passwd', 'apikey', 'accesskey', 'privatekey', 'sessionid', 'credential', 'credentials', 'signature']

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
}

function looksSecret(name: string, words: ReadonlySet<string>): boolean {
  const parts = nameWords(name)
  if (parts.some((part) => words.has(part))) return true
  const joined = parts.join('')
  return SECRET_SUFFIXES.some((suffix) => joined.endsWith(suffix))
}

export function isSecretParameterName(name: string): boolean {
  return looksSecret(name, PARAM_WORDS)
}

export function isSecretFieldName(name: string): boolean {
  return looksSecret(name, FIELD_WORDS)
}

/** Replaces every JWT-shaped substring. */
export function redactText(text: string): Scan {
  const findings: Finding[] = []
  const replaced = text.replace(JWT_PATTERN, () => {
    findings.push({ kind: 'jwt', description: 'JWT-shaped token' })
    return REDACTED
  })
  return { text: findings.length > 0 ? replaced : text, findings }
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    return raw
  }
}

/**
 * Works on the URL text, not through `new URL`, so everything that is not a secret stays
 * byte-for-byte as the user wrote it (no re-encoding) and half-typed URLs are handled too.
 */
export function redactUrl(url: string): Scan {
  const findings: Finding[] = []
  let rest = url
  let prefix = ''
  const authority = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)/.exec(url)
  if (authority) {
    const scheme = authority[1] ?? ''
    let host = authority[2] ?? ''
    const at = host.lastIndexOf('@')
    if (at >= 0 && host.slice(0, at) !== REDACTED) {
      findings.push({ kind: 'userinfo', description: 'user name and password in the URL' })
      host = `${REDACTED}${host.slice(at)}`
    }
    prefix = scheme + host
    rest = url.slice(authority[0].length)
  }
  const hashAt = rest.indexOf('#')
  const fragment = hashAt >= 0 ? rest.slice(hashAt) : ''
  const beforeHash = hashAt >= 0 ? rest.slice(0, hashAt) : rest
  const queryAt = beforeHash.indexOf('?')
  let path = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash
  let query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : null
  if (query !== null) {
    query = query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=')
        if (eq < 0) return pair
        const name = pair.slice(0, eq)
        const value = pair.slice(eq + 1)
        if (value === '' || value === REDACTED || !isSecretParameterName(decodeName(name))) return pair
        findings.push({ kind: 'query-parameter', description: `query parameter "${decodeName(name)}"` })
        return `${name}=${REDACTED}`
      })
      .join('&')
  }
  const pathScan = redactText(path)
  path = pathScan.text
  findings.push(...pathScan.findings)
  let tail = query === null ? '' : `?${query}`
  const tailScan = redactText(tail + fragment)
  tail = tailScan.text
  findings.push(...tailScan.findings)
  return { text: prefix + path + tail, findings }
}

// A subprotocol entry that announces the next entry is a credential, as in
// `new WebSocket(url, ['access_token', token])` (Hasura, many tutorials) or ['bearer', token].
const CREDENTIAL_MARKERS = new Set(['accesstoken', 'token', 'bearer', 'authorization', 'auth', 'jwt', 'apikey', 'secret', 'password'])

function markerWord(entry: string): string {
  return entry.toLowerCase().replace(/[^a-z0-9]/g, '')
}

// Entries that carry a token after a fixed namespace; the Kubernetes API server's is the best known.
const TOKEN_PREFIXES = ['base64url.bearer.authorization.k8s.io.']

/**
 * Where the token starts inside one entry such as `bearer.<token>`, or -1. Everything after the
 * marker is the token, whatever its length or alphabet: a short or unusual token is still a
 * secret, and guessing "random-looking" let those through.
 */
function tokenStart(entry: string): number {
  const lower = entry.toLowerCase()
  const prefix = TOKEN_PREFIXES.find((p) => lower.startsWith(p) && entry.length > p.length)
  if (prefix) return prefix.length
  let at = 0
  for (const segment of entry.split('.')) {
    at += segment.length + 1
    if (CREDENTIAL_MARKERS.has(markerWord(segment))) return at < entry.length ? at : -1
  }
  return -1
}

/**
 * Subprotocol lists: an entry after a marker such as "access_token" is redacted whole; inside an
 * entry, what follows a marker segment (`bearer.<token>`, `base64url.bearer.authorization.k8s.io.<token>`)
 * is redacted; JWTs anywhere.
 */
export function redactProtocols(protocols: readonly string[]): { protocols: string[]; findings: Finding[] } {
  const findings: Finding[] = []
  const out = protocols.map((entry, index) => {
    const previous = index > 0 ? protocols[index - 1] : undefined
    if (previous !== undefined && CREDENTIAL_MARKERS.has(markerWord(previous)) && entry !== REDACTED) {
      findings.push({ kind: 'subprotocol', description: `subprotocol ${index + 1} (after "${previous}")` })
      return REDACTED
    }
    const jwt = redactText(entry)
    if (jwt.findings.length > 0) {
      findings.push(...jwt.findings.map((f) => ({ ...f, description: `JWT in subprotocol ${index + 1}` })))
      return jwt.text
    }
    const start = tokenStart(entry)
    if (start < 0 || entry.slice(start) === REDACTED) return entry
    findings.push({ kind: 'subprotocol', description: `token in subprotocol ${index + 1}` })
    return entry.slice(0, start) + REDACTED
  })
  return { protocols: out, findings }
}

// "name": "value" pairs in JSON-ish text; keys and values may contain escaped quotes.
const STRING_FIELD = /"((?:[^"\\\n]|\\.){1,200})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g

/** Payload text: string values of secret-named fields (`"password": "…"`) and JWTs anywhere. */
export function redactPayload(text: string): Scan {
  const findings: Finding[] = []
  const fields = text.replace(STRING_FIELD, (whole, name: string, colon: string, value: string) => {
    if (value === '' || value === REDACTED || !isSecretFieldName(name)) return whole
    findings.push({ kind: 'json-field', description: `field "${name}"` })
    return `"${name}"${colon}"${REDACTED}"`
  })
  const jwt = redactText(fields)
  return { text: findings.length > 0 || jwt.findings.length > 0 ? jwt.text : text, findings: [...findings, ...jwt.findings] }
}

export type RedactionResult = { workspace: FileWorkspace; redactions: Redaction[] }

/**
 * Finds every secret-looking value in a file workspace and, when `apply` is true, returns a copy
 * with each replaced by "<redacted>". With `apply` false the workspace comes back unchanged and
 * the list says what an import or an unredacted export carries.
 */
export function redactWorkspace(workspace: FileWorkspace, apply: boolean): RedactionResult {
  const redactions: Redaction[] = []
  const connections = workspace.connections.map((connection, index) => {
    const base = `connections[${index}]`
    const note = (path: string, scan: { findings: Finding[] }, where: string) => {
      for (const finding of scan.findings) {
        redactions.push({
          path: `${base}${path}`,
          connectionName: connection.name,
          kind: finding.kind,
          description: where === '' ? finding.description : `${where}: ${finding.description}`,
        })
      }
    }
    const name = redactText(connection.name)
    note('.name', name, 'name')
    const url = redactUrl(connection.url)
    note('.url', url, 'URL')
    const protocols = redactProtocols(connection.protocols)
    note('.protocols', protocols, '')
    const draft = redactPayload(connection.draft.text)
    note('.draft.text', draft, 'draft')
    const savedMessages = connection.savedMessages.map((message, m) => {
      const messageName = redactText(message.name)
      note(`.savedMessages[${m}].name`, messageName, `saved message ${m + 1} name`)
      const text = redactPayload(message.text)
      note(`.savedMessages[${m}].text`, text, `saved message "${messageName.text}"`)
      return { ...message, name: messageName.text, text: text.text }
    })
    const result: FileConnection = {
      id: connection.id,
      name: name.text,
      url: url.text,
      protocols: protocols.protocols,
      ...(connection.autoReconnect === true ? { autoReconnect: true } : {}),
      ...(connection.decoder === undefined ? {} : { decoder: connection.decoder }),
      draft: { ...connection.draft, text: draft.text },
      savedMessages,
    }
    if (connection.timeline) {
      result.timeline = connection.timeline.map((entry, f) => redactEntry(entry, (scan, field) => note(`.timeline[${f}].${field}`, scan, `timeline frame ${f + 1}`)))
    }
    return result
  })
  const workspaceName = redactText(workspace.name)
  for (const finding of workspaceName.findings) {
    redactions.push({ path: 'name', connectionName: '', kind: finding.kind, description: `workspace name: ${finding.description}` })
  }
  if (!apply) return { workspace, redactions }
  return { workspace: { name: workspaceName.text, connections }, redactions }
}

function redactEntry(entry: TimelineEntry, note: (scan: { findings: Finding[] }, field: string) => void): TimelineEntry {
  switch (entry.kind) {
    case 'message': {
      if (entry.payload === undefined) return entry
      const payload = redactPayload(entry.payload)
      note(payload, 'payload')
      return { ...entry, payload: payload.text }
    }
    case 'connecting': {
      const url = redactUrl(entry.url)
      note(url, 'url')
      const protocols = redactProtocols(entry.protocols)
      note(protocols, 'protocols')
      return { ...entry, url: url.text, protocols: protocols.protocols }
    }
    case 'open': {
      // The protocol the server chose is one of those offered, so it can be a token too.
      const protocol = redactProtocols([entry.protocol])
      note(protocol, 'protocol')
      return { ...entry, protocol: protocol.protocols[0] ?? entry.protocol }
    }
    case 'error': {
      const message = redactText(entry.message)
      note(message, 'message')
      return { ...entry, message: message.text }
    }
    case 'close': {
      const reason = redactText(entry.reason)
      note(reason, 'reason')
      return { ...entry, reason: reason.text }
    }
  }
}

/**
 * Whether any text in the workspace (names and timelines included) still holds a "<redacted>"
 * marker. A file re-exported after importing a redacted one has nothing left to replace, yet it is
 * still a redacted file: its `redacted` flag must say so, or a round trip would not be identical.
 */
export function holdsRedactedMarker(workspace: FileWorkspace): boolean {
  // Iterative: the schema bounds the depth, but a walk over plain data needs no recursion anyway.
  const stack: unknown[] = [workspace]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') {
      if (value.includes(REDACTED)) return true
    } else if (Array.isArray(value)) {
      stack.push(...value)
    } else if (typeof value === 'object' && value !== null) {
      stack.push(...Object.values(value))
    }
  }
  return false
}

/** Counts "<redacted>" markers, so an import preview can say which values must be filled in again. */
export function countRedactedMarkers(workspace: FileWorkspace): number {
  let count = 0
  const scan = (text: string) => {
    for (let at = text.indexOf(REDACTED); at >= 0; at = text.indexOf(REDACTED, at + REDACTED.length)) count += 1
  }
  for (const connection of workspace.connections) {
    scan(connection.url)
    connection.protocols.forEach(scan)
    scan(connection.draft.text)
    for (const message of connection.savedMessages) scan(message.text)
  }
  return count
}
