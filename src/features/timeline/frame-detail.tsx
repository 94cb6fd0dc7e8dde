import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react'
import { DirectionIcon } from '../../components/direction-icon.tsx'
import { copyToClipboard } from '../../lib/clipboard.ts'
import { describeError } from '../../lib/describe-error.ts'
import { downloadBlob } from '../../lib/download-file.ts'
import type { Frame, MessageFrame, Payload } from '../../engine/frame.ts'
import { formatBytes, formatCount, formatDateTime } from '../../lib/format.ts'
import { jsonError, toHex } from '../../lib/payload.ts'
import { loadIntoComposer } from '../../store/composer-store.ts'
import { selectConnection } from '../../store/workspace-selectors.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'
import { MessageDetailFields } from './message-detail-fields.tsx'
import { BASE64_DISPLAY_BYTES, base64Lines, base64Text } from './binary-views.ts'
import { FrameDiffActions } from './frame-diff-actions.tsx'
import type { Decoding } from '../../store/timeline-window.ts'
import { directionLabel, frameTone } from '../../store/timeline-window.ts'
import {
  EDIT_LIMIT_BYTES,
  HEX_DUMP_BYTES,
  PRETTY_LIMIT_BYTES,
  hexDump,
  looksLikeJsonContainer,
  prettyJson,
  truncateForDisplay,
} from './payload-format.ts'

type DecodedView = { label: string; decoding: Decoding }

// The tree is a view of the selected frame only: it loads when first asked for.
const JsonTree = lazy(() => import('./json-tree.tsx'))

type FrameDetailProps = {
  connectionId: string
  frame: Frame
  /** The frame as its connection's codec reads it; null when there is none. */
  decoded: DecodedView | null
  /** For a payload too large to bring to the page whole: the whole of it, for Download (the frame holds its head). */
  wholePayload?: Blob | null
  /** The other side of this frame's request/reply pair, when its protocol pairs them. */
  pair?: { partnerSeq: number; latencyMs: number | null } | null
  /** Selects another frame by seq (the pair's other side). */
  onJump?: (seq: number) => void
  onClose: () => void
  /** The button that collapses the detail pane (the layout's), shown beside Close. */
  collapseToggle?: ReactNode
  /** The frame's pin and note controls (issue 10), under the header. */
  annotations?: ReactNode
}

type Notice = { tone: 'ok' | 'error'; text: string }

function isBinaryPayload(payload: Payload): payload is ArrayBuffer {
  return typeof payload !== 'string'
}

/** The selected frame in full. Mounted with key=frame.id, so its local state starts fresh per frame. */
export function FrameDetail({ connectionId, frame, decoded, wholePayload = null, pair = null, onJump, onClose, collapseToggle, annotations }: FrameDetailProps) {
  const [notice, setNotice] = useState<Notice | null>(null)
  const tone = frameTone(frame)

  return (
    <section className="tl-detail" aria-label="Frame detail">
      <header className="tl-detail-header">
        <DirectionIcon kind={tone} />
        <strong>{frame.kind === 'message' ? directionLabel(frame) : kindTitle(frame)}</strong>
        <span className="muted">{formatDateTime(frame.at)}</span>
        {frame.kind === 'message' && <span className="muted">{formatBytes(frame.size)}{isBinaryPayload(frame.payload) ? ' binary' : ' text'}</span>}
        {pair && pair.latencyMs !== null && <span className="muted">reply after {formatCount(pair.latencyMs)} ms</span>}
        {pair && onJump && (
          <button type="button" onClick={() => onJump(pair.partnerSeq)}>
            {pair.latencyMs !== null ? 'Go to request' : 'Go to reply'}
          </button>
        )}
        <span className="tl-detail-spacer" />
        {collapseToggle}
        <button type="button" onClick={onClose} aria-label="Close detail">
          ✕
        </button>
      </header>
      {annotations}
      {frame.kind === 'message' ? (
        <MessageDetail connectionId={connectionId} frame={frame} decoded={decoded} wholePayload={wholePayload} onNotice={setNotice} />
      ) : (
        <EventDetail frame={frame} onNotice={setNotice} />
      )}
      {notice && (
        <p role="status" className={notice.tone === 'error' ? 'tl-notice field-error' : 'tl-notice'}>
          {notice.text}
        </p>
      )}
    </section>
  )
}

