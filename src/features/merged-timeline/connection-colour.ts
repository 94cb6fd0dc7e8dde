/**
 * A stable colour per connection: the same connection keeps its swatch across renders and reloads
 * (derived from its id, not its position). Colour is never the only cue: rows show the name too.
 */
const PALETTE = ['#2f7ed8', '#d9534f', '#3c9a5f', '#b07cd8', '#e08a1e', '#1fa2a8', '#c2477f', '#7a8b1f'] as const

export function connectionColour(id: string): string {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0]
}
