/*
 * Secret redaction of single values (URLs, subprotocols, payload text, names): DOM-free, so the
 * runtime's Worker redacts timeline exports next to the log, with exactly the rules workspace
 * exports use (src/workspace/redact.ts builds on these).
 */

/**
 * Browsers cannot send custom handshake headers, so people put tokens in URL query strings,
 * userinfo and subprotocols, and in the payloads they send. An export replaces secret-looking
 * values with this marker unless the user opts in for that export (docs/reliability.md S3).
 */
export const REDACTED = '<redacted>'

export type RedactionKind = 'query-parameter' | 'userinfo' | 'jwt' | 'subprotocol' | 'json-field' | 'header' | 'auth' | 'secret-variable'

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

export type Finding = { kind: RedactionKind; description: string }
export type Scan = { text: string; findings: Finding[] }

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

/**
 * A value that is only `{{name}}` placeholders holds no secret: the secret, if any, is the
 * variable's value, which is redacted where it is defined. Redacting the reference would break
 * the template on a round trip.
 */
export function isTemplateReference(value: string): boolean {
  return /^(?:\{\{\s*\$?[A-Za-z_][\w.-]*(?:\s+[^\s{}]+)*\s*\}\})+$/.test(value)
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
        if (value === '' || value === REDACTED || isTemplateReference(decodeURIComponentSafe(value)) || !isSecretParameterName(decodeName(name))) return pair
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

function looksRandom(segment: string): boolean {
  return segment.length >= 8 && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment) && /^[A-Za-z0-9_+/=~-]+$/.test(segment)
}

/**
 * Subprotocol lists: an entry after a marker such as "access_token" is redacted whole; inside an
 * entry such as `base64url.bearer.authorization.k8s.io.<token>`, random-looking segments after a
 * marker segment are redacted; JWTs anywhere.
 */
function redactProtocolList(protocols: readonly string[]): { protocols: string[]; findings: Finding[] } {
  const findings: Finding[] = []
  const out = protocols.map((entry, index) => {
    const previous = index > 0 ? protocols[index - 1] : undefined
    if (previous !== undefined && CREDENTIAL_MARKERS.has(markerWord(previous)) && entry !== REDACTED && !isTemplateReference(entry)) {
      findings.push({ kind: 'subprotocol', description: `subprotocol ${index + 1} (after "${previous}")` })
      return REDACTED
    }
    const jwt = redactText(entry)
    if (jwt.findings.length > 0) {
      findings.push(...jwt.findings.map((f) => ({ ...f, description: `JWT in subprotocol ${index + 1}` })))
      return jwt.text
    }
    const segments = entry.split('.')
    const markerAt = segments.findIndex((segment) => CREDENTIAL_MARKERS.has(markerWord(segment)))
    if (markerAt < 0) return entry
    let changed = false
    const redacted = segments.map((segment, i) => {
      if (i <= markerAt || !looksRandom(segment)) return segment
      changed = true
      return REDACTED
    })
    if (!changed) return entry
    findings.push({ kind: 'subprotocol', description: `token in subprotocol ${index + 1}` })
    return redacted.join('.')
  })
  return { protocols: out, findings }
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

const entryNumber = (finding: Finding) => Number(/subprotocol (\d+)/.exec(finding.description)?.[1] ?? 0)

/**
 * Subprotocol lists: the engine's rules (the entry after a marker such as "access_token", JWTs,
 * random-looking segments after a marker), and, for an entry they left alone, everything after a
 * marker segment (`bearer.<token>`, `base64url.bearer.authorization.k8s.io.<token>`), whatever the
 * token looks like. Here in the engine, so the Worker's timeline exports redact exactly as
 * workspace files do.
 */
export function redactProtocols(protocols: readonly string[]): { protocols: string[]; findings: Finding[] } {
  const base = redactProtocolList(protocols)
  const findings = [...base.findings]
  const out = base.protocols.map((entry, index) => {
    if (entry !== protocols[index]) return entry
    const start = tokenStart(entry)
    if (start < 0 || entry.slice(start) === REDACTED || isTemplateReference(entry.slice(start))) return entry
    findings.push({ kind: 'subprotocol', description: `token in subprotocol ${index + 1}` })
    return entry.slice(0, start) + REDACTED
  })
  // In entry order, as the preview lists them (sort is stable for findings of one entry).
  return { protocols: out, findings: findings.sort((a, b) => entryNumber(a) - entryNumber(b)) }
}

// "name": "value" pairs in JSON-ish text; keys and values may contain escaped quotes.
const STRING_FIELD = /"((?:[^"\\\n]|\\.){1,200})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g

/** Payload text: string values of secret-named fields (`"password": "…"`) and JWTs anywhere. */
export function redactPayload(text: string): Scan {
  const findings: Finding[] = []
  const fields = text.replace(STRING_FIELD, (whole, name: string, colon: string, value: string) => {
    if (value === '' || value === REDACTED || isTemplateReference(value) || !isSecretFieldName(name)) return whole
    findings.push({ kind: 'json-field', description: `field "${name}"` })
    return `"${name}"${colon}"${REDACTED}"`
  })
  const jwt = redactText(fields)
  return { text: findings.length > 0 || jwt.findings.length > 0 ? jwt.text : text, findings: [...findings, ...jwt.findings] }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
