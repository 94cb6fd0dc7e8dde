/**
 * The merged timeline (issue 10): several connections' frames interleaved by time, one filter
 * across them. Whether it is shown, which connections it merges (remembered while the page lives),
 * and the hook that reads its rows from the runtime. Small: the sidebar needs it from the start,
 * the view itself loads when first opened.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { create } from 'zustand'
import type { MergedViewHandle } from '../engine/host/runtime-client.ts'
import type { FrameFilter } from '../engine/view/frame-view.ts'
import type { MergedRowSummary, MergedSelection, MergedWindow, MergedWindowRequest } from '../engine/view/merged-window.ts'
import type { ConnectionId } from '../workspace/model.ts'
import { useRecordingsStore } from './recordings-store.ts'
import { runtimeClient } from './runtime-binding.ts'
import { useScenarioRunsStore } from './scenario-runs-store.ts'
import { selectCurrentWorkspace } from './workspace-selectors.ts'
import { useWorkspaceStore } from './workspace-store.ts'

export type { MergedRowSummary, MergedSelection, MergedWindow, MergedWindowRequest }
/** Before the runtime's first answer. Here, not imported from the engine: the page never loads the merge code. */
export const EMPTY_MERGED_WINDOW: MergedWindow = Object.freeze({ count: 0, appended: 0, headRemoved: 0, epoch: 0, scanning: false, first: 0, rows: [], selectedRow: -1 })

/** Fewer than this many connections is not a merge. */
export const MIN_MERGED_CONNECTIONS = 2

export type MergedTimelineState = {
  open: boolean
  /** Connections chosen for the merge, in the order they were listed; session only. */
  chosen: readonly ConnectionId[]
}

export const useMergedTimelineStore = create<MergedTimelineState>()(() => ({ open: false, chosen: [] }))

let connectionBeforeMerged: string | null = null

/** Shows the merged timeline in the main area; the selection is set aside as the Scenarios section does. */
export function openMergedTimeline(): void {
  const selected = useWorkspaceStore.getState().selectedConnectionId
  if (selected !== null) connectionBeforeMerged = selected
  if (useRecordingsStore.getState().selectedId !== null) useRecordingsStore.setState({ selectedId: null })
  if (useScenarioRunsStore.getState().panelOpen) useScenarioRunsStore.setState({ panelOpen: false })
  useMergedTimelineStore.setState({ open: true })
  if (selected !== null) useWorkspaceStore.setState({ selectedConnectionId: null })
}

/** Back to the connection that was shown before. */
export function closeMergedTimeline(): void {
  useMergedTimelineStore.setState({ open: false })
  const back = connectionBeforeMerged
  connectionBeforeMerged = null
  const exists = back !== null && selectCurrentWorkspace(useWorkspaceStore.getState())?.connections.some((c) => c.id === back)
  if (exists) useWorkspaceStore.setState({ selectedConnectionId: back })
}

export function setMergedChoice(chosen: readonly ConnectionId[]): void {
  useMergedTimelineStore.setState({ chosen: [...chosen] })
}

// Choosing a connection, a recording or the Scenarios section shows it: the merged view steps aside.
const stepAside = () => {
  if (useMergedTimelineStore.getState().open) useMergedTimelineStore.setState({ open: false })
}
useWorkspaceStore.subscribe((state, previous) => {
  if (state.selectedConnectionId !== previous.selectedConnectionId && state.selectedConnectionId !== null) stepAside()
})
useRecordingsStore.subscribe((state, previous) => {
  if (state.selectedId !== previous.selectedId && state.selectedId !== null) stepAside()
})
useScenarioRunsStore.subscribe((state, previous) => {
  if (state.panelOpen && !previous.panelOpen) stepAside()
})

/**
 * Rows of the merged, filtered timeline of `ids`, as the runtime answers them: the frames and the
 * merging stay next to the logs (in the Worker); this holds only the window the list asked for.
 * Row objects of frames already shown are reused, so a memoized row does not re-render.
 */
export function useMergedTimelineWindow(ids: readonly ConnectionId[], filter: FrameFilter, request: MergedWindowRequest): MergedWindow {
  const { direction, query } = filter
  const regex = filter.regex === true
  const matchCase = filter.matchCase === true
  const idsKey = ids.join('\u0001')
  const key = `${idsKey}\u0000${direction}\u0000${query}\u0000${regex}\u0000${matchCase}`
  const [state, setState] = useState<{ key: string; window: MergedWindow }>({ key, window: EMPTY_MERGED_WINDOW })
  const handle = useRef<MergedViewHandle | null>(null)
  const latestRequest = useRef(request)
  useLayoutEffect(() => {
    latestRequest.current = request
  })

  useEffect(() => {
    const viewKey = `${idsKey}\u0000${direction}\u0000${query}\u0000${regex}\u0000${matchCase}`
    let rows = new Map<number, MergedRowSummary>()
    const reuse = (next: MergedWindow): MergedWindow => {
      const kept = new Map<number, MergedRowSummary>()
      const merged = next.rows.map((row) => {
        const previous = rows.get(row.id)
        const same = previous !== undefined && previous.seq === row.seq && previous.preview === row.preview && previous.decoded === row.decoded ? previous : row
        kept.set(row.id, same)
        return same
      })
      rows = kept
      return { ...next, rows: merged }
    }
    const view = runtimeClient().openMergedView(idsKey === '' ? [] : idsKey.split('\u0001'), { direction, query, regex, matchCase }, latestRequest.current, (next) =>
      setState({ key: viewKey, window: reuse(next) }),
    )
    handle.current = view
    return () => {
      view.close()
      if (handle.current === view) handle.current = null
    }
  }, [idsKey, direction, query, regex, matchCase])

  const { follow, first, count, selected } = request
  const selectedConnection = selected?.connectionId ?? null
  const selectedSeq = selected?.seq ?? null
  useEffect(() => {
    const selection = selectedConnection === null || selectedSeq === null ? null : { connectionId: selectedConnection, seq: selectedSeq }
    handle.current?.setWindow({ follow, first, count, selected: selection })
  }, [follow, first, count, selectedConnection, selectedSeq])

  return state.key === key ? state.window : EMPTY_MERGED_WINDOW
}
