import { isBinaryPayload, type Frame } from '../frame.ts'
import { formatBytes } from '../format-bytes.ts'

/** Characters of payload a row shows; the detail pane shows the rest. */
export const PREVIEW_CHARS = 200

/** Leading bytes a binary row shows as hex. */
export const PREVIEW_BYTES = 8

export type FrameTone = 'out' | 'in' | 'system' | 'error'

/** Which icon and colour a row gets: sent, received, or an event of the connection itself. */
export function frameTone(frame: Frame): FrameTone {
  if (frame.kind === 'message') return frame.direction
  if (frame.kind === 'error') return 'error'
  if (frame.kind === 'notice') return 'system'
  return frame.kind === 'close' && !frame.wasClean ? 'error' : 'system'
}

/**
 * One line of at most PREVIEW_CHARS characters. Only the head of the text is read, so a 20 MB
 * payload costs the same as a short one; line breaks and tabs become spaces.
 */
export function previewText(text: string, max = PREVIEW_CHARS): string {
  let end = Math.min(text.length, max)
  // Do not split a surrogate pair: half an emoji renders as a replacement box.
  const last = text.charCodeAt(end - 1)
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1
  const head = text.slice(0, end).replace(/\s+/g, ' ')
  return end < text.length ? `${head}…` : head
}

export function previewBinary(payload: ArrayBuffer): string {
  const bytes = new Uint8Array(payload, 0, Math.min(payload.byteLength, PREVIEW_BYTES))
  let hex = ''
  for (let i = 0; i < bytes.length; i++) hex += `${i > 0 ? ' ' : ''}${(bytes[i] ?? 0).toString(16).padStart(2, '0')}`
  const more = payload.byteLength > PREVIEW_BYTES ? '…' : ''
  return payload.byteLength === 0 ? 'binary, empty' : `binary ${formatBytes(payload.byteLength)} · ${hex}${more}`
}

function describeProtocols(protocols: readonly string[]): string {
  return protocols.length > 0 ? `protocols: ${protocols.join(', ')}` : 'no subprotocols requested'
}

/** The row's one-line text, from the frame union; a new kind fails to compile until handled here. */
export function frameSummary(frame: Frame): string {
  switch (frame.kind) {
    case 'message':
      return isBinaryPayload(frame.payload)
        ? previewBinary(frame.payload)
        : frame.payload.length === 0
          ? '(empty text message)'
          : previewText(frame.payload)
    case 'connecting':
      return previewText(`Connecting to ${frame.url} · ${describeProtocols(frame.protocols)}`)
    case 'open':
      return previewText(
        `Connected · ${frame.protocol ? `protocol ${frame.protocol}` : 'no subprotocol negotiated'}` +
          (frame.extensions ? ` · extensions ${frame.extensions}` : ''),
      )
    case 'error':
      return previewText(`Error: ${frame.message}`)
    case 'notice':
      return previewText(frame.message)
    case 'close':
      return previewText(
        `Closed ${frame.code} ${frame.meaning}` +
          (frame.reason ? ` · reason "${frame.reason}"` : ' · no reason given') +
          (frame.wasClean ? ' · clean' : ' · not clean'),
      )
    default:
      return assertNever(frame)
  }
}

/** Text the search box looks in: text payloads and the words of events; binary has none. */
export function searchableText(frame: Frame): string | null {
  switch (frame.kind) {
    case 'message':
      return isBinaryPayload(frame.payload) ? null : frame.payload
    case 'connecting':
      return `${frame.url} ${frame.protocols.join(' ')}`
    case 'open':
      return `${frame.protocol} ${frame.extensions}`
    case 'error':
    case 'notice':
      return frame.message
    case 'close':
      return `${frame.code} ${frame.meaning} ${frame.reason}`
    default:
      return assertNever(frame)
  }
}

export function directionLabel(frame: Frame): string {
  if (frame.kind !== 'message') return frame.kind === 'error' ? 'Error' : 'Event'
  return frame.direction === 'out' ? 'Sent' : 'Received'
}

function assertNever(value: never): never {
  throw new Error(`Unhandled frame kind: ${JSON.stringify(value)}`)
}
