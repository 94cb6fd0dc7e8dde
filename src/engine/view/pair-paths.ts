import type { Direction, Frame } from '../frame.ts'
import { parseJsonPath, selectPath, type PathStep } from '../match/json-path.ts'

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