function kindTitle(frame: Frame): string {
  switch (frame.kind) {
    case 'connecting':
      return 'Connecting'
    case 'open':
      return 'Connected'
    case 'error':
      return 'Error'
    case 'notice':
      return 'Notice'
    case 'close':
      return frame.wasClean ? 'Closed' : 'Closed (not clean)'
    default:
      return 'Message'
  }
}

type MessageView = {
  /** What the pane shows, already cut to the display limit. */
  shown: string
  /** Full text for Copy in this mode (the pretty text, or the original text). */
  copyText: string | null
  note: string | null
}

function textView(text: string, pretty: string | null, mode: 'pretty' | 'raw', size: number): MessageView {
  const source = mode === 'pretty' && pretty !== null ? pretty : text
  const cut = truncateForDisplay(source)
  let note: string | null = null
  if (cut.truncated) {
    note = `Showing the first ${formatCount(cut.text.length)} characters (of ${formatBytes(size)}${mode === 'pretty' && pretty !== null ? ', pretty-printed' : ''}). Download has the whole payload.`
  } else if (mode === 'pretty' && pretty === null && size > PRETTY_LIMIT_BYTES && looksLikeJsonContainer(text.slice(0, 64))) {
    note = `Larger than ${formatBytes(PRETTY_LIMIT_BYTES)}: shown raw, not pretty-printed.`
  }
  return { shown: cut.text, copyText: source, note }
}

/** `size` is the frame's: a very large payload reaches the page as its head only. */
function binaryView(payload: ArrayBuffer, size: number, mode: 'hex' | 'base64'): MessageView {
  const bytes = new Uint8Array(payload)
  const shownBytes = mode === 'base64' ? BASE64_DISPLAY_BYTES : HEX_DUMP_BYTES
  const note =
    size > shownBytes
      ? `${mode === 'base64' ? 'Base64' : 'Hex dump'} of the first ${formatBytes(shownBytes)} of ${formatBytes(size)}. Download has every byte.`
      : null
  return {
    shown: payload.byteLength === 0 ? '(empty binary message)' : mode === 'base64' ? base64Lines(bytes) : hexDump(bytes),
    copyText: payload.byteLength <= EDIT_LIMIT_BYTES ? toHex(bytes) : null,
    note,
  }
}

/** The decoded form as text: one message as it is, several (a batch, STOMP frames) as a list. */
function decodedText(decoding: Decoding): string {
  if (!decoding.ok) return decoding.error
  const values = decoding.messages.map((message) => message.value)
  return JSON.stringify(values.length === 1 ? values[0] : values, null, 2) ?? ''
}

function DecodedPane({ decoded, onNotice }: { decoded: DecodedView; onNotice: (notice: Notice) => void }) {
  const { decoding } = decoded
  const full = decodedText(decoding)
  const cut = truncateForDisplay(full)
  const what = decoding.ok ? decoding.messages.map((m) => m.summary).join(' · ') : `Could not decode as ${decoded.label}`
  // A decoded body that is an object or a list reads well as a tree too.
  const canTree = decoding.ok && looksLikeJsonContainer(full)
  const [tree, setTree] = useState(false)
  return (
    <section className="tl-detail-decoded" aria-label={`Decoded as ${decoded.label}`}>
      <h3 className="tl-detail-pane-title">
        {decoded.label}: {what}
      </h3>
      {canTree && (
        <div className="tl-segmented tl-detail-decoded-view" role="group" aria-label="Decoded view">
          <button type="button" aria-pressed={!tree} onClick={() => setTree(false)}>
            Text
          </button>
          <button type="button" aria-pressed={tree} onClick={() => setTree(true)}>
            Tree
          </button>
        </div>
      )}
      {canTree && tree ? (
        <Suspense fallback={<p className="tl-detail-note" role="status">Loading the tree…</p>}>
          <JsonTree text={full} label={`Decoded ${decoded.label}`} onNotice={onNotice} />
        </Suspense>
      ) : (
        <pre className={decoding.ok ? 'tl-detail-body' : 'tl-detail-body field-error'} data-testid="frame-detail-decoded" tabIndex={0}>
          {decoding.ok ? cut.text : `${decoding.error}. The raw frame is shown as it came.`}
        </pre>
      )}
    </section>
  )
}

