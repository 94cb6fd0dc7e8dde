import { memo } from 'react'

export type DirectionIconKind = 'out' | 'in' | 'system' | 'error'

const LABELS: Record<DirectionIconKind, string> = {
  out: 'Sent',
  in: 'Received',
  system: 'Event',
  error: 'Error',
}

// Paths on a 12×12 grid: arrow up-right for sent, down-left for received, a dot for events.
const PATHS: Record<DirectionIconKind, string> = {
  out: 'M3 9 L9 3 M4.5 3 H9 V7.5',
  in: 'M9 3 L3 9 M7.5 9 H3 V4.5',
  system: 'M6 4.2 A1.8 1.8 0 1 1 5.99 4.2 Z',
  error: 'M6 2.5 V7 M6 9 V9.5',
}

/** Sent / received / event marker. Colour comes from `direction-icon--<kind>` in the caller's CSS. */
export const DirectionIcon = memo(function DirectionIcon({ kind }: { kind: DirectionIconKind }) {
  return (
    <svg
      className={`direction-icon direction-icon--${kind}`}
      width="12"
      height="12"
      viewBox="0 0 12 12"
      role="img"
      aria-label={LABELS[kind]}
    >
      <title>{LABELS[kind]}</title>
      <path d={PATHS[kind]} fill={kind === 'system' ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
})
