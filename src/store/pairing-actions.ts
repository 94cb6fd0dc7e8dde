import { parseJsonPath } from '../engine/match/json-path.ts'
import type { PairRequests } from '../engine/view/pair-setting.ts'
import type { Direction } from '../engine/frame.ts'
import { LIMITS } from '../workspace/limits.ts'
import type { ConnectionId, Pairing } from '../workspace/model.ts'
import { OK, refuse, type ActionResult } from './field-limits.ts'
import { getConnection, updateConnection } from './workspace-actions.ts'
import { pairingLabel } from '../engine/view/pair-setting.ts'

// Loaded with the Pair by… panel, not with the first screen.

export type { PairRequests }

/** The "Requests are" choices of the Pair by… panel, default first. */
export const PAIR_REQUEST_CHOICES: readonly { id: PairRequests; label: string }[] = [
  { id: 'sent', label: 'Sent (replies are received)' },
  { id: 'received', label: 'Received (replies are sent)' },
  { id: 'both', label: 'Both directions' },
]

/** Why a pairing path cannot be used, in words for the field; null when it can. */
export function pairingPathProblem(path: string): string | null {
  if (path.length > LIMITS.pairingPathChars) return `A path may have at most ${LIMITS.pairingPathChars} characters.`
  const parsed = parseJsonPath(path)
  return parsed.ok ? null : parsed.error
}

/**
 * Pairs the connection's requests and replies by these JSON paths; null goes back to the
 * decoder's pairing (the key is removed). Paths that do not parse are refused, naming the field.
 */
export function setConnectionPairing(id: ConnectionId, pairing: Pairing | null): ActionResult {
  if (pairing !== null) {
    const request = pairing.request.trim()
    const reply = pairing.reply.trim()
    for (const [field, path] of [['Request path', request], ['Reply path', reply]] as const) {
      const problem = pairingPathProblem(path)
      if (problem !== null) return refuse(`${field}: ${problem}`)
    }
    const requests = pairing.requests ?? 'sent'
    const next: Pairing = { request, reply, ...(requests === 'sent' ? {} : { requests }) }
    updateConnection(id, (c) =>
      c.pairing && c.pairing.request === next.request && c.pairing.reply === next.reply && (c.pairing.requests ?? 'sent') === requests ? c : { ...c, pairing: next },
    )
    return OK
  }
  updateConnection(id, (c) => {
    if (!c.pairing) return c
    const { pairing: _none, ...rest } = c
    return rest
  })
  return OK
}


/**
 * "Pair by this field" from the detail's tree: the path becomes the request path when the frame
 * is on the requesting side, else the reply path; the other side keeps its path, or takes the
 * same one when there is none yet (JSON-RPC-like protocols use one field both ways).
 */
export function pairByField(id: ConnectionId, direction: Direction, path: string): ({ ok: true; text: string }) | { ok: false; error: string } {
  const current = getConnection(id)?.pairing
  const requests = current?.requests ?? 'sent'
  const asks = requests === 'received' ? direction === 'in' : direction === 'out'
  const next: Pairing = asks ? { request: path, reply: current?.reply ?? path, requests } : { request: current?.request ?? path, reply: path, requests }
  const result = setConnectionPairing(id, next)
  if (!result.ok) return result
  return { ok: true, text: `Pairs by ${pairingLabel(next)}. Change it under Pair by… above the list.` }
}
