/**
 * The part of a share link the page handles at startup, before anything else runs: finding the
 * data in the address bar and taking it out. Decoding and checking it (share-link.ts, with the
 * file format's validator) loads only when a link is there.
 */

export const SHARE_FRAGMENT_PREFIX = '#share='
/** Longest fragment accepted when reading: far above anything this app writes, far below harm. */
export const MAX_SHARE_CHARS = 512 * 1024

/** The data after `#share=`, or null when the fragment is not a share link at all. */
export function shareDataFromHash(hash: string): string | null {
  if (!hash.startsWith(SHARE_FRAGMENT_PREFIX)) return null
  const raw = hash.slice(SHARE_FRAGMENT_PREFIX.length)
  // Some apps percent-encode what they pass on; base64url itself never needs it. An overlong
  // fragment is left as it is, for readShareData to refuse by its length without decoding it.
  if (!raw.includes('%') || raw.length > MAX_SHARE_CHARS) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/**
 * Takes a share link's data out of the address bar: returns it and removes the fragment (keeping
 * the path and query), so the link does not linger in the tab, in a bookmark or in a reload.
 */
export function takeShareData(location: Pick<Location, 'hash' | 'pathname' | 'search'>, history: Pick<History, 'replaceState' | 'state'>): string | null {
  const data = shareDataFromHash(location.hash)
  if (data === null) return null
  history.replaceState(history.state, '', `${location.pathname}${location.search}`)
  return data
}
