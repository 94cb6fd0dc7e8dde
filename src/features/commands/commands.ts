import { togglePane } from '../../store/layout-store.ts'
import { setThemeChoice, useThemeStore } from '../../store/theme-store.ts'
import { selectConnections } from '../../store/workspace-selectors.ts'
import { selectConnectionById } from '../../store/workspace-actions.ts'
import { useWorkspaceStore } from '../../store/workspace-store.ts'

/**
 * Every action the palette (Ctrl/Cmd+K) lists and the shortcut sheet (?) shows. Most act through
 * the very control a mouse user would press, found by its role and name: the command then runs
 * the same checks and flows (Connect's URL rewrite, Clear's confirmation, Export's dialog), stays
 * correct when those controls change, and is unavailable exactly when the control is.
 */
export type Command = {
  id: string
  label: string
  /** As shown, e.g. "Ctrl+K"; absent when the command has no shortcut. */
  keys?: string
  /** Whether the shortcut fires for this event (key handling is here, beside the label). */
  matches?: (event: KeyboardEvent) => boolean
  /** Null when it can run now, otherwise why not (shown in the palette). */
  unavailable: () => string | null
  run: () => void
}

export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '')
}

const primary = (event: KeyboardEvent) => (isMac() ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey)
const mod = () => (isMac() ? '⌘' : 'Ctrl+')
// Alt+Shift+letter: free in every major browser (Ctrl+N, Ctrl+T and Ctrl+Shift+N are not), and
// matched by physical key because Option changes the character on macOS.
const altShift = (code: string) => (event: KeyboardEvent) =>
  event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === code

type Find = () => HTMLElement | null

function byText(root: ParentNode | null, selector: string, text: RegExp): HTMLElement | null {
  if (!root) return null
  return [...root.querySelectorAll<HTMLElement>(selector)].find((element) => text.test(element.textContent?.trim() ?? '')) ?? null
}

const region = (name: string) => document.querySelector<HTMLElement>(`[aria-label="${name}"]`)
const sidebar = () => region('Saved connections')

function control(find: Find, what: string): Pick<Command, 'unavailable' | 'run'> {
  return {
    unavailable: () => {
      const element = find()
      if (!element) return `No ${what} on this screen`
      if ((element as HTMLButtonElement).disabled) return element.title || `${what} is not available now`
      return null
    },
    run: () => {
      const element = find()
      if (!element || (element as HTMLButtonElement).disabled) return
      if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) element.focus()
      else element.click()
    },
  }
}

function stepConnection(step: 1 | -1): Pick<Command, 'unavailable' | 'run'> {
  const list = () => selectConnections(useWorkspaceStore.getState())
  return {
    unavailable: () => (list().length < 2 ? 'There is no other connection' : null),
    run: () => {
      const connections = list()
      if (connections.length === 0) return
      const current = connections.findIndex((c) => c.id === useWorkspaceStore.getState().selectedConnectionId)
      const next = connections[(current + step + connections.length) % connections.length]
      if (next) selectConnectionById(next.id)
    },
  }
}

const THEME_ORDER = ['system', 'light', 'dark'] as const

