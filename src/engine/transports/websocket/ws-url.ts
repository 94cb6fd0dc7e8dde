export type UrlCheck = { ok: true; url: string } | { ok: false; error: string }

/**
 * Checks what the user typed before it reaches the WebSocket constructor, which would throw a
 * SyntaxError. http(s):// is accepted and rewritten to ws(s)://, since people paste server URLs.
 */
export function normalizeWebSocketUrl(input: string): UrlCheck {
  const trimmed = input.trim()
  if (trimmed === '') return { ok: false, error: 'Enter a URL starting with ws:// or wss://.' }
  // "localhost:8080" parses as a URL whose scheme is "localhost:"; say what is missing instead.
  if (!trimmed.includes('://')) {
    return { ok: false, error: `URL must start with ws:// or wss://; did you mean ws://${trimmed}?` }
  }
  let parsed: URL
  try {
    parsed = new URL(trimmed)
  } catch {
    return { ok: false, error: 'Not a valid URL. Expected something like ws://localhost:8080/socket.' }
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:'
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:'
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return { ok: false, error: `URL must start with ws:// or wss:// (got ${parsed.protocol}//).` }
  }
  if (parsed.hash !== '' || trimmed.includes('#')) {
    return { ok: false, error: 'WebSocket URLs cannot contain a #fragment; remove it.' }
  }
  if (parsed.hostname === '') return { ok: false, error: 'The URL has no host.' }
  return { ok: true, url: parsed.toString() }
}

/** Splits a subprotocol field ("graphql-ws, chat.v2") into the list the constructor takes. */
export function parseProtocols(input: string): string[] {
  return input
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

// RFC 6455 section 4.1: a subprotocol is a token (RFC 2616): visible ASCII except separators.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export function validateProtocols(protocols: readonly string[]): string | null {
  const seen = new Set<string>()
  for (const protocol of protocols) {
    if (!TOKEN.test(protocol)) return `Subprotocol "${protocol}" has characters a subprotocol cannot contain.`
    if (seen.has(protocol)) return `Subprotocol "${protocol}" is listed twice.`
    seen.add(protocol)
  }
  return null
}

/**
 * The target check of both WebSocket transports (WebSocket and WebSocketStream): a normalized URL
 * and valid subprotocols, or the first problem in words.
 */
export function checkWebSocketTarget<Spec extends { readonly url: string; readonly protocols: readonly string[] }>(
  spec: Spec,
): { ok: true; spec: Spec } | { ok: false; error: string } {
  const url = normalizeWebSocketUrl(spec.url)
  if (!url.ok) return url
  const protocolError = validateProtocols(spec.protocols)
  if (protocolError) return { ok: false, error: protocolError }
  return { ok: true, spec: { ...spec, url: url.url } }
}
