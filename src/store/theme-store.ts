import { create } from 'zustand'
import { loadThemeChoice, saveThemeChoice, type ThemeChoice } from './persistence/ui-preferences.ts'

export type { ThemeChoice }
export type Theme = 'light' | 'dark'

type ThemeState = {
  choice: ThemeChoice
  /** What the system asks for now; followed while `choice` is "system". */
  system: Theme
}

const DARK_QUERY = '(prefers-color-scheme: dark)'

function systemTheme(): Theme {
  // No matchMedia (jsdom, old engines): dark, the theme Frameline always had.
  const query = typeof globalThis.matchMedia === 'function' ? globalThis.matchMedia(DARK_QUERY) : null
  return query === null || query.matches ? 'dark' : 'light'
}

export const useThemeStore = create<ThemeState>(() => ({ choice: loadThemeChoice(), system: systemTheme() }))

export function resolveTheme(state: ThemeState): Theme {
  return state.choice === 'system' ? state.system : state.choice
}

export function useResolvedTheme(): Theme {
  return useThemeStore(resolveTheme)
}

/**
 * The CSS (src/styles/base.css) follows the system by itself; `data-theme` on <html> is set only
 * for an explicit choice, so the first paint needs no script.
 */
function applyToDocument(choice: ThemeChoice): void {
  const root = globalThis.document?.documentElement
  if (!root) return
  if (choice === 'system') delete root.dataset.theme
  else root.dataset.theme = choice
}

export function setThemeChoice(choice: ThemeChoice): void {
  useThemeStore.setState({ choice })
  saveThemeChoice(choice)
  applyToDocument(choice)
}

/** Applies the remembered choice and follows system changes; returns a function that stops it. */
export function startTheme(): () => void {
  applyToDocument(useThemeStore.getState().choice)
  if (typeof globalThis.matchMedia !== 'function') return () => {}
  const query = globalThis.matchMedia(DARK_QUERY)
  const onChange = () => useThemeStore.setState({ system: query.matches ? 'dark' : 'light' })
  onChange() // It may have changed since the store was created.
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}
