import { useEffect, useId, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import './modal.css'

type ModalProps = {
  title: string
  onClose: () => void
  children: ReactNode
  /** Extra class on the panel, e.g. a wider dialog. */
  className?: string
}

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), textarea:not(:disabled), select:not(:disabled), [href], [tabindex]:not([tabindex="-1"])'

/**
 * An accessible modal: role="dialog" with aria-modal, labelled by its title, Escape closes, Tab
 * stays inside, focus returns to where it was. Not <dialog>.showModal(): jsdom does not implement
 * it, and the tests must exercise the same markup users get.
 */
export function Modal({ title, onClose, children, className }: ModalProps) {
  const titleId = useId()
  const panelRef = useRef<HTMLDivElement>(null)
  const backdropRef = useRef<HTMLDivElement>(null)
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  }, [onClose])

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    // aria-modal alone leaves the page behind reachable by a screen reader's virtual cursor and by
    // clicks; `inert` removes it from focus, pointer and the accessibility tree, and aria-hidden
    // does the last for engines without `inert`. Only what this dialog changed is given back.
    const covered = [...document.body.children].filter(
      (element) => element !== backdropRef.current && !element.hasAttribute('inert') && element.tagName !== 'SCRIPT',
    )
    const hiddenByUs = covered.filter((element) => !element.hasAttribute('aria-hidden'))
    for (const element of covered) element.setAttribute('inert', '')
    for (const element of hiddenByUs) element.setAttribute('aria-hidden', 'true')
    const panel = panelRef.current
    // A disabled autofocus target (a button waiting for its content) cannot take focus; then the
    // first control, else the panel itself: focus must be inside, or Escape and Tab would not reach it.
    const first =
      panel?.querySelector<HTMLElement>('[data-autofocus]:not(:disabled)') ?? panel?.querySelector<HTMLElement>(FOCUSABLE) ?? panel
    first?.focus()
    return () => {
      // First, or the element focus returns to would still be inert.
      for (const element of covered) element.removeAttribute('inert')
      for (const element of hiddenByUs) element.removeAttribute('aria-hidden')
      previous?.focus()
    }
  }, [])

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onCloseRef.current()
      return
    }
    if (event.key !== 'Tab' || !panelRef.current) return
    const focusable = [...panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (!first || !last) return
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return createPortal(
    <div ref={backdropRef} className="wio-backdrop">
      <div
        ref={panelRef}
        className={className ? `wio-modal ${className}` : 'wio-modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        // Focusable by script and by a click on its text, never by Tab: keeps focus in the dialog.
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="wio-modal-title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  )
}
