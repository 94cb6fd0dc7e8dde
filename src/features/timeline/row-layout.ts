/**
 * Every row is exactly this tall: the list computes positions instead of measuring rows. Keep
 * `.tl-row` in timeline.css in step.
 */
export const ROW_HEIGHT = 24

export function rowElementId(frame: { id: number }): string {
  return `frame-${frame.id}`
}
