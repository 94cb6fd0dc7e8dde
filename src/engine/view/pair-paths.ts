import type { Direction, Frame } from '../frame.ts'
import { parseJsonPath, selectPath, type PathStep } from '../match/json-path.ts'
import { pairingKey, type PairingPaths, type PairRequests } from './pair-setting.ts'

export { PAIR_REQUESTS, pairingKey, pairingLabel, type PairingPaths, type PairRequests } from './pair-setting.ts'

/** Compiled once per setting; a pair index starts over when it is given a different one. */
export type PairingRule = {
  /** Equal keys mean equal settings. */
  readonly key: string
  readonly request: readonly PathStep[]
  readonly reply: readonly PathStep[]
  readonly requests: PairRequests
}

export type CompiledPairing = { ok: true; rule: PairingRule } | { ok: false; field: 'request' | 'reply'; error: string }

export function compilePairing(paths: PairingPaths): CompiledPairing {
  const request = parseJsonPath(paths.request)
  if (!request.ok) return { ok: false, field: 'request', error: request.error }
  const reply = parseJsonPath(paths.reply)
  if (!reply.ok) return { ok: false, field: 'reply', error: reply.error }
  const requests = paths.requests ?? 'sent'
  return { ok: true, rule: { key: pairingKey(paths), request: request.steps, reply: reply.steps, requests } }
}

export function canRequest(rule: PairingRule, direction: Direction): boolean {
  return rule.requests === 'both' || (rule.requests === 'sent') === (direction === 'out')
}

export function canReply(rule: PairingRule, direction: Direction): boolean {
  return rule.requests === 'both' || (rule.requests === 'sent') === (direction === 'in')
}

/**
 * The key at `steps`, as a JSON scalar: strings and numbers only, and never equal to each other
 * (17 and "17" are different keys). The first value the path selects counts; null, booleans,
 * objects and arrays are no key.
 */
export function keyAt(document: unknown, steps: readonly PathStep[]): string | null {
  const value = selectPath(document, steps)[0]
  if (typeof value === 'string') return `s${value}`
  if (typeof value === 'number' && Number.isFinite(value)) return `n${value}`
  return null
}

const NOT_JSON = Symbol('not JSON')

/**
 * A text frame's payload as JSON, or NOT_JSON: binary frames and text that does not parse are
 * simply not paired. The caller bounds the size (ROW_DECODE_LIMIT_BYTES).
 */
export function jsonOf(frame: Frame): unknown {
  if (frame.kind !== 'message' || typeof frame.payload !== 'string') return NOT_JSON
  const text = frame.payload
  // Only objects and arrays carry keys: skip plain text without paying for a failed parse.
  const head = /\S/.exec(text)?.[0]
  if (head !== '{' && head !== '[') return NOT_JSON
  try {
    return JSON.parse(text) as unknown
  } catch {
    return NOT_JSON
  }
}

export function isJson(value: unknown): boolean {
  return value !== NOT_JSON
}