export function buildCommands(open: { palette: () => void; shortcuts: () => void }): Command[] {
  return [
    {
      id: 'palette',
      label: 'Show all commands',
      keys: `${mod()}K`,
      matches: (event) => primary(event) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'k',
      unavailable: () => null,
      run: open.palette,
    },
    {
      id: 'shortcuts',
      label: 'Show keyboard shortcuts',
      keys: '?',
      matches: (event) => event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey,
      unavailable: () => null,
      run: open.shortcuts,
    },
    {
      id: 'send',
      label: 'Send the message',
      keys: `${mod()}Enter`,
      // Handled by the composer (anywhere in the connection's view); listed here to be found.
      ...control(() => byText(region('Composer'), 'button', /^Send$/), 'Send button'),
    },
    {
      id: 'connect',
      label: 'Connect or disconnect',
      keys: `${mod()}Shift+Enter`,
      matches: (event) => primary(event) && event.shiftKey && !event.altKey && event.key === 'Enter',
      ...control(() => byText(region('Connection'), 'button', /^(Connect|Disconnect)$/), 'Connect button'),
    },
    {
      id: 'add',
      label: 'New connection',
      keys: 'Alt+Shift+N',
      matches: altShift('KeyN'),
      ...control(() => sidebar()?.querySelector<HTMLElement>('button[aria-label="Add connection"]') ?? null, 'Add button'),
    },
    { id: 'next', label: 'Next connection', keys: 'Alt+Shift+↓', matches: altShift('ArrowDown'), ...stepConnection(1) },
    { id: 'previous', label: 'Previous connection', keys: 'Alt+Shift+↑', matches: altShift('ArrowUp'), ...stepConnection(-1) },
    {
      id: 'search',
      label: 'Search the timeline',
      keys: '/',
      matches: (event) => event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey,
      ...control(() => region('Timeline')?.querySelector<HTMLElement>('input[type="search"], input[aria-label^="Search"]') ?? null, 'timeline search'),
    },
    {
      id: 'clear',
      label: 'Clear the timeline',
      keys: 'Alt+Shift+L',
      matches: altShift('KeyL'),
      ...control(() => byText(region('Timeline'), 'button', /^Clear$/), 'Clear button'),
    },
    {
      id: 'export',
      label: 'Export the workspace',
      keys: 'Alt+Shift+E',
      matches: altShift('KeyE'),
      ...control(() => byText(sidebar(), 'button', /^Export workspace$/), 'Export button'),
    },
    {
      id: 'export-connection',
      label: 'Export the selected connection',
      ...control(() => byText(sidebar(), 'button', /^Export connection$/), 'Export connection button'),
    },
    {
      id: 'share',
      label: 'Share the selected connection as a link',
      ...control(() => byText(sidebar(), 'button', /^Share link$/), 'Share link button'),
    },
    {
      id: 'import',
      label: 'Import a workspace file',
      keys: 'Alt+Shift+I',
      matches: altShift('KeyI'),
      ...control(() => byText(sidebar(), 'button', /^Import workspace$/), 'Import button'),
    },
    {
      id: 'variables',
      label: 'Edit variables and environments',
      ...control(() => byText(region('Variables and environments'), 'button', /^Variables$/), 'Variables button'),
    },
    {
      id: 'environment',
      label: 'Choose the active environment',
      ...control(() => region('Variables and environments')?.querySelector<HTMLElement>('select') ?? null, 'environment switcher'),
    },
    {
      id: 'scenarios',
      label: 'Open scenarios (build and run tests of a connection)',
      ...control(() => byText(sidebar(), 'button', /^Scenarios/), 'Scenarios button'),
    },
    {
      id: 'merged-timeline',
      label: 'Open the merged timeline (several connections interleaved by time)',
      ...control(() => byText(sidebar(), 'button', /^Merged view$/), 'Merged view button'),
    },
    {
      id: 'theme',
      label: 'Switch theme (system, light, dark)',
      unavailable: () => null,
      run: () => {
        const at = THEME_ORDER.indexOf(useThemeStore.getState().choice)
        setThemeChoice(THEME_ORDER[(at + 1) % THEME_ORDER.length] ?? 'system')
      },
    },
    { id: 'toggle-sidebar', label: 'Show or hide the sidebar', unavailable: () => null, run: () => togglePane('sidebar') },
    {
      id: 'toggle-composer',
      label: 'Show or hide the composer',
      unavailable: () => (region('Composer') ? null : 'No composer on this screen'),
      run: () => togglePane('composer'),
    },
    {
      id: 'toggle-detail',
      label: 'Show or hide the frame detail',
      unavailable: () => (region('Timeline') ? null : 'No timeline on this screen'),
      run: () => togglePane('detail'),
    },
    {
      id: 'tab-mode',
      label: 'Switch what Tab does in the editor',
      keys: isMac() ? 'Ctrl+Shift+M (in the editor)' : 'Ctrl+M (in the editor)',
      ...control(() => region('Composer')?.querySelector<HTMLElement>('.composer-tab-mode') ?? null, 'editor'),
    },
  ]
}

/** Typing in a field, Monaco included: single-key shortcuts (? and /) must not fire there. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return target.closest('input, textarea, select, .monaco-editor') !== null
}
