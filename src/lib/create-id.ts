/**
 * Random ids for connections, messages and workspaces. crypto.randomUUID needs a secure context
 * (https or localhost); a hosted http:// page lacks it, so fall back to getRandomValues.
 */
export function createId(prefix = ''): string {
  const bytes = new Uint8Array(10)
  crypto.getRandomValues(bytes)
  let out = prefix
  for (const byte of bytes) out += byte.toString(36).padStart(2, '0').slice(-2)
  return out
}
