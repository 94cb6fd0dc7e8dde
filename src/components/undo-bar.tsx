import { useEffect } from 'react'

export const UNDO_TIMEOUT_MS = 8000

type UndoBarProps = {
  message: string
  onUndo: () => void
  onDismiss: () => void
}

/** A short-lived notice with an Undo button; it dismisses itself after UNDO_TIMEOUT_MS. */
export function UndoBar({ message, onUndo, onDismiss }: UndoBarProps) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, UNDO_TIMEOUT_MS)
    return () => clearTimeout(timer)
  }, [message, onDismiss])

  return (
    <div className="undo-bar" role="status">
      <span className="undo-bar-message">{message}</span>
      <button type="button" onClick={onUndo}>
        Undo
      </button>
      <button type="button" className="undo-bar-dismiss" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  )
}
