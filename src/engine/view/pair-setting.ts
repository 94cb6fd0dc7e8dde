// The pairing setting as plain data, and how it reads: no path code, so the page's first screen
// can show it while the pairing itself runs in the Worker (pair-paths.ts).

/** Which frames are requests: sent ones (the default), received ones (a server that calls the client), or both. */
export type PairRequests = 'sent' | 'received' | 'both'

export const PAIR_REQUESTS: readonly PairRequests[] = ['sent', 'received', 'both']

/**
 * The user's own pairing of a connection: a request carries a key at `request`, its reply the
 * same key at `reply` (JSONPath subset of ../match/json-path.ts). Plain data: it travels in
 * ConnectionConfig and is stored in workspaces.
 */
export type PairingPaths = {
  readonly request: string
  readonly reply: string
  /** Absent: sent frames are requests, received ones replies. */
  readonly requests?: PairRequests
}

/** One string per setting: what decides whether a configure changed the pairing. */
export function pairingKey(paths: PairingPaths): string {
  return `${paths.request.trim()}\u0000${paths.reply.trim()}\u0000${paths.requests ?? 'sent'}`
}

/** "$.id → $.replyTo", with the direction when it is not the default. */
export function pairingLabel(paths: PairingPaths): string {
  const arrow = `${paths.request.trim()} → ${paths.reply.trim()}`
  switch (paths.requests ?? 'sent') {
    case 'sent':
      return arrow
    case 'received':
      return `${arrow} (requests received)`
    case 'both':
      return `${arrow} (both directions)`
  }
}
