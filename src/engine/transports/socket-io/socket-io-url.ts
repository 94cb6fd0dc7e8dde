/** The URL check of Socket.IO connections, on its own so the page can use it without the transport. */
export function normalizeSocketIoUrl(input: string): { ok: true; url: string; namespace: string } | { ok: false; error: string } {
  const trimmed = input.trim()
  if (trimmed === '') return { ok: false, error: 'Enter a URL starting with http:// or https://.' }
  if (!trimmed.includes('://')) return { ok: false, error: `URL must start with http:// or https://; did you mean http://${trimmed}?` }
  let parsed: URL
  try {
    parsed = new URL(trimmed)
  } catch {
    return { ok: false, error: 'Not a valid URL. Expected something like http://localhost:3000.' }
  }
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:'
  else if (parsed.protocol === 'wss:') parsed.protocol = 'https:'
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, error: `A Socket.IO URL starts with http://, https://, ws:// or wss:// (got ${parsed.protocol}//).` }
  }
  if (parsed.hostname === '') return { ok: false, error: 'The URL has no host.' }
  if (parsed.search !== '') return { ok: false, error: 'Put query parameters in the Query fields, not in the URL.' }
  return { ok: true, url: parsed.origin, namespace: parsed.pathname === '' ? '/' : parsed.pathname }
}
