import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react'


type BoundaryProps = {
  children: ReactNode
  what: string
  onClose?: () => void
  /** The id a control's aria-controls names: carried by the placeholder until the part is in. */
  id?: string
}
type BoundaryState = { error: Error | null }

/**
 * Shows a part loaded on demand; until its chunk is in, a short status line; if the chunk cannot
 * load (an offline page whose files changed on the server, a host that lost them), says so in
 * place instead of taking the app down with it.
 */
export class LazyPart extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null }

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(`Frameline could not load ${this.props.what}`, error, info.componentStack)
  }

  override render(): ReactNode {
    if (this.state.error) {
      return (
        <div className="lazy-part-error" role="alert" id={this.props.id}>
          <p>
            {`Could not load ${this.props.what}: ${this.state.error.message}. Reload the page to try again; nothing you saved was changed.`}
          </p>
          {this.props.onClose && (
            <button type="button" onClick={this.props.onClose}>
              Close
            </button>
          )}
        </div>
      )
    }
    return (
      <Suspense
        fallback={
          <p className="lazy-part-loading" role="status" id={this.props.id}>
            {`Loading ${this.props.what}…`}
          </p>
        }
      >
        {this.props.children}
      </Suspense>
    )
  }
}
