import { useCallback, useSyncExternalStore } from 'react'

// Finer than a second so the count never lags a whole second behind.
const TICK_MS = 250

/**
 * Whole seconds until `at` (rounded up: a countdown) or since `at` (rounded down: a stopwatch),
 * re-read on a timer only while `at` is set. A number snapshot: React re-renders only when the
 * shown second changes.
 */
export function useSecondsFrom(at: number | null, mode: 'until' | 'since'): number | null {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (at === null) return () => {}
      const timer = setInterval(onChange, TICK_MS)
      return () => clearInterval(timer)
    },
    [at],
  )
  const read = () => {
    if (at === null) return null
    return mode === 'until' ? Math.max(0, Math.ceil((at - Date.now()) / 1000)) : Math.max(0, Math.floor((Date.now() - at) / 1000))
  }
  return useSyncExternalStore(subscribe, read, read)
}
