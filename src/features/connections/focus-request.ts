/**
 * "+ Add" lives in the sidebar, the URL field in the header, which mounts for the new connection
 * only after the store update renders. The sidebar leaves a note here; the header takes it when it
 * mounts for that connection. A note nobody takes soon is stale: a header that mounts much later
 * (after the user moved on) must not grab focus.
 */
const STALE_AFTER_MS = 1_000

let pending: { connectionId: string; at: number } | null = null

export function requestUrlFocus(connectionId: string): void {
  pending = { connectionId, at: Date.now() }
}

/** True once for the connection that asked, if asked recently. */
export function takeUrlFocusRequest(connectionId: string): boolean {
  if (pending?.connectionId !== connectionId) return false
  const fresh = Date.now() - pending.at < STALE_AFTER_MS
  pending = null
  return fresh
}
