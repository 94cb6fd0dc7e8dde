import type { Payload } from '../frame.ts'
import { preparePayload } from '../payload.ts'
import { encodeEmitRequest, isEmitRequestText } from '../transports/socket-io/emit-request.ts'
import type { SendMode } from './model.ts'

/**
 * An automatic message's text as the connection's transport takes it. A Socket.IO connection
 * sends events, so there the text is written the way its frames read on the timeline,
 * `["event", arg, ...]`, and becomes an emit; elsewhere the composer's modes apply unchanged.
 */
export function automationPayload(text: string, mode: SendMode, transport: string): { ok: true; payload: Payload } | { ok: false; error: string } {
  if (transport !== 'socket.io') return preparePayload(text, mode)
  // A saved Socket.IO message arrives already encoded by the page's composer.
  if (isEmitRequestText(text)) return { ok: true, payload: text }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    value = undefined
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string' || value[0] === '') {
    return { ok: false, error: 'Not sent: on a Socket.IO connection write the message as ["event", arg, ...].' }
  }
  const [event, ...args] = value as [string, ...unknown[]]
  return { ok: true, payload: encodeEmitRequest({ event, args: args.map((arg) => ({ type: 'json', text: JSON.stringify(arg) })), ack: false }) }
}