function MessageDetail({
  connectionId,
  frame,
  decoded,
  wholePayload,
  onNotice,
}: {
  connectionId: string
  frame: MessageFrame
  decoded: DecodedView | null
  wholePayload: Blob | null
  onNotice: (notice: Notice) => void
}) {
  const { payload } = frame
  const text = isBinaryPayload(payload) ? null : payload
  const saved = useWorkspaceStore((state) => selectConnection(state, connectionId) !== undefined)
  // The only place a payload is parsed: the selected frame, and only below the limit.
  const pretty = useMemo(
    () => (text !== null && frame.size <= PRETTY_LIMIT_BYTES && looksLikeJsonContainer(text) ? prettyJson(text) : null),
    [text, frame.size],
  )
  const [mode, setMode] = useState<'pretty' | 'raw' | 'tree'>('pretty')
  const [binaryMode, setBinaryMode] = useState<'hex' | 'base64'>('hex')
  const view = useMemo(
    () => (isBinaryPayload(payload) ? binaryView(payload, frame.size, binaryMode) : textView(payload, pretty, mode === 'tree' ? 'pretty' : mode, frame.size)),
    [payload, pretty, mode, binaryMode, frame.size],
  )
  const showTree = mode === 'tree' && pretty !== null && text !== null
  // Saved connections keep a pairing; the action loads with the tree's first use of it.
  const pairByField = saved
    ? {
        label: 'Pair by this field',
        run: (path: string) =>
          void import('../../store/pairing-actions.ts').then(({ pairByField: pair }) => {
            const result = pair(connectionId, frame.direction, path)
            onNotice(result.ok ? { tone: 'ok', text: result.text } : { tone: 'error', text: result.error })
          }),
      }
    : undefined

  // Only the head of the payload is on the page: copying it would silently copy part of it.
  const copyable = wholePayload === null ? view.copyText : null
  const copy = (what: 'as shown' | 'base64' = 'as shown') => {
    if (copyable === null) return
    // Encoded on demand: at most EDIT_LIMIT_BYTES, the same bound as the hex copy.
    const copied = what === 'base64' && isBinaryPayload(payload) ? base64Text(new Uint8Array(payload)) : copyable
    copyToClipboard(copied).then(
      () => onNotice({ tone: 'ok', text: `Copied ${formatCount(copied.length)} characters to the clipboard.` }),
      (error: unknown) => onNotice({ tone: 'error', text: `Copy failed: ${describeError(error)}` }),
    )
  }

  const download = () => {
    const binary = isBinaryPayload(payload)
    const extension = binary ? 'bin' : pretty !== null ? 'json' : 'txt'
    const type = binary ? 'application/octet-stream' : pretty !== null ? 'application/json' : 'text/plain;charset=utf-8'
    const fileName = `frame-${frame.id}.${extension}`
    try {
      downloadBlob(wholePayload ? new Blob([wholePayload], { type }) : new Blob([payload], { type }), fileName)
      onNotice({ tone: 'ok', text: `Downloading ${fileName} (${formatBytes(frame.size)}).` })
    } catch (error) {
      onNotice({ tone: 'error', text: `Download failed: ${describeError(error)}` })
    }
  }

  const canEdit = frame.size <= EDIT_LIMIT_BYTES
  const editAndResend = () => {
    if (!canEdit) return
    if (isBinaryPayload(payload)) {
      loadIntoComposer(connectionId, { text: toHex(new Uint8Array(payload)), mode: 'binary' })
    } else {
      loadIntoComposer(connectionId, { text: payload, mode: payload.trim() !== '' && jsonError(payload) === null ? 'json' : 'text' })
    }
    onNotice({ tone: 'ok', text: 'Loaded into the composer: edit it there and send.' })
  }

  return (
    <>
      <div className="tl-detail-actions">
        {pretty !== null && (
          <div className="tl-segmented" role="group" aria-label="View">
            <button type="button" aria-pressed={mode === 'pretty'} onClick={() => setMode('pretty')}>
              Pretty
            </button>
            <button type="button" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')}>
              Raw
            </button>
            <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')}>
              Tree
            </button>
          </div>
        )}
        {isBinaryPayload(payload) && payload.byteLength > 0 && (
          <div className="tl-segmented" role="group" aria-label="View">
            <button type="button" aria-pressed={binaryMode === 'hex'} onClick={() => setBinaryMode('hex')}>
              Hex
            </button>
            <button type="button" aria-pressed={binaryMode === 'base64'} onClick={() => setBinaryMode('base64')}>
              Base64
            </button>
          </div>
        )}
        <button
          type="button"
          onClick={() => copy()}
          disabled={copyable === null}
          title={copyable === null ? (wholePayload === null ? `Larger than ${formatBytes(EDIT_LIMIT_BYTES)}: use Download` : `Too large to copy (${formatBytes(frame.size)}): use Download`) : undefined}
        >
          {isBinaryPayload(payload) ? 'Copy as hex' : 'Copy'}
        </button>
        {isBinaryPayload(payload) && (
          <button type="button" onClick={() => copy('base64')} disabled={copyable === null} title={copyable === null ? `Too large to copy (${formatBytes(frame.size)}): use Download` : undefined}>
            Copy as base64
          </button>
        )}
        <button type="button" onClick={download}>
          Download
        </button>
        <button
          type="button"
          onClick={editAndResend}
          disabled={!canEdit}
          title={canEdit ? 'Load this payload into the composer' : `Larger than ${formatBytes(EDIT_LIMIT_BYTES)}: too big for the editor`}
        >
          Edit and resend
        </button>
        <FrameDiffActions connectionId={connectionId} frame={frame} partial={wholePayload !== null} />
      </div>
      <MessageDetailFields detail={frame.detail} />
      {view.note && !showTree && <p className="tl-detail-note">{view.note}</p>}
      <div className={decoded ? 'tl-detail-panes tl-detail-panes--two' : 'tl-detail-panes'}>
        {decoded && <DecodedPane decoded={decoded} onNotice={onNotice} />}
        <section className="tl-detail-raw" aria-label="Raw frame">
          {decoded && <h3 className="tl-detail-pane-title">As received</h3>}
          {showTree ? (
            <Suspense fallback={<p className="tl-detail-note" role="status">Loading the tree…</p>}>
              <JsonTree text={text} onNotice={onNotice} pathAction={pairByField} />
            </Suspense>
          ) : (
            /* Focusable: a payload taller than the pane scrolls, and a keyboard user must be able to scroll it too. */
            <pre className={isBinaryPayload(payload) ? `tl-detail-body tl-detail-body--${binaryMode}` : 'tl-detail-body'} data-testid="frame-detail-body" tabIndex={0}>
              {view.shown}
            </pre>
          )}
        </section>
      </div>
    </>
  )
}

