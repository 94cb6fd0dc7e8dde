import type { MessageFrame } from '../../engine/frame.ts'
import { formatBytes, formatCount, formatDateTime } from '../../lib/format.ts'
import type { DiffSide } from '../../store/frame-diff-store.ts'
import { directionLabel } from '../../store/timeline-window.ts'
import { HEX_DUMP_BYTES, PRETTY_LIMIT_BYTES, hexDump, looksLikeJsonContainer, prettyJson } from './payload-format.ts'

/** Characters of text per side handed to the diff editor; Monaco's diff stays interactive well past this. */
export const DIFF_TEXT_CHARS = 1024 * 1024

export type DiffText = {
  text: string
  /** JSON only when the payload is a JSON object or array (pretty-printed); text and hex are plain. */
  language: 'json' | 'plaintext'
  /** Why the side shows less than the frame holds, or null. */
  note: string | null
}

/** One side of a diff: JSON pretty-printed (only whitespace changes), text as is, binary as a hex dump. */
export function diffText(side: Pick<DiffSide, 'frame' | 'partial'>): DiffText {
  const { frame, partial } = side
  const { payload } = frame
  if (typeof payload !== 'string') {
    const bytes = new Uint8Array(payload)
    const cut = frame.size > HEX_DUMP_BYTES
    return {
      text: bytes.length === 0 ? '' : hexDump(bytes, HEX_DUMP_BYTES),
      language: 'plaintext',
      note: cut ? `Hex of the first ${formatBytes(HEX_DUMP_BYTES)} of ${formatBytes(frame.size)}.` : null,
    }
  }
  const pretty = !partial && frame.size <= PRETTY_LIMIT_BYTES && looksLikeJsonContainer(payload) ? prettyJson(payload) : null
  const source = pretty ?? payload
  const cut = source.length > DIFF_TEXT_CHARS || partial
  return {
    text: source.length > DIFF_TEXT_CHARS ? source.slice(0, DIFF_TEXT_CHARS) : source,
    language: pretty !== null ? 'json' : 'plaintext',
    note: cut ? `The first ${formatCount(Math.min(source.length, DIFF_TEXT_CHARS))} characters of ${formatBytes(frame.size)}${pretty === null ? ', as received' : ''}.` : null,
  }
}

/** One side as the diff dialog shows it: which frame, and its text. */
export type DiffView = DiffText & { title: string }

/**
 * Computed where the button is (the first screen's chunk, which already has every formatter used
 * here): importing these from the lazily loaded dialog made the bundler split a dozen shared
 * modules out of the entry chunk, +3.5 kB gzip of initial JS for chunk glue.
 */
export function diffView(side: DiffSide): DiffView {
  return { ...diffText(side), title: diffSideTitle(side) }
}

/** "Sent · 2026-05-04 13:07:09.042 · 42 B text · Demo echo": which frame a side is. */
export function diffSideTitle(side: Pick<DiffSide, 'frame' | 'connectionName'>): string {
  const frame: MessageFrame = side.frame
  const kind = typeof frame.payload === 'string' ? 'text' : 'binary'
  return `${directionLabel(frame)} · ${formatDateTime(frame.at)} · ${formatBytes(frame.size)} ${kind} · ${side.connectionName}`
}
