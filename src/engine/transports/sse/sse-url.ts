/** Why a URL cannot be an event stream's, or null. */
export function checkSseUrl(input: string): string | null {
  const trimmed = input.trim()
  if (trimmed === '') return 'Enter a URL starting with http:// or https://.'
  if (!trimmed.includes('://')) return `URL must start with http:// or https://; did you mean http://${trimmed}?`
  let parsed: URL
  try {
    parsed = new URL(trimmed)
  } catch {
    return 'Not a valid URL. Expected something like http://localhost:8080/events.'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `Server-Sent Events need an http:// or https:// URL (got ${parsed.protocol}//).`
  }
  if (parsed.hostname === '') return 'The URL has no host.'
  return null
}
