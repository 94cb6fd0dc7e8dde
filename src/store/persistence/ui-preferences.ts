/**
 * Small per-browser UI preferences (today: the theme), in localStorage rather than the workspace
 * record: they belong to this browser, not to a workspace, are not exported, and must be readable
 * synchronously at start so the first render already has them. Storage may be missing or throw
 * (blocked cookies, private modes): then the preference is simply not remembered.
 */

export type ThemeChoice = 'system' | 'light' | 'dark'

export const THEME_KEY = 'frameline.ui.theme'

type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function storage(): PreferenceStorage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null // Reading `localStorage` itself throws SecurityError where storage is blocked.
  }
}

export function loadThemeChoice(from: PreferenceStorage | null = storage()): ThemeChoice {
  try {
    const stored = from?.getItem(THEME_KEY)
    return stored === 'light' || stored === 'dark' ? stored : 'system'
  } catch {
    return 'system'
  }
}

export function saveThemeChoice(choice: ThemeChoice, to: PreferenceStorage | null = storage()): void {
  try {
    // "system" is the default: nothing stored, so a later change of default reaches this user too.
    if (choice === 'system') to?.removeItem(THEME_KEY)
    else to?.setItem(THEME_KEY, choice)
  } catch {
    // Quota or blocked storage: the choice holds for this page and is not remembered.
  }
}

export const KEEP_TIMELINES_KEY = 'frameline.ui.keepTimelines'

/** "Keep timelines across reloads": off unless the user turned it on in this browser. */
export function loadKeepTimelines(from: PreferenceStorage | null = storage()): boolean {
  try {
    return from?.getItem(KEEP_TIMELINES_KEY) === 'on'
  } catch {
    return false
  }
}

export function saveKeepTimelines(on: boolean, to: PreferenceStorage | null = storage()): void {
  try {
    if (on) to?.setItem(KEEP_TIMELINES_KEY, 'on')
    else to?.removeItem(KEEP_TIMELINES_KEY)
  } catch {
    // Blocked storage: the choice holds for this page only.
  }
}
