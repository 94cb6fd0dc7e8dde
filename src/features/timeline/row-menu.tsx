import { useEffect, useRef } from 'react'

export type RowMenuAnchor = { seq: number; x: number; y: number }

type RowMenuProps = {
  anchor: RowMenuAnchor
  onHideLike: (seq: number) => void
  onClose: () => void
}

/**
 * A row's context menu (right click, the Menu key or Shift+F10 on the frame list). Focus moves
 * into it and Escape or a click elsewhere gives it back to the list.
 */
export function RowMenu({ anchor, onHideLike, onClose }: RowMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const menu = menuRef.current
    // Where focus was (the frame list): it goes back there when the menu closes.
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    menu?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !menu?.contains(event.target)) onClose()
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown)
      if (previous?.isConnected) previous.focus()
    }
  }, [onClose])

  return (
    <div
      ref={menuRef}
      className="tl-row-menu"
      role="menu"
      aria-label="Frame actions"
      style={{ left: anchor.x, top: anchor.y }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' || event.key === 'Tab') {
          event.preventDefault()
          onClose()
        }
      }}
    >
      <button
        type="button"
        role="menuitem"
        onClick={() => {
          onHideLike(anchor.seq)
          onClose()
        }}
      >
        Hide frames like this
      </button>
    </div>
  )
}
