import { useEffect, useMemo, useState } from 'react'
import { flushSync } from 'react-dom'
import { LazyPart } from '../../components/lazy-part.tsx'
import { lazyNamed } from '../../components/lazy-named.ts'
import { buildCommands, isTyping, type Command } from './commands.ts'
import './commands.css'

type Open = 'none' | 'palette' | 'shortcuts'

// The shortcuts work from the start; the palette and the sheet load when first opened.
const CommandPalette = lazyNamed(() => import('./command-dialogs.tsx'), 'CommandPalette')
const ShortcutSheet = lazyNamed(() => import('./command-dialogs.tsx'), 'ShortcutSheet')


/**
 * Global shortcuts, the command palette (Ctrl/Cmd+K) and the shortcut sheet (?). Mounted once by
 * the app; holds no data of its own.
 */
export function CommandCenter() {
  const [open, setOpen] = useState<Open>('none')
  const commands = useMemo(
    () =>
      buildCommands({
        palette: () => setOpen((was) => (was === 'palette' ? 'none' : 'palette')),
        shortcuts: () => setOpen('shortcuts'),
      }),
    [],
  )

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const command = commands.find((c) => c.matches?.(event))
      if (!command) return
      if ((command.id === 'shortcuts' || command.id === 'search') && isTyping(event.target)) return
      // Inside Monaco, Alt+Shift+arrows copy lines and Ctrl+Shift+Enter inserts one: the editor's.
      if (command.id !== 'palette' && event.target instanceof Element && event.target.closest('.monaco-editor')) return
      // An open dialog owns the keyboard; only the palette key still toggles the palette.
      const inDialog = document.querySelector('[role="dialog"]') !== null
      if (inDialog && !(command.id === 'palette' && open === 'palette')) return
      event.preventDefault()
      event.stopPropagation()
      if (command.unavailable() === null) command.run()
    }
    // Capture: Monaco takes Ctrl+K as the start of its own chords before the event bubbles.
    document.addEventListener('keydown', onKeyDown, true)
    return () => document.removeEventListener('keydown', onKeyDown, true)
  }, [commands, open])

  const close = () => setOpen('none')
  // Said on screen, so the palette and the sheet can be found without knowing they exist.
  const hint = (
    <p className="command-hint">
      <button type="button" className="link-button" onClick={() => setOpen('palette')}>
        {`Commands (${commands[0]?.keys ?? ''})`}
      </button>
      <button type="button" className="link-button" onClick={() => setOpen('shortcuts')}>
        Shortcuts (?)
      </button>
    </p>
  )
  const run = (command: Command) => {
    // Closed first, so the dialog hands focus back before the command moves it (search).
    flushSync(close)
    command.run()
  }
  return (
    <>
      {hint}
      {open === 'palette' && (
        <LazyPart what="the command palette" onClose={close}>
          <CommandPalette commands={commands} onClose={close} onRun={run} />
        </LazyPart>
      )}
      {open === 'shortcuts' && (
        <LazyPart what="the shortcut sheet" onClose={close}>
          <ShortcutSheet commands={commands} onClose={close} />
        </LazyPart>
      )}
    </>
  )
}
