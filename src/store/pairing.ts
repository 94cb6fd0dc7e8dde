import { codecPairsBy, detectCodecId } from '../engine/codecs/catalog.ts'
import { parseJsonPath } from '../engine/match/json-path.ts'
import { pairingLabel, type PairRequests } from '../engine/view/pair-paths.ts'
import { LIMITS } from '../workspace/limits.ts'
import type { Pairing } from '../workspace/model.ts'
import type { DecoderChoice } from './timeline-window.ts'

export type { Pairing, PairRequests }

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
 * What the timeline pairs this connection's requests and replies by, as one line: the user's
 * paths when set, else what the decoder in force pairs by, else that nothing is paired.
 */
export function pairingModeText(pairing: Pairing | undefined, decoder: DecoderChoice, protocol: string, url: string): string {
  if (pairing) return `Pairs by ${pairingLabel(pairing)}`
  const codec = decoder === 'auto' ? detectCodecId(protocol, url) : decoder === 'none' ? null : decoder
  const by = codec === null ? null : codecPairsBy(codec)
  return by === null ? 'Not paired' : `Pairs by ${by}`
}
