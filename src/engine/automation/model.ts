import type { Matcher } from '../match/matcher.ts'

/**
 * What a connection does by itself, as plain data kept in the workspace file: auto-responders,
 * a heartbeat and an "on open" sequence. Text fields are templates (`{{name}}`), expanded when sent.
 */

/** How a payload's text is sent: JSON (checked), text as is, or hex bytes. Same as the composer's modes. */
export type SendMode = 'json' | 'text' | 'binary'

/** A message to send: a saved message by id, or inline text. */
export type MessageRef = { savedMessageId: string } | { text: string; mode: SendMode }

export type AutoResponder = {
  id: string
  name: string
  enabled: boolean
  /** Matched against incoming frames only (the direction is forced to 'in'). */
  match: Matcher
  /** The reply; `{{$match.<path>}}`-style captures are given as variables named in `captures`. */
  reply: { text: string; mode: SendMode }
  /** Values taken from the matched frame into variables usable in the reply. */
  captures?: { variable: string; path?: string; regex?: string }[]
  delayMs: number
}

export type Heartbeat = {
  enabled: boolean
  intervalMs: number
  text: string
  mode: SendMode
}

/** Sent in order after every open, the first right away (or after its delay), each after its own delay. */
export type OnOpenStep = { delayMs: number } & MessageRef

export type ConnectionAutomation = {
  autoResponders?: AutoResponder[]
  heartbeat?: Heartbeat
  onOpen?: OnOpenStep[]
}

export const MIN_SCHEDULE_INTERVAL_MS = 10
export const MAX_DELAY_MS = 24 * 60 * 60 * 1000
