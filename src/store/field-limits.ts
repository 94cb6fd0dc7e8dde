import { formatCount } from '../lib/format.ts'
import { LIMITS } from '../workspace/limits.ts'

/*
 * The checks store actions run before they change a persisted field. The numbers are LIMITS
 * (src/workspace/limits.ts), the same the storage validator and the file format apply, so an
 * action never creates data that persistence would refuse to store (the "Not saved" banner).
 * Each check returns a message for the user, or null when the value fits.
 */

/** `note`: the action was done, with something the user should still hear about. */
export type ActionResult = { ok: true; note?: string } | { ok: false; error: string }

export const OK: ActionResult = { ok: true }

export function refuse(error: string): ActionResult {
  return { ok: false, error }
}

const MEBI = 1024 * 1024

/** "5 MiB (5,242,880 characters)": the payload cap in the words the UI uses. */
export const PAYLOAD_LIMIT_LABEL = `${LIMITS.payloadChars / MEBI} MiB (${formatCount(LIMITS.payloadChars)} characters)`

export function payloadTooLong(text: string): boolean {
  return text.length > LIMITS.payloadChars
}

/** `what` starts the sentence: "Workspace names", "Connection names", "Saved message names". */
export function checkName(name: string, what: string): string | null {
  if (name.length <= LIMITS.nameChars) return null
  return `${what} are at most ${formatCount(LIMITS.nameChars)} characters (this one has ${formatCount(name.length)}).`
}

export function checkUrl(url: string): string | null {
  if (url.length <= LIMITS.urlChars) return null
  return `URLs are at most ${formatCount(LIMITS.urlChars)} characters (this one has ${formatCount(url.length)}); the URL was not changed.`
}

export function checkProtocols(protocols: readonly string[]): string | null {
  if (protocols.length > LIMITS.protocolsPerConnection) {
    return `At most ${LIMITS.protocolsPerConnection} subprotocols can be saved (this list has ${protocols.length}).`
  }
  const index = protocols.findIndex((p) => p.length > LIMITS.protocolChars)
  const long = protocols[index]
  if (long === undefined) return null
  return `Subprotocol ${index + 1} is ${formatCount(long.length)} characters; a subprotocol can be at most ${formatCount(LIMITS.protocolChars)}.`
}

/** The message the composer shows while its draft is too long to be saved. */
export const DRAFT_TOO_LONG =
  `This draft is over ${PAYLOAD_LIMIT_LABEL}: it is kept in memory but will not be saved — send it, or save it to a file.`

export function checkSavedMessagePayload(text: string): string | null {
  if (!payloadTooLong(text)) return null
  return `Not saved: the payload is ${formatCount(text.length)} characters; a saved message holds at most ${PAYLOAD_LIMIT_LABEL}. Save it to a file instead.`
}

export function historyItemTooLong(text: string): boolean {
  return text.length > LIMITS.historyItemChars
}

export function historySkipped(text: string): string {
  return `Not added to history: the payload is ${formatCount(text.length)} characters; history keeps payloads up to ${formatCount(LIMITS.historyItemChars)} characters. Save it as a message to keep it.`
}

export function checkSavedMessageCount(count: number, adding = 1): string | null {
  if (count + adding <= LIMITS.savedMessagesPerConnection) return null
  return `This connection already has ${formatCount(count)} saved messages, the most it can keep (${formatCount(LIMITS.savedMessagesPerConnection)}). Delete some first.`
}

export function checkConnectionCount(count: number, adding = 1): string | null {
  if (count + adding <= LIMITS.connections) return null
  return `This workspace already has ${formatCount(count)} connections, the most it can hold (${formatCount(LIMITS.connections)}). Delete some, or use another workspace.`
}

/**
 * A generated name ("X (copy)", "X 2") that fits the name limit: the base is shortened, never the
 * suffix, so copies stay distinguishable. Only for names the app makes up; a name the user typed
 * is refused with checkName instead of being cut.
 */
export function fitName(base: string, suffix = ''): string {
  const whole = `${base}${suffix}`
  if (whole.length <= LIMITS.nameChars) return whole
  let end = Math.max(0, LIMITS.nameChars - suffix.length - 1)
  // Never split a surrogate pair: half an emoji would be a lone surrogate in the stored name.
  const last = base.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${base.slice(0, end)}…${suffix}`
}
