import { describeRule, type SavedFilter } from '../../store/timeline-filter.ts'

const DIRECTION_WORDS = { all: '', out: 'sent', in: 'received', events: 'events' } as const

/** One line for a preset: what it shows, in the toolbar's words. */
export function describeFilter(filter: SavedFilter): string {
  const parts: string[] = []
  const direction = DIRECTION_WORDS[filter.direction ?? 'all']
  if (direction) parts.push(direction)
  if (filter.query) parts.push(`${filter.regex ? 'regex' : filter.query.trimStart().startsWith('$') ? 'fields' : 'text'} ${JSON.stringify(filter.query)}${filter.matchCase ? ' (match case)' : ''}`)
  if (filter.events?.length) parts.push(`events: ${filter.events.join(', ')}`)
  if (filter.payload) parts.push(`${filter.payload} only`)
  if (filter.lastMinutes !== undefined) parts.push(`last ${filter.lastMinutes} min`)
  else if (filter.from !== undefined || filter.to !== undefined)
    parts.push(`${filter.from !== undefined ? new Date(filter.from).toLocaleString() : '…'} – ${filter.to !== undefined ? new Date(filter.to).toLocaleString() : '…'}`)
  if (filter.decodedTypes?.length) parts.push(`decoded: ${filter.decodedTypes.join(', ')}`)
  if (filter.exclude?.length) parts.push(`hiding ${filter.exclude.map((rule) => describeRule(rule)).join('; ')}`)
  return parts.length > 0 ? parts.join(' · ') : 'every frame'
}