function eventFields(frame: Exclude<Frame, MessageFrame>): [string, string][] {
  switch (frame.kind) {
    case 'connecting':
      return [
        ['URL', frame.url],
        ['Requested subprotocols', frame.protocols.length > 0 ? frame.protocols.join(', ') : '(none)'],
      ]
    case 'open':
      return [
        ['Negotiated subprotocol', frame.protocol || '(none)'],
        ['Extensions', frame.extensions || '(none)'],
      ]
    case 'error':
    case 'notice':
      return [['Message', frame.message]]
    case 'close':
      return [
        ['Code', String(frame.code)],
        ['Meaning', frame.meaning],
        ['Reason', frame.reason || '(no reason given)'],
        ['Clean close', frame.wasClean ? 'yes' : 'no — the connection ended without a completed closing handshake'],
      ]
  }
}

function EventDetail({ frame, onNotice }: { frame: Exclude<Frame, MessageFrame>; onNotice: (notice: Notice) => void }) {
  const fields = eventFields(frame)
  const copy = () => {
    const text = fields.map(([name, value]) => `${name}: ${value}`).join('\n')
    copyToClipboard(text).then(
      () => onNotice({ tone: 'ok', text: 'Copied to the clipboard.' }),
      (error: unknown) => onNotice({ tone: 'error', text: `Copy failed: ${describeError(error)}` }),
    )
  }
  return (
    <>
      <div className="tl-detail-actions">
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <dl className="tl-detail-fields" tabIndex={0}>
        {fields.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  )
}
