import { codecPairsBy, detectCodecId } from '../engine/codecs/catalog.ts'
import { pairingLabel, type PairRequests } from '../engine/view/pair-setting.ts'
import type { Pairing } from '../workspace/model.ts'
import type { DecoderChoice } from './timeline-window.ts'

export type { Pairing, PairRequests }

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
