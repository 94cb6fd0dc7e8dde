import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src/app.tsx'
import { ThemeToggle } from '../../src/components/theme-toggle.tsx'
import { loadThemeChoice, saveThemeChoice, THEME_KEY } from '../../src/store/persistence/ui-preferences.ts'
import { resolveTheme, useThemeStore } from '../../src/store/theme-store.ts'

type Listener = () => void

/** A controllable prefers-color-scheme, as jsdom has no matchMedia. */
function fakeSystemScheme(initial: 'light' | 'dark') {
  let dark = initial === 'dark'
  const listeners = new Set<Listener>()
  vi.stubGlobal('matchMedia', (query: string) => ({
    media: query,
    get matches() {
      return dark
    },
    addEventListener: (_type: string, listener: Listener) => listeners.add(listener),
    removeEventListener: (_type: string, listener: Listener) => listeners.delete(listener),
  }))
  return {
    set(scheme: 'light' | 'dark') {
      dark = scheme === 'dark'
      for (const listener of listeners) listener()
    },
    listeners,
  }
}

const themeSelect = () => screen.getByRole('combobox', { name: 'Theme' })
const resolved = () => resolveTheme(useThemeStore.getState())

beforeEach(() => {
  useThemeStore.setState({ choice: 'system', system: 'dark' })
})

afterEach(() => {
  vi.unstubAllGlobals()
  delete document.documentElement.dataset.theme
})

describe('theme', () => {
  it('follows the system by default, with nothing stored and no data-theme', () => {
    const system = fakeSystemScheme('light')
    render(<ThemeToggle />)
    expect(themeSelect()).toHaveDisplayValue('System')
    expect(themeSelect()).toHaveAttribute('title', 'Following the system: light')
    expect(resolved()).toBe('light')
    act(() => system.set('dark'))
    expect(themeSelect()).toHaveAttribute('title', 'Following the system: dark')
    expect(resolved()).toBe('dark')
    expect(document.documentElement).not.toHaveAttribute('data-theme')
    expect(localStorage.getItem(THEME_KEY)).toBeNull()
  })

  it('remembers an explicit choice, applies it to the page, and goes back to the system', async () => {
    fakeSystemScheme('dark')
    const user = userEvent.setup()
    const { unmount } = render(<ThemeToggle />)
    await user.selectOptions(themeSelect(), 'Light')
    expect(document.documentElement).toHaveAttribute('data-theme', 'light')
    expect(resolved()).toBe('light')
    expect(localStorage.getItem(THEME_KEY)).toBe('light')

    // A reload: the store starts from what was stored.
    unmount()
    delete document.documentElement.dataset.theme
    useThemeStore.setState({ choice: loadThemeChoice(), system: 'dark' })
    render(<ThemeToggle />)
    expect(themeSelect()).toHaveDisplayValue('Light')
    expect(document.documentElement).toHaveAttribute('data-theme', 'light')

    await user.selectOptions(themeSelect(), 'System')
    expect(document.documentElement).not.toHaveAttribute('data-theme')
    expect(localStorage.getItem(THEME_KEY)).toBeNull()
  })

  it('stops listening to the system when the toggle goes away', () => {
    const system = fakeSystemScheme('dark')
    const { unmount } = render(<ThemeToggle />)
    expect(system.listeners.size).toBe(1)
    unmount()
    expect(system.listeners.size).toBe(0)
  })

  it('ignores a stored value it does not know, and storage that throws', () => {
    localStorage.setItem(THEME_KEY, 'sepia')
    expect(loadThemeChoice()).toBe('system')
    const broken = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError')
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
      removeItem: () => {},
    }
    expect(loadThemeChoice(broken)).toBe('system')
    expect(() => saveThemeChoice('dark', broken)).not.toThrow()
  })

  it('puts the toggle in the app header, under the one h1', () => {
    render(<App />)
    const headings = screen.getAllByRole('heading', { level: 1 })
    expect(headings.map((h) => h.textContent)).toEqual(['Frameline'])
    expect(screen.getByRole('banner')).toContainElement(themeSelect())
  })
})
