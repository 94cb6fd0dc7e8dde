/**
 * A button's content as an icon and a word. Where a toolbar runs short of room its CSS hides the
 * word visually (see .tl-toolbar in timeline.css), so the button shrinks to its icon while the
 * word stays its accessible name.
 */
const ICONS = {
  // 16×16, drawn with the text colour.
  settings: 'M2 4h7M13 4h1M2 12h1M7 12h7M11 2v4M5 10v4',
  export: 'M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 13.5h11',
  clear: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  filter: 'M2 3h12L9.5 8.5V13l-3 1.5v-6z',
} as const

export type IconName = keyof typeof ICONS

export function IconLabel({ icon, label }: { icon: IconName; label: string }) {
  return (
    <span className="icon-label">
      <svg className="icon-label-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        <path d={ICONS[icon]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="icon-label-text">{label}</span>
    </span>
  )
}
