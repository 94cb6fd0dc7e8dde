import { memo } from 'react'

export type DirectionIconKind = 'out' | 'in' | 'system' | 'error'

const LABELS: Record<DirectionIconKind, string> = {
  out: 'Sent',
  in: 'Received',
  system: 'Event',
  error: 'Error',
}

// One text node per row instead of an <svg> with a <title> and a <path>: the timeline mounts a
// fresh set of rows on every batch during a flood, and fewer DOM nodes per row is measurably cheaper.
const GLYPHS: Record<DirectionIconKind, string> = {
  out: '↗',
  in: '↙',
  system: '•',
  error: '!',
}

/** Sent / received / event marker. Colour comes from `direction-icon--<kind>` in the caller's CSS. */
export const DirectionIcon = memo(function DirectionIcon({ kind }: { kind: DirectionIconKind }) {
  return (
    <span className={`direction-icon direction-icon--${kind}`} role="img" aria-label={LABELS[kind]} title={LABELS[kind]}>
      {GLYPHS[kind]}
    </span>
  )
})
