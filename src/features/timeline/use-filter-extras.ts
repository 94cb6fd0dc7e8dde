import { useCallback, useMemo, useState } from 'react'
import { extrasFilter, fetchLikeRule, hasExtras, hidingSentence, sameRule, type FilterExtras } from '../../store/timeline-filter.ts'
import type { FrameFilter, RowSummary } from '../../store/timeline-window.ts'
import type { RowMenuAnchor } from './row-menu.tsx'

/**
 * The timeline's filters beyond search and events (payload type, time, decoded type) and its
 * exclusion rules, with the row menu's "Hide frames like this". "Last N minutes" is resolved
 * against the clock when it is set (and when the timeline opens), not on every render.
 */
export function useFilterExtras(connectionId: string, initial: FilterExtras | undefined) {
  const [state, setState] = useState(() => ({ more: initial ?? {}, resolvedAt: Date.now() }))
  const [announcement, setAnnouncement] = useState<string | null>(null)
  const [menu, setMenu] = useState<RowMenuAnchor | null>(null)
  const { more, resolvedAt } = state

  const setMore = useCallback((next: FilterExtras) => setState({ more: next, resolvedAt: Date.now() }), [])
  const engineFilter: Partial<FrameFilter> = useMemo(() => extrasFilter(more, resolvedAt), [more, resolvedAt])

  const hideLike = useCallback(
    (seq: number) => {
      void fetchLikeRule(connectionId, seq).then((answer) => {
        if (!answer) {
          setAnnouncement('That frame is no longer in the timeline.')
          return
        }
        setState((current) => {
          const rules = current.more.exclude ?? []
          if (rules.some((rule) => sameRule(rule, answer.rule))) return current
          return { more: { ...current.more, exclude: [...rules, answer.rule] }, resolvedAt: current.resolvedAt }
        })
        setAnnouncement(hidingSentence(answer.rule, answer.codecLabel))
      })
    },
    [connectionId],
  )

  const removeRule = useCallback((index: number) => {
    setState((current) => {
      const rules = (current.more.exclude ?? []).filter((_, i) => i !== index)
      const { exclude: _old, ...rest } = current.more
      return { more: rules.length > 0 ? { ...rest, exclude: rules } : rest, resolvedAt: current.resolvedAt }
    })
    setAnnouncement(null)
  }, [])

  const openMenu = useCallback((row: RowSummary, x: number, y: number) => setMenu({ seq: row.seq, x, y }), [])
  const closeMenu = useCallback(() => setMenu(null), [])

  return { more, setMore, engineFilter, active: hasExtras(more), hideLike, removeRule, announcement, menu, openMenu, closeMenu }
}
