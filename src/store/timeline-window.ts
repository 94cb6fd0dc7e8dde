import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { Frame } from '../engine/frame.ts'
import type { TimelineViewHandle } from '../engine/host/runtime-client.ts'
import type { FrameFilter } from '../engine/view/frame-view.ts'
import type { RowSummary, TimelineWindow, WindowRequest } from '../engine/view/timeline-window.ts'
import { EMPTY_WINDOW } from '../engine/view/window-constants.ts'
import type { ConnectionId } from '../workspace/model.ts'
import { runtimeClient } from './runtime-binding.ts'
import { CODEC_CATALOG, codecLabel, detectCodecId } from '../engine/codecs/catalog.ts'
import type { Decoding } from '../engine/codecs/codec.ts'
import { fetchDecoding } from './session-actions.ts'
import { filterKeyOf, filterOfKey } from './timeline-filter.ts'

export type { FrameFilter, RowSummary, TimelineWindow, WindowRequest }
export type { DirectionFilter } from '../engine/view/frame-view.ts'
export { EMPTY_WINDOW }
// Row vocabulary for the timeline's views: features take engine values through the store.
export { PREVIEW_CHARS, directionLabel, frameTone, type FrameTone } from '../engine/view/frame-summary.ts'
export { MAX_WINDOW_ROWS } from '../engine/view/window-constants.ts'
export type { Decoding, DecodedMessage } from '../engine/codecs/codec.ts'
export type { LatencyStats } from '../engine/view/pair-index.ts'
export type { ContractStats } from '../engine/contracts/contract-index.ts'
export type { FrameIssue } from '../engine/contracts/frame-check.ts'
export { describeIssue } from '../engine/contracts/contract-index.ts'

export { compileQuery } from '../engine/view/frame-view.ts'

export type DecoderChoice = 'auto' | 'none' | (typeof CODEC_CATALOG)[number]['id']

/** What the Decode menu offers: detection, none, then every protocol. */
export const DECODER_CHOICES: readonly { id: DecoderChoice; label: string }[] = [
  { id: 'auto', label: 'Detect' },
  { id: 'none', label: 'None (raw)' },
  ...CODEC_CATALOG.map((codec) => ({ id: codec.id, label: codec.label })),
]

/** The protocol detection would pick for this subprotocol and URL, by name (for the menu's "Detect (…)"). */
export function detectedCodecLabel(protocol: string, url: string): string | null {
  const id = detectCodecId(protocol, url)
  return id === null ? null : codecLabel(id)
}

/**
 * Rows of one connection's filtered timeline, as the runtime answers them. The frames stay next to
 * the log (in the Worker); this holds only the window the list asked for, and the runtime pushes a
 * new one whenever the connection changes. Row objects of frames already shown are reused, so a
 * memoized row does not re-render for a window that merely moved.
 */
/** A window with the handle on its scan: Stop keeps the matches found so far, Resume goes on. */
export type ScanningWindow = TimelineWindow & { controlScan: (action: 'stop' | 'resume') => void }

const NO_CONTROL = () => {}
const EMPTY_SCANNING_WINDOW: ScanningWindow = Object.freeze({ ...EMPTY_WINDOW, controlScan: NO_CONTROL })

export function useTimelineWindow(connectionId: ConnectionId, filter: FrameFilter, request: WindowRequest): ScanningWindow {
  // One string for the effect's dependencies: a new object of the same filter must not reopen the view.
  const filterKey = filterKeyOf(filter)
  // Keyed by what the view shows, so a new filter or connection never shows the old one's rows.
  const key = `${connectionId}\u0000${filterKey}`
  const [state, setState] = useState<{ key: string; window: ScanningWindow }>({ key, window: EMPTY_SCANNING_WINDOW })
  const handle = useRef<TimelineViewHandle | null>(null)
  const latestRequest = useRef(request)
  useLayoutEffect(() => {
    latestRequest.current = request
  })

  useEffect(() => {
    let rows = new Map<number, RowSummary>()
    // Declared before the view opens: an in-process host answers its first window synchronously.
    let opened: TimelineViewHandle | null = null
    const controlScan = (action: 'stop' | 'resume') => opened?.control(action)
    const reuse = (next: TimelineWindow): ScanningWindow => {
      const kept = new Map<number, RowSummary>()
      const merged = next.rows.map((row) => {
        const previous = rows.get(row.id)
        // Frames never change, but what a row says of one does when the decoder or the pairing changes.
        const same =
          previous !== undefined &&
          previous.seq === row.seq &&
          previous.preview === row.preview &&
          previous.decoded === row.decoded &&
          previous.partnerSeq === row.partnerSeq &&
          sameIssue(previous.issue, row.issue) &&
          previous.pinned === row.pinned &&
          previous.note === row.note
            ? previous
            : row
        kept.set(row.id, same)
        return same
      })
      rows = kept
      return { ...next, rows: merged, controlScan }
    }
    const viewKey = `${connectionId}\u0000${filterKey}`
    const view = runtimeClient().openView(connectionId, filterOfKey(filterKey), latestRequest.current, (next) => setState({ key: viewKey, window: reuse(next) }))
    opened = view
    handle.current = view
    return () => {
      view.close()
      if (handle.current === view) handle.current = null
    }
  }, [connectionId, filterKey])

  const { follow, first, count, selectedSeq } = request
  useEffect(() => {
    handle.current?.setWindow({ follow, first, count, selectedSeq })
  }, [follow, first, count, selectedSeq])

  return state.key === key ? state.window : EMPTY_SCANNING_WINDOW
}

function sameIssue(a: RowSummary['issue'], b: RowSummary['issue']): boolean {
  return a === b || (a !== null && b !== null && a.schema === b.schema && a.path === b.path && a.message === b.message)
}

/** The selected frame in full, fetched from the runtime when the selection changes. */
export type DetailFrame = { frame: Frame; whole: Blob | null; annotation?: { pinned: boolean; note: string } }

export function useSelectedFrame(connectionId: ConnectionId, seq: number | null): DetailFrame | null | undefined {
  // undefined while loading; null when the frame is gone (cleared, dropped before it was read).
  const [state, setState] = useState<{ seq: number | null; frame: DetailFrame | null | undefined }>({ seq: null, frame: undefined })
  useEffect(() => {
    if (seq === null) return
    let live = true
    void runtimeClient()
      .detailFrame(connectionId, seq)
      .then((frame) => {
        if (live) setState({ seq, frame })
      })
    return () => {
      live = false
    }
  }, [connectionId, seq])
  return state.seq === seq ? state.frame : undefined
}

/** The selected frame as its connection's codec reads it; refetched when the decoder changes. */
export function useSelectedDecoding(connectionId: ConnectionId, seq: number | null, decoderKey: string): { label: string; decoding: Decoding } | null | undefined {
  const [state, setState] = useState<{ key: string; value: { label: string; decoding: Decoding } | null } | null>(null)
  const key = `${seq}\u0000${decoderKey}`
  useEffect(() => {
    if (seq === null) return
    let live = true
    void fetchDecoding(connectionId, seq).then((value) => {
      if (live) setState({ key, value })
    })
    return () => {
      live = false
    }
  }, [connectionId, seq, key])
  return state?.key === key ? state.value : undefined
}
