import { Component, lazy, Suspense, useState, type ReactNode } from 'react'
import { Modal } from '../../components/modal.tsx'
import { describeError } from '../../lib/describe-error.ts'
import type { DiffView } from './frame-diff-text.ts'
import './frame-diff.css'

// Monaco is megabytes: its diff editor arrives only when a diff is opened (the composer's editor
// chunk, if it is already loaded, is shared).
const FrameDiffEditor = lazy(() => import('../../editor/frame-diff-editor.tsx'))

type State = { error: Error | null }

/** A failed chunk load (offline before it was cached, a deploy in between) shows both texts instead of a blank dialog. */
class DiffBoundary extends Component<{ children: ReactNode; fallback: (error: Error) => ReactNode }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error): void {
    console.warn('Frameline: the diff editor failed to load; showing both frames as text.', error)
  }

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children
  }
}

export type FrameDiffDialogProps = {
  /** Both sides already as text (frame-diff-text.ts): this chunk imports no formatting of its own. */
  base: DiffView
  compared: DiffView
  onClose: () => void
}

/** Two frames side by side (or inline) in Monaco's diff editor. Escape closes (the Modal's). */
export default function FrameDiffDialog({ base, compared, onClose }: FrameDiffDialogProps) {
  const [sideBySide, setSideBySide] = useState(true)
  const left = base
  const right = compared
  const baseTitle = base.title
  const comparedTitle = compared.title
  // Both sides in one language, so a JSON frame against a text one is not coloured half as JSON.
  const language = left.language === 'json' && right.language === 'json' ? 'json' : 'plaintext'
  const same = left.text === right.text

  return (
    <Modal title="Compare frames" onClose={onClose} className="fd-modal">
      <dl className="fd-sides">
        <div>
          <dt>Base</dt>
          <dd data-testid="diff-base-title">{baseTitle}</dd>
          {left.note && <dd className="tl-detail-note">{left.note}</dd>}
        </div>
        <div>
          <dt>Compared</dt>
          <dd data-testid="diff-compared-title">{comparedTitle}</dd>
          {right.note && <dd className="tl-detail-note">{right.note}</dd>}
        </div>
      </dl>
      <div className="fd-controls">
        <div className="tl-segmented" role="group" aria-label="Diff layout">
          <button type="button" aria-pressed={sideBySide} onClick={() => setSideBySide(true)}>
            Side by side
          </button>
          <button type="button" aria-pressed={!sideBySide} onClick={() => setSideBySide(false)}>
            Inline
          </button>
        </div>
        {same && (
          <span role="status" className="fd-same">
            The two frames are identical{language === 'json' ? ' (after pretty-printing)' : ''}.
          </span>
        )}
        <span className="tl-detail-spacer" />
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
      <div className="fd-editor" data-testid="frame-diff">
        <DiffBoundary
          fallback={(error) => (
            <div className="fd-fallback">
              <p className="field-error" role="alert">
                The diff editor could not be loaded ({describeError(error)}). Both frames are shown as text instead.
              </p>
              <div className="fd-fallback-panes">
                <pre className="tl-detail-body" tabIndex={0} aria-label={`Base: ${baseTitle}`}>
                  {left.text}
                </pre>
                <pre className="tl-detail-body" tabIndex={0} aria-label={`Compared: ${comparedTitle}`}>
                  {right.text}
                </pre>
              </div>
            </div>
          )}
        >
          <Suspense fallback={<div role="status">Loading the diff editor…</div>}>
            <FrameDiffEditor
              original={left.text}
              modified={right.text}
              language={language}
              sideBySide={sideBySide}
              originalLabel={baseTitle}
              modifiedLabel={comparedTitle}
            />
          </Suspense>
        </DiffBoundary>
      </div>
    </Modal>
  )
}
