import { create } from 'zustand'
import type { MessageFrame } from '../engine/frame.ts'

/**
 * The frame a user marked as the base of a diff. It holds the frame as the detail pane got it (its
 * text, or the head of a payload too large to bring to the page), so the base outlives a clear,
 * a retention drop or a switch to another connection: the diff compares what the user saw.
 */
export type DiffSide = {
  readonly connectionId: string
  /** The connection's name when the frame was marked (it may be renamed or deleted later). */
  readonly connectionName: string
  readonly frame: MessageFrame
  /** True when only the head of the payload is here (the frame was larger than the detail pane takes). */
  readonly partial: boolean
}

type FrameDiffState = { base: DiffSide | null }

export const useFrameDiffStore = create<FrameDiffState>(() => ({ base: null }))

export function setDiffBase(side: DiffSide): void {
  useFrameDiffStore.setState({ base: side })
}

export function clearDiffBase(): void {
  useFrameDiffStore.setState({ base: null })
}

/** Frame ids are per runtime, not per app: a frame is the pair (connection, id). */
export function sameFrame(a: Pick<DiffSide, 'connectionId' | 'frame'>, b: Pick<DiffSide, 'connectionId' | 'frame'>): boolean {
  return a.connectionId === b.connectionId && a.frame.id === b.frame.id
}

/**
 * What the detail pane offers for this frame: mark it ("no-base"), it is the base ("is-base"), or
 * compare it with the base — on the same connection or another.
 */
export type DiffChoice = { kind: 'no-base' } | { kind: 'is-base' } | { kind: 'compare'; base: DiffSide; sameConnection: boolean }

export function diffChoice(base: DiffSide | null, here: Pick<DiffSide, 'connectionId' | 'frame'>): DiffChoice {
  if (base === null) return { kind: 'no-base' }
  if (sameFrame(base, here)) return { kind: 'is-base' }
  return { kind: 'compare', base, sameConnection: base.connectionId === here.connectionId }
}
