import { useId, useLayoutEffect } from 'react'
import { setThemeChoice, startTheme, useThemeStore, type ThemeChoice } from '../store/theme-store.ts'

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

/** Light, dark or the system's theme; the choice is remembered in this browser. */
export function ThemeToggle() {
  const id = useId()
  const choice = useThemeStore((state) => state.choice)
  const system = useThemeStore((state) => state.system)
  // Before paint, so a remembered choice that differs from the system never flashes.
  useLayoutEffect(() => startTheme(), [])

  return (
    <div className="theme-toggle">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        value={choice}
        title={choice === 'system' ? `Following the system: ${system}` : undefined}
        onChange={(event) => setThemeChoice(event.target.value as ThemeChoice)}
      >
        {CHOICES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}
